import { type Tx, writeTransaction } from "@/db/client";
import { insertAuditEvent } from "@/db/queries/audit";
import { deleteSessionsOf, insertSession } from "@/db/queries/sessions";
import {
  countActiveWithRoles,
  countKeysOwnedTx,
  countUsers as countUserRows,
  countUsersTx,
  deleteUserTx,
  findClashes,
  findWithPasswordHash,
  getUserById,
  getUserTx,
  insertUserTx,
  listUsers as listUserRows,
  passwordHashOf,
  searchActiveUsers as searchActiveUserRows,
  updateUserTx,
} from "@/db/queries/users";
import type { ListParams } from "@/lib/list-params";
import type { AuditContext } from "@/lib/model/audit";
import { type Actor, authorize, type Role, roleMay, rolesWith } from "@/lib/model/authz";
import { DomainError, notFound } from "@/lib/model/errors";
import type { CredentialCheck, User, UserFilters, UserSort } from "@/lib/model/users";
import { burnPasswordCheck, hashPassword, verifyPassword } from "@/lib/password";
import type { CreateUserInput, SetupInput, UpdateUserInput } from "@/lib/validation/users";

/*
 * Every operation on users, and the one home of their rules: who may act (the permission table),
 * uniqueness of username and e-mail, the last active administrator, passwords (bcrypt, outside the
 * transaction), the audit event and the sessions a change ends, all in one write transaction.
 * The self checks ("not yourself") compare with the audit context's actor, as they always have.
 */

/** Who administers users: the roles the last-admin rule keeps one of. */
const ADMINISTERS = "users:write";

// ——— reads ———

/** The number of users: 0 means first run. Before any sign-in by nature. */
export async function countUsers(): Promise<number> {
  return countUserRows();
}

/** One user: oneself for anyone signed in, anyone for those who may read users. */
export async function getUser(actor: Actor, id: number): Promise<User> {
  authorize(actor, actor.id === id ? "account:write" : "users:read");
  const user = await getUserById(id);
  if (!user) throw notFound("The user");
  return user;
}

export async function listUsers(actor: Actor, params: ListParams<UserSort, UserFilters>) {
  authorize(actor, "users:read");
  return listUserRows(params);
}

/** The owner picker's search: active users matching `q`, few at a time, for those who assign keys. */
export async function searchActiveUsers(actor: Actor, q: string, limit = 20) {
  authorize(actor, "keys:write");
  return searchActiveUserRows(q, limit);
}

// ——— writes, decided per actor ———

export async function createUser(actor: Actor, input: CreateUserInput, ctx: AuditContext): Promise<User> {
  authorize(actor, "users:write");
  const passwordHash = await hashPassword(input.password);
  return writeTransaction((tx) => insertUser(tx, input, passwordHash, ctx));
}

export async function updateUser(actor: Actor, input: UpdateUserInput, ctx: AuditContext): Promise<User> {
  authorize(actor, "users:write");
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  return writeTransaction((tx) => {
    const before = loadForUpdate(tx, input.id);
    assertUnique(tx, input, input.id);
    if (!roleMay(input.role, ADMINISTERS)) assertNotLastAdmin(tx, before, "demoted");
    const changed = (["username", "fullName", "email", "role"] as const).filter((f) => before[f] !== input[f]);
    const user = updated(
      updateUserTx(tx, input.id, {
        username: input.username,
        fullName: input.fullName,
        email: input.email,
        role: input.role,
        ...(passwordHash ? { passwordHash } : {}),
        updatedAt: new Date(),
      }),
    );
    // A password set by an administrator ends the user's existing sessions.
    if (passwordHash) deleteSessionsOf(tx, user.id);
    insertAuditEvent(tx, ctx, {
      event: "user.update",
      targetType: "user",
      targetId: user.id,
      targetLabel: user.username,
      details: {
        changed: passwordHash ? [...changed, "password"] : changed,
        ...Object.fromEntries(changed.map((f) => [f, { from: before[f], to: user[f] }])),
      },
    });
    return user;
  });
}

export async function setUserStatus(
  actor: Actor,
  id: number,
  status: "active" | "inactive",
  ctx: AuditContext,
): Promise<User> {
  authorize(actor, "users:write");
  return writeTransaction((tx) => {
    const before = loadForUpdate(tx, id);
    if (before.status === status) return before;
    if (status === "inactive") {
      if (ctx.actorId === id) throw new DomainError("conflict", "You cannot deactivate your own account.");
      assertNotLastAdmin(tx, before, "deactivated");
    }
    const user = updated(updateUserTx(tx, id, { status, updatedAt: new Date() }));
    // Deactivation ends every session for good: reactivating does not bring old sessions back.
    if (status === "inactive") deleteSessionsOf(tx, id);
    insertAuditEvent(tx, ctx, {
      event: status === "active" ? "user.activate" : "user.deactivate",
      targetType: "user",
      targetId: id,
      targetLabel: user.username,
    });
    return user;
  });
}

/** Deletes the user and, through the foreign key, every key they own (and their sessions). Returns how many keys went. */
export async function deleteUser(
  actor: Actor,
  id: number,
  ctx: AuditContext,
): Promise<{ username: string; keysDeleted: number }> {
  authorize(actor, "users:write");
  return writeTransaction((tx) => {
    const before = loadForUpdate(tx, id);
    if (ctx.actorId === id) throw new DomainError("conflict", "You cannot delete your own account.");
    assertNotLastAdmin(tx, before, "deleted");
    const keysDeleted = countKeysOwnedTx(tx, id);
    deleteUserTx(tx, id);
    insertAuditEvent(tx, ctx, {
      event: "user.delete",
      targetType: "user",
      targetId: id,
      targetLabel: before.username,
      details: { keysDeleted },
    });
    return { username: before.username, keysDeleted };
  });
}

/** Changes the actor's own password and ends every other session of theirs (`keepSession`: the one to keep). */
export async function changeOwnPassword(
  actor: Actor,
  currentPassword: string,
  newPassword: string,
  ctx: AuditContext,
  keepSession?: string,
): Promise<void> {
  const userId = authorize(actor, "account:write").id;
  const currentHash = await passwordHashOf(userId);
  if (currentHash === undefined) throw notFound("The user");
  if (!(await verifyPassword(currentPassword, currentHash))) {
    throw new DomainError("invalid", "The current password is not correct.", {
      currentPassword: ["The current password is not correct."],
    });
  }
  const passwordHash = await hashPassword(newPassword);
  writeTransaction((tx) => {
    updateUserTx(tx, userId, { passwordHash, updatedAt: new Date() });
    deleteSessionsOf(tx, userId, keepSession);
    insertAuditEvent(tx, ctx, { event: "user.password_change", targetType: "user", targetId: userId });
  });
}

// ——— before authentication, by nature ———

/** First run: creates the first administrator, only while there is no user at all. */
export async function createFirstAdmin(input: SetupInput, ctx: Omit<AuditContext, "actorId" | "actorUsername">) {
  const passwordHash = await hashPassword(input.password);
  return writeTransaction((tx) => {
    if (countUsersTx(tx) > 0) throw new DomainError("conflict", "Keyward is already set up.");
    return insertUser(tx, { ...input, role: "admin" }, passwordHash, {
      ...ctx,
      actorId: null,
      actorUsername: input.username,
    });
  });
}

/** Checks a username and password; takes bcrypt's time whether or not the user exists. */
export async function checkCredentials(username: string, password: string): Promise<CredentialCheck> {
  const row = await findWithPasswordHash(username);
  if (!row) {
    await burnPasswordCheck(password);
    return { ok: false, reason: "unknown_user" };
  }
  const { passwordHash, ...user } = row;
  if (!(await verifyPassword(password, passwordHash))) return { ok: false, reason: "wrong_password", user };
  if (user.status !== "active") return { ok: false, reason: "inactive", user };
  return { ok: true, user };
}

/** A successful sign-in: recorded, audited and, with `session`, its server-side session started. */
export async function recordSignIn(
  userId: number,
  ctx: AuditContext,
  session?: { idHash: string; expiresAt: Date },
): Promise<void> {
  writeTransaction((tx) => {
    const at = new Date();
    updateUserTx(tx, userId, { lastSignInAt: at });
    if (session) insertSession(tx, session.idHash, userId, session.expiresAt);
    insertAuditEvent(
      tx,
      ctx,
      { event: "auth.sign_in", targetType: "user", targetId: userId, targetLabel: ctx.actorUsername ?? undefined },
      at,
    );
  });
}

// ——— the rules, inside the write transaction ———

/** Friendly refusals for the unique columns, checked inside the write transaction. */
function assertUnique(tx: Tx, input: { username: string; email: string }, exceptId?: number): void {
  const clashes = findClashes(tx, input, exceptId);
  const fieldErrors: Record<string, string[]> = {};
  if (clashes.username) fieldErrors.username = ["This username is already taken."];
  if (clashes.email) fieldErrors.email = ["This email is already used by another user."];
  if (Object.keys(fieldErrors).length) {
    throw new DomainError("conflict", "Another user already has these details.", fieldErrors);
  }
}

/** The last active administrator can be neither deactivated, demoted nor deleted. */
function assertNotLastAdmin(tx: Tx, before: { id: number; role: Role; status: string }, action: string): void {
  const administers = roleMay(before.role, ADMINISTERS);
  if (administers && before.status === "active" && activeAdminsOtherThan(tx, before.id) === 0) {
    throw new DomainError("conflict", `The last active administrator cannot be ${action}.`);
  }
}

function activeAdminsOtherThan(tx: Tx, id: number): number {
  return countActiveWithRoles(tx, rolesWith(ADMINISTERS), id);
}

function loadForUpdate(tx: Tx, id: number): User {
  const user = getUserTx(tx, id);
  if (!user) throw notFound("The user");
  return user;
}

/** The row just updated: loaded in this transaction a moment ago, so it is there. */
function updated(user: User | undefined): User {
  if (!user) throw notFound("The user");
  return user;
}

function insertUser(tx: Tx, input: CreateUserInput, passwordHash: string, ctx: AuditContext): User {
  assertUnique(tx, input);
  const now = new Date();
  const user = insertUserTx(tx, {
    username: input.username,
    fullName: input.fullName,
    email: input.email,
    role: input.role,
    passwordHash,
    createdAt: now,
    updatedAt: now,
  });
  insertAuditEvent(tx, ctx, {
    event: "user.create",
    targetType: "user",
    targetId: user.id,
    targetLabel: user.username,
    details: { role: user.role, email: user.email },
  });
  return user;
}

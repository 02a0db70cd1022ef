import { and, asc, count, desc, eq, inArray, ne, type SQL, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { containsPattern, type ListParams, type ListResult, toListResult } from "@/lib/list-params";
import type { AuditContext } from "@/lib/model/audit";
import { type Role, roleMay, rolesWith } from "@/lib/model/authz";
import { DomainError, notFound } from "@/lib/model/errors";
import { burnPasswordCheck, hashPassword, verifyPassword } from "@/lib/password";
import type { CreateUserInput, SetupInput, UpdateUserInput } from "@/lib/validation/users";
import { getDb, type Tx, writeTransaction } from "../client";
import { accessKeys, users } from "../schema";
import { insertAuditEvent } from "./audit";
import { deleteSessionsOf, insertSession } from "./sessions";

/** What may leave db/ about a user: everything but the password hash. */
const publicColumns = {
  id: users.id,
  username: users.username,
  fullName: users.fullName,
  email: users.email,
  role: users.role,
  status: users.status,
  createdAt: users.createdAt,
  lastSignInAt: users.lastSignInAt,
};

// Qualified by hand: inside a select list Drizzle renders columns unqualified, and a bare "id" would bind to access_keys.
const keyCount = sql<number>`(select count(*) from "access_keys" where "access_keys"."owner_id" = "users"."id")`;

export type User = {
  id: number;
  username: string;
  fullName: string;
  email: string;
  role: Role;
  status: "active" | "inactive";
  createdAt: Date;
  lastSignInAt: Date | null;
};
export type UserListRow = User & { keyCount: number };

export const USER_SORTS = [
  "username",
  "fullName",
  "email",
  "role",
  "status",
  "keys",
  "lastSignInAt",
  "createdAt",
] as const;
export type UserSort = (typeof USER_SORTS)[number];
export type UserFilters = { q?: string; role?: Role; status?: "active" | "inactive" };

const sortColumns: Record<UserSort, SQL | SQLiteColumn> = {
  username: sql`lower(${users.username})`,
  fullName: sql`lower(${users.fullName})`,
  email: sql`lower(${users.email})`,
  role: users.role,
  status: users.status,
  keys: keyCount,
  lastSignInAt: users.lastSignInAt,
  createdAt: users.createdAt,
};

export async function countUsers(): Promise<number> {
  return getDb().select({ n: count() }).from(users).get()?.n ?? 0;
}

export async function getUserById(id: number): Promise<User | undefined> {
  return getDb().select(publicColumns).from(users).where(eq(users.id, id)).get();
}

export async function listUsers(params: ListParams<UserSort, UserFilters>): Promise<ListResult<UserListRow>> {
  const { q, role, status } = params.filters;
  const conditions: SQL[] = [];
  if (q) {
    const pattern = containsPattern(q);
    conditions.push(
      sql`(${users.username} like ${pattern} escape '\\' or ${users.fullName} like ${pattern} escape '\\' or ${users.email} like ${pattern} escape '\\')`,
    );
  }
  if (role) conditions.push(eq(users.role, role));
  if (status) conditions.push(eq(users.status, status));
  const where = conditions.length ? and(...conditions) : undefined;
  const order = params.dir === "asc" ? asc : desc;

  const db = getDb();
  const total = db.select({ n: count() }).from(users).where(where).get()?.n ?? 0;
  const rows = db
    .select({ ...publicColumns, keyCount })
    .from(users)
    .where(where)
    .orderBy(order(sortColumns[params.sort]), asc(users.id))
    .limit(params.pageSize)
    .offset((params.page - 1) * params.pageSize)
    .all();
  return toListResult(rows, total, params);
}

/** Friendly refusals for the unique columns, checked inside the write transaction. */
function assertUnique(tx: Tx, input: { username: string; email: string }, exceptId?: number): void {
  const others = (column: SQL) =>
    tx
      .select({ id: users.id })
      .from(users)
      .where(exceptId ? and(column, ne(users.id, exceptId)) : column)
      .get();
  const fieldErrors: Record<string, string[]> = {};
  if (others(sql`lower(${users.username}) = lower(${input.username})`)) {
    fieldErrors.username = ["This username is already taken."];
  }
  if (others(sql`lower(${users.email}) = lower(${input.email})`)) {
    fieldErrors.email = ["This email is already used by another user."];
  }
  if (Object.keys(fieldErrors).length) {
    throw new DomainError("conflict", "Another user already has these details.", fieldErrors);
  }
}

function activeAdminsOtherThan(tx: Tx, id: number): number {
  return (
    tx
      .select({ n: count() })
      .from(users)
      .where(and(inArray(users.role, [...rolesWith(ADMINISTERS)]), eq(users.status, "active"), ne(users.id, id)))
      .get()?.n ?? 0
  );
}

/** Who administers users: the roles the last-admin rule keeps one of. */
const ADMINISTERS = "users:write";

/** The last active administrator can be neither deactivated, demoted nor deleted. */
function assertNotLastAdmin(tx: Tx, before: { id: number; role: Role; status: string }, action: string): void {
  const administers = roleMay(before.role, ADMINISTERS);
  if (administers && before.status === "active" && activeAdminsOtherThan(tx, before.id) === 0) {
    throw new DomainError("conflict", `The last active administrator cannot be ${action}.`);
  }
}

function loadForUpdate(tx: Tx, id: number) {
  const user = tx.select(publicColumns).from(users).where(eq(users.id, id)).get();
  if (!user) throw notFound("The user");
  return user;
}

function insertUser(tx: Tx, input: CreateUserInput, passwordHash: string, ctx: AuditContext): User {
  assertUnique(tx, input);
  const now = new Date();
  const user = tx
    .insert(users)
    .values({
      username: input.username,
      fullName: input.fullName,
      email: input.email,
      role: input.role,
      passwordHash,
      createdAt: now,
      updatedAt: now,
    })
    .returning(publicColumns)
    .get();
  insertAuditEvent(tx, ctx, {
    event: "user.create",
    targetType: "user",
    targetId: user.id,
    targetLabel: user.username,
    details: { role: user.role, email: user.email },
  });
  return user;
}

export async function createUser(input: CreateUserInput, ctx: AuditContext): Promise<User> {
  const passwordHash = await hashPassword(input.password);
  return writeTransaction((tx) => insertUser(tx, input, passwordHash, ctx));
}

/** First run: creates the first administrator, only while there is no user at all. */
export async function createFirstAdmin(input: SetupInput, ctx: Omit<AuditContext, "actorId" | "actorUsername">) {
  const passwordHash = await hashPassword(input.password);
  return writeTransaction((tx) => {
    const existing = tx.select({ n: count() }).from(users).get()?.n ?? 0;
    if (existing > 0) throw new DomainError("conflict", "Keyward is already set up.");
    return insertUser(tx, { ...input, role: "admin" }, passwordHash, {
      ...ctx,
      actorId: null,
      actorUsername: input.username,
    });
  });
}

export async function updateUser(input: UpdateUserInput, ctx: AuditContext): Promise<User> {
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  return writeTransaction((tx) => {
    const before = loadForUpdate(tx, input.id);
    assertUnique(tx, input, input.id);
    if (!roleMay(input.role, ADMINISTERS)) assertNotLastAdmin(tx, before, "demoted");
    const changed = (["username", "fullName", "email", "role"] as const).filter((f) => before[f] !== input[f]);
    const user = tx
      .update(users)
      .set({
        username: input.username,
        fullName: input.fullName,
        email: input.email,
        role: input.role,
        ...(passwordHash ? { passwordHash } : {}),
        updatedAt: new Date(),
      })
      .where(eq(users.id, input.id))
      .returning(publicColumns)
      .get();
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

export async function setUserStatus(id: number, status: "active" | "inactive", ctx: AuditContext): Promise<User> {
  return writeTransaction((tx) => {
    const before = loadForUpdate(tx, id);
    if (before.status === status) return before;
    if (status === "inactive") {
      if (ctx.actorId === id) throw new DomainError("conflict", "You cannot deactivate your own account.");
      assertNotLastAdmin(tx, before, "deactivated");
    }
    const user = tx
      .update(users)
      .set({ status, updatedAt: new Date() })
      .where(eq(users.id, id))
      .returning(publicColumns)
      .get();
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

/** Deletes the user and, through the foreign key, every key they own. Returns how many keys went. */
export async function deleteUser(id: number, ctx: AuditContext): Promise<{ username: string; keysDeleted: number }> {
  return writeTransaction((tx) => {
    const before = loadForUpdate(tx, id);
    if (ctx.actorId === id) throw new DomainError("conflict", "You cannot delete your own account.");
    assertNotLastAdmin(tx, before, "deleted");
    const keysDeleted = tx.select({ n: count() }).from(accessKeys).where(eq(accessKeys.ownerId, id)).get()?.n ?? 0;
    tx.delete(users).where(eq(users.id, id)).run();
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

export type CredentialCheck =
  | { ok: true; user: User }
  | { ok: false; reason: "unknown_user" | "wrong_password" | "inactive"; user?: User };

/** Checks a username and password; takes bcrypt's time whether or not the user exists. */
export async function checkCredentials(username: string, password: string): Promise<CredentialCheck> {
  const row = getDb()
    .select({ ...publicColumns, passwordHash: users.passwordHash })
    .from(users)
    .where(sql`lower(${users.username}) = lower(${username})`)
    .get();
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
    tx.update(users).set({ lastSignInAt: at }).where(eq(users.id, userId)).run();
    if (session) insertSession(tx, session.idHash, userId, session.expiresAt);
    insertAuditEvent(
      tx,
      ctx,
      { event: "auth.sign_in", targetType: "user", targetId: userId, targetLabel: ctx.actorUsername ?? undefined },
      at,
    );
  });
}

/** Changes the user's own password and ends every other session of theirs (`currentSession`: the one to keep). */
export async function changeOwnPassword(
  userId: number,
  currentPassword: string,
  newPassword: string,
  ctx: AuditContext,
  currentSession?: string,
): Promise<void> {
  const row = getDb().select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId)).get();
  if (!row) throw notFound("The user");
  if (!(await verifyPassword(currentPassword, row.passwordHash))) {
    throw new DomainError("invalid", "The current password is not correct.", {
      currentPassword: ["The current password is not correct."],
    });
  }
  const passwordHash = await hashPassword(newPassword);
  writeTransaction((tx) => {
    tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, userId)).run();
    deleteSessionsOf(tx, userId, currentSession);
    insertAuditEvent(tx, ctx, { event: "user.password_change", targetType: "user", targetId: userId });
  });
}

/** For the owner picker and the like: active users matching a search, few at a time. */
export async function searchActiveUsers(q: string, limit = 20) {
  const pattern = containsPattern(q);
  return getDb()
    .select({ id: users.id, username: users.username, fullName: users.fullName })
    .from(users)
    .where(
      and(
        eq(users.status, "active"),
        sql`(${users.username} like ${pattern} escape '\\' or ${users.fullName} like ${pattern} escape '\\')`,
      ),
    )
    .orderBy(sql`lower(${users.username})`)
    .limit(limit)
    .all();
}

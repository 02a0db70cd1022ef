import { and, asc, count, desc, eq, inArray, ne, type SQL, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Role } from "@/lib/model/authz";
import { containsPattern, type ListParams, type ListResult, toListResult } from "@/lib/model/list-params";
import type { User, UserFilters, UserListRow, UserSort } from "@/lib/model/users";
import { getDb, type Tx } from "../client";
import { accessKeys, users } from "../schema";

/*
 * The rows of users, in and out. Nothing is decided here: lib/services/users.ts holds the rules
 * (uniqueness, the last administrator, passwords, audit, sessions).
 */

// The user types live in lib/model; re-exported until the tests import them from there.
export {
  type CredentialCheck,
  USER_SORTS,
  type User,
  type UserFilters,
  type UserListRow,
  type UserSort,
} from "@/lib/model/users";

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
  return countUsersTx(getDb());
}

export function countUsersTx(tx: Pick<Tx, "select">): number {
  return tx.select({ n: count() }).from(users).get()?.n ?? 0;
}

export async function getUserById(id: number): Promise<User | undefined> {
  return getUserTx(getDb(), id);
}

export function getUserTx(tx: Pick<Tx, "select">, id: number): User | undefined {
  return tx.select(publicColumns).from(users).where(eq(users.id, id)).get();
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

/** Active users whose username or full name contains `q`, by username, few at a time. */
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

/** Which of the unique columns another user (not `exceptId`) already holds, case-insensitively. */
export function findClashes(
  tx: Tx,
  input: { username: string; email: string },
  exceptId?: number,
): { username: boolean; email: boolean } {
  const other = (column: SQL) =>
    tx
      .select({ id: users.id })
      .from(users)
      .where(exceptId ? and(column, ne(users.id, exceptId)) : column)
      .get() !== undefined;
  return {
    username: other(sql`lower(${users.username}) = lower(${input.username})`),
    email: other(sql`lower(${users.email}) = lower(${input.email})`),
  };
}

/** How many active users with one of these roles there are, `exceptId` aside. */
export function countActiveWithRoles(tx: Tx, roles: readonly Role[], exceptId: number): number {
  return (
    tx
      .select({ n: count() })
      .from(users)
      .where(and(inArray(users.role, [...roles]), eq(users.status, "active"), ne(users.id, exceptId)))
      .get()?.n ?? 0
  );
}

export type NewUserRow = Pick<
  typeof users.$inferInsert,
  "username" | "fullName" | "email" | "role" | "passwordHash" | "createdAt" | "updatedAt"
>;
export type UserChanges = Partial<
  Pick<
    typeof users.$inferInsert,
    "username" | "fullName" | "email" | "role" | "status" | "passwordHash" | "lastSignInAt" | "updatedAt"
  >
>;

export function insertUserTx(tx: Tx, row: NewUserRow): User {
  return tx.insert(users).values(row).returning(publicColumns).get();
}

/** Applies the changes and returns the user as it now is (undefined when there is no such user). */
export function updateUserTx(tx: Tx, id: number, changes: UserChanges): User | undefined {
  return tx.update(users).set(changes).where(eq(users.id, id)).returning(publicColumns).get();
}

/** Deletes the user; their keys go by the foreign key's cascade. */
export function deleteUserTx(tx: Tx, id: number): void {
  tx.delete(users).where(eq(users.id, id)).run();
}

export function countKeysOwnedTx(tx: Tx, ownerId: number): number {
  return tx.select({ n: count() }).from(accessKeys).where(eq(accessKeys.ownerId, ownerId)).get()?.n ?? 0;
}

/** The user with this username (case-insensitive) and their password hash, for the credential check. */
export async function findWithPasswordHash(username: string): Promise<(User & { passwordHash: string }) | undefined> {
  return getDb()
    .select({ ...publicColumns, passwordHash: users.passwordHash })
    .from(users)
    .where(sql`lower(${users.username}) = lower(${username})`)
    .get();
}

export async function passwordHashOf(userId: number): Promise<string | undefined> {
  return getDb().select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId)).get()
    ?.passwordHash;
}

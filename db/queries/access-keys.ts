import { and, asc, count, desc, eq, inArray, isNotNull, isNull, lte, ne, or, type SQL, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { containsPattern, type ListParams, type ListResult, toListResult } from "@/lib/list-params";
import { type EffectiveKeyStatus, effectiveStatus, type KeyStatus } from "@/lib/policy";
import { getDb, type Tx } from "../client";
import { accessKeys, users } from "../schema";

/** What may leave db/ about a key: everything but the secret's hash. */
const keyColumns = {
  id: accessKeys.id,
  clientId: accessKeys.clientId,
  name: accessKeys.name,
  description: accessKeys.description,
  ownerId: accessKeys.ownerId,
  ownerUsername: users.username,
  ownerStatus: users.status,
  ownerEmail: users.email,
  createdById: accessKeys.createdById,
  createdByUsername: accessKeys.createdByUsername,
  createdAt: accessKeys.createdAt,
  updatedAt: accessKeys.updatedAt,
  expiresAt: accessKeys.expiresAt,
  status: accessKeys.status,
  secretHint: accessKeys.secretHint,
  bearerEnabled: accessKeys.bearerEnabled,
  lastUsedAt: accessKeys.lastUsedAt,
  lastUsedIp: accessKeys.lastUsedIp,
};

type KeyRow = {
  id: number;
  clientId: string;
  name: string;
  description: string;
  ownerId: number;
  ownerUsername: string;
  ownerStatus: "active" | "inactive";
  ownerEmail: string;
  createdById: number | null;
  createdByUsername: string;
  createdAt: Date;
  updatedAt: Date;
  expiresAt: Date | null;
  status: KeyStatus;
  secretHint: string;
  bearerEnabled: boolean;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
};
export type AccessKey = KeyRow & { effectiveStatus: EffectiveKeyStatus };

const withEffectiveStatus = (row: KeyRow, now: Date): AccessKey => ({
  ...row,
  effectiveStatus: effectiveStatus(row, now),
});

export const KEY_SORTS = [
  "name",
  "clientId",
  "owner",
  "ownerStatus",
  "email",
  "status",
  "createdBy",
  "createdAt",
  "expiresAt",
  "lastUsedAt",
] as const;
export type KeySort = (typeof KEY_SORTS)[number];
export const KEY_STATUS_FILTERS = ["active", "inactive", "revoked", "expired"] as const;

export type KeyFilters = {
  name?: string;
  clientId?: string;
  status?: EffectiveKeyStatus;
  owner?: string;
  createdBy?: string;
  /** Keys expiring on or before the end of this UTC day (yyyy-mm-dd). */
  expiresBy?: string;
  neverExpires?: boolean;
  /** Only this owner's keys (My API Keys). */
  ownerId?: number;
};

const sortColumns: Record<KeySort, SQL | SQLiteColumn> = {
  name: accessKeys.name,
  clientId: accessKeys.clientId,
  owner: sql`lower(${users.username})`,
  ownerStatus: users.status,
  email: sql`lower(${users.email})`,
  status: accessKeys.status,
  createdBy: accessKeys.createdByUsername,
  createdAt: accessKeys.createdAt,
  expiresAt: accessKeys.expiresAt,
  lastUsedAt: accessKeys.lastUsedAt,
};

const like = (column: SQLiteColumn, text: string) => sql`${column} like ${containsPattern(text)} escape '\\'`;

function statusCondition(status: EffectiveKeyStatus, now: Date): SQL | undefined {
  const notExpired = or(isNull(accessKeys.expiresAt), sql`${accessKeys.expiresAt} > ${now.getTime()}`);
  switch (status) {
    case "revoked":
      return eq(accessKeys.status, "revoked");
    case "expired":
      return and(ne(accessKeys.status, "revoked"), isNotNull(accessKeys.expiresAt), lte(accessKeys.expiresAt, now));
    default:
      return and(eq(accessKeys.status, status), notExpired);
  }
}

function conditions(filters: KeyFilters, now: Date): SQL | undefined {
  const list: (SQL | undefined)[] = [];
  if (filters.ownerId !== undefined) list.push(eq(accessKeys.ownerId, filters.ownerId));
  if (filters.name) list.push(like(accessKeys.name, filters.name));
  if (filters.clientId) list.push(like(accessKeys.clientId, filters.clientId));
  if (filters.status) list.push(statusCondition(filters.status, now));
  if (filters.owner) {
    const pattern = containsPattern(filters.owner);
    list.push(sql`(${users.username} like ${pattern} escape '\\' or ${users.fullName} like ${pattern} escape '\\')`);
  }
  if (filters.createdBy) list.push(like(accessKeys.createdByUsername, filters.createdBy));
  if (filters.expiresBy && /^\d{4}-\d{2}-\d{2}$/.test(filters.expiresBy)) {
    const end = new Date(`${filters.expiresBy}T23:59:59.999Z`);
    if (!Number.isNaN(end.getTime())) list.push(and(isNotNull(accessKeys.expiresAt), lte(accessKeys.expiresAt, end)));
  }
  if (filters.neverExpires) list.push(isNull(accessKeys.expiresAt));
  const present = list.filter((c): c is SQL => c !== undefined);
  return present.length ? and(...present) : undefined;
}

export async function listAccessKeys(
  params: ListParams<KeySort, KeyFilters>,
  now = new Date(),
): Promise<ListResult<AccessKey>> {
  const db = getDb();
  const where = conditions(params.filters, now);
  const order = params.dir === "asc" ? asc : desc;
  const total =
    db.select({ n: count() }).from(accessKeys).innerJoin(users, eq(users.id, accessKeys.ownerId)).where(where).get()
      ?.n ?? 0;
  const rows = db
    .select(keyColumns)
    .from(accessKeys)
    .innerJoin(users, eq(users.id, accessKeys.ownerId))
    .where(where)
    .orderBy(order(sortColumns[params.sort]), order(accessKeys.id))
    .limit(params.pageSize)
    .offset((params.page - 1) * params.pageSize)
    .all();
  return toListResult(
    rows.map((row) => withEffectiveStatus(row, now)),
    total,
    params,
  );
}

export function getAccessKeyTx(tx: Pick<Tx, "select">, id: number, now = new Date()): AccessKey | undefined {
  const row = tx
    .select(keyColumns)
    .from(accessKeys)
    .innerJoin(users, eq(users.id, accessKeys.ownerId))
    .where(eq(accessKeys.id, id))
    .get();
  return row && withEffectiveStatus(row, now);
}

export async function getAccessKey(id: number): Promise<AccessKey | undefined> {
  return getAccessKeyTx(getDb(), id);
}

export async function getAccessKeysByIds(ids: number[]): Promise<AccessKey[]> {
  if (ids.length === 0) return [];
  const now = new Date();
  return getDb()
    .select(keyColumns)
    .from(accessKeys)
    .innerJoin(users, eq(users.id, accessKeys.ownerId))
    .where(inArray(accessKeys.id, ids))
    .all()
    .map((row) => withEffectiveStatus(row, now));
}

/** Keys that count toward the per-user limit: active or inactive, and not expired. */
export function countLimitedKeys(tx: Pick<Tx, "select">, ownerId: number, now: Date, exceptKeyId?: number): number {
  return (
    tx
      .select({ n: count() })
      .from(accessKeys)
      .where(
        and(
          eq(accessKeys.ownerId, ownerId),
          inArray(accessKeys.status, ["active", "inactive"]),
          or(isNull(accessKeys.expiresAt), sql`${accessKeys.expiresAt} > ${now.getTime()}`),
          exceptKeyId === undefined ? undefined : ne(accessKeys.id, exceptKeyId),
        ),
      )
      .get()?.n ?? 0
  );
}

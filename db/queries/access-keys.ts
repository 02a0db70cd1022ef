import { and, asc, count, desc, eq, inArray, isNull, ne, or, type SQL, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { AccessKey, KeyFilters, KeyRow, KeySort } from "@/lib/model/access-keys";
import { type EffectiveKeyStatus, effectiveStatus } from "@/lib/model/key-state";
import { containsPattern, type ListParams, type ListResult, toListResult } from "@/lib/model/list-params";
import { type Db, getDb, type Tx } from "../client";
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

const withEffectiveStatus = (row: KeyRow, now: Date): AccessKey => ({
  ...row,
  effectiveStatus: effectiveStatus(row, now),
});

const sortColumns: Record<KeySort, SQL | SQLiteColumn> = {
  name: accessKeys.name,
  clientId: accessKeys.clientId,
  owner: sql`lower(${users.username})`,
  ownerStatus: users.status,
  email: sql`lower(${users.email})`,
  status: accessKeys.status, // replaced by the effective status in `sortBy`
  createdBy: accessKeys.createdByUsername,
  createdAt: accessKeys.createdAt,
  expiresAt: accessKeys.expiresAt,
  lastUsedAt: accessKeys.lastUsedAt,
};

/** The sort expression; Status sorts by what the grid shows, expired included (derived from `now`). */
function sortBy(sort: KeySort, now: Date): SQL | SQLiteColumn {
  if (sort !== "status") return sortColumns[sort];
  return sql`(case when ${accessKeys.status} = 'revoked' then 'revoked' when ${accessKeys.expiresAt} is not null and ${accessKeys.expiresAt} <= ${now.getTime()} then 'expired' else ${accessKeys.status} end)`;
}

const like = (column: SQLiteColumn, text: string) => sql`${column} like ${containsPattern(text)} escape '\\'`;

/**
 * How a condition names a column. `scanned` writes `+column`: the same value, compared the same way,
 * but SQLite will then not answer the condition from an index range. Status and expiry ranges hold
 * tens of thousands of keys, each then looked up in the table, which is slower than reading it once.
 */
type ColumnRef = (column: SQLiteColumn) => SQL;
const indexed: ColumnRef = (column) => sql`${column}`;
const scanned: ColumnRef = (column) => sql`+${column}`;

function statusCondition(status: EffectiveKeyStatus, now: Date, c: ColumnRef): SQL {
  const expiresAt = c(accessKeys.expiresAt);
  switch (status) {
    case "revoked":
      return sql`${c(accessKeys.status)} = 'revoked'`;
    case "expired":
      // Always `+expires_at`: access_keys_status_idx (status, expires_at) then answers this alone,
      // where the expires_at index range would cost a table lookup per expired key.
      return sql`(${accessKeys.status} <> 'revoked' and +${accessKeys.expiresAt} is not null and +${accessKeys.expiresAt} <= ${now.getTime()})`;
    default:
      return sql`(${c(accessKeys.status)} = ${status} and (${expiresAt} is null or ${expiresAt} > ${now.getTime()}))`;
  }
}

function conditions(filters: KeyFilters, now: Date, c: ColumnRef = indexed): SQL | undefined {
  const list: (SQL | undefined)[] = [];
  if (filters.ownerId !== undefined) list.push(eq(accessKeys.ownerId, filters.ownerId));
  if (filters.name) list.push(like(accessKeys.name, filters.name));
  if (filters.clientId) list.push(like(accessKeys.clientId, filters.clientId));
  if (filters.status) list.push(statusCondition(filters.status, now, c));
  if (filters.owner) {
    // The owners matching, as a subquery: the same keys as filtering the join, without needing it.
    const pattern = containsPattern(filters.owner);
    list.push(
      sql`${accessKeys.ownerId} in (select ${users.id} from ${users} where ${users.username} like ${pattern} escape '\\' or ${users.fullName} like ${pattern} escape '\\')`,
    );
  }
  if (filters.createdBy) list.push(like(accessKeys.createdByUsername, filters.createdBy));
  if (filters.expiresBy && /^\d{4}-\d{2}-\d{2}$/.test(filters.expiresBy)) {
    const end = new Date(`${filters.expiresBy}T23:59:59.999Z`);
    const expiresAt = c(accessKeys.expiresAt);
    if (!Number.isNaN(end.getTime())) list.push(sql`(${expiresAt} is not null and ${expiresAt} <= ${end.getTime()})`);
  }
  if (filters.neverExpires) list.push(sql`${c(accessKeys.expiresAt)} is null`);
  if (filters.expiresWithin) {
    const expiresAt = c(accessKeys.expiresAt);
    const end = now.getTime() + filters.expiresWithin * 86_400_000;
    list.push(
      sql`(${c(accessKeys.status)} <> 'revoked' and ${expiresAt} > ${now.getTime()} and ${expiresAt} <= ${end})`,
    );
  }
  const present = list.filter((c): c is SQL => c !== undefined);
  return present.length ? and(...present) : undefined;
}

/** Each must give exactly the order of `sortColumns[sort]` then id: change the two together. */
const walkIndexes: Partial<Record<KeySort, SQL>> = {
  name: sql`indexed by access_keys_name_idx`,
  clientId: sql`indexed by access_keys_client_id_idx`,
  createdBy: sql`indexed by access_keys_created_by_username_idx`,
  createdAt: sql`indexed by access_keys_created_at_idx`,
  expiresAt: sql`indexed by access_keys_expires_at_idx`,
  lastUsedAt: sql`indexed by access_keys_last_used_at_idx`,
};
/** Sorts on a users expression index: walk the users in that order, then each one's keys. */
const ownerWalks: Partial<Record<KeySort, true>> = { owner: true, email: true };
/** Sorts on a users column: filtering first then joins the owners. */
const joinsUsers: Partial<Record<KeySort, true>> = { owner: true, email: true, ownerStatus: true };
/**
 * Walk when at least this many times offset + limit keys match. A walk visits about
 * (offset + limit) × keys / total rows, each looked up; filtering first reads every key once.
 */
const WALK_FACTOR = 10;

/**
 * Owner status has a handful of values and no index can give (owner status, key id) order. So take,
 * for each value, its first offset + limit matching keys in id order, and sort only those: the page
 * is among them. Most owners share one status: walk the keys in id order for that one; the owners
 * with another are few: read their keys through the owner index.
 */
function ownerStatusWalk(db: Db, where: SQL | undefined, dir: SQL, limit: number, offset: number): SQL {
  const groups = db.select({ status: users.status, n: count() }).from(users).groupBy(users.status).all();
  const owners = groups.reduce((sum, g) => sum + g.n, 0);
  const arms = groups.map(({ status, n }) => {
    const from =
      n * 2 >= owners
        ? sql`${accessKeys} not indexed cross join ${users} on ${users.id} = ${accessKeys.ownerId}`
        : sql`${users} cross join ${accessKeys} indexed by access_keys_owner_idx on ${accessKeys.ownerId} = ${users.id}`;
    const filter = where ? sql`${users.status} = ${status} and ${where}` : sql`${users.status} = ${status}`;
    return sql`select * from (select ${accessKeys.id} as id, ${users.status} as s from ${from} where ${filter} order by ${accessKeys.id} ${dir} limit ${offset + limit})`;
  });
  return sql`select id from (${sql.join(arms, sql` union all `)}) order by s ${dir}, id ${dir} limit ${limit} offset ${offset}`;
}

/**
 * Status sorts by the effective status (`sortBy`), which no index holds. Like the owner status walk:
 * for each of the four statuses, its first offset + limit matching keys in id order (a table walk
 * that stops early), then sort only those.
 */
function statusWalk(
  where: SQL | undefined,
  only: EffectiveKeyStatus | undefined,
  dir: SQL,
  limit: number,
  offset: number,
  now: Date,
): SQL {
  const expired = sql`${accessKeys.expiresAt} is not null and ${accessKeys.expiresAt} <= ${now.getTime()}`;
  const segments: [string, SQL][] = [
    ["active", sql`${accessKeys.status} = 'active' and not (${expired})`],
    ["expired", sql`${accessKeys.status} <> 'revoked' and ${expired}`],
    ["inactive", sql`${accessKeys.status} = 'inactive' and not (${expired})`],
    ["revoked", sql`${accessKeys.status} = 'revoked'`],
  ];
  // Filtered by one status, the other segments are empty: walking them would read the whole table.
  const arms = segments
    .filter(([label]) => !only || only === label)
    .map(([label, segment]) => {
      const filter = where ? sql`(${segment}) and ${where}` : segment;
      return sql`select * from (select ${accessKeys.id} as id, ${label} as s from ${accessKeys} not indexed where ${filter} order by ${accessKeys.id} ${dir} limit ${offset + limit})`;
    });
  return sql`select id from (${sql.join(arms, sql` union all `)}) order by s ${dir}, id ${dir} limit ${limit} offset ${offset}`;
}

/**
 * The grid's page query picks between two plans, both returning exactly the rows and order of
 * `... inner join users ... where <filters> order by <sort>, id limit/offset`:
 * - walk: follow an index in sort order and stop after offset + limit matching rows. Cheap when many
 *   keys match (or no filter is set), ruinous when few do: it would visit every key on the way.
 * - filter first: collect the matching keys, then sort just those. Cheap when few keys match.
 * The count, taken first, says how many match, which is what SQLite's planner cannot know about
 * `like '%x%'`. Either way only the page's ids are selected and sorted; the columns are read for
 * those 20 or so rows alone.
 */
function pageIdsQuery(db: Db, params: ListParams<KeySort, KeyFilters>, now: Date, total: number): SQL {
  const offset = (params.page - 1) * params.pageSize;
  const dir = params.dir === "asc" ? sql`asc` : sql`desc`;
  const by = sortBy(params.sort, now);
  const page = (sortBy: SQL) =>
    sql`order by ${sortBy} ${dir}, ${accessKeys.id} ${dir} limit ${params.pageSize} offset ${offset}`;
  const where = conditions(params.filters, now);
  const walk = !where || total >= WALK_FACTOR * (offset + params.pageSize);
  const index = walkIndexes[params.sort];
  if (walk && index) {
    return sql`select ${accessKeys.id} from ${accessKeys} ${index} ${where ? sql`where ${where}` : sql``} ${page(sql`${by}`)}`;
  }
  if (walk && params.sort === "ownerStatus") return ownerStatusWalk(db, where, dir, params.pageSize, offset);
  if (walk && params.sort === "status") {
    return statusWalk(where, params.filters.status, dir, params.pageSize, offset, now);
  }
  if (walk && ownerWalks[params.sort]) {
    return sql`select ${accessKeys.id} from ${users} cross join ${accessKeys} indexed by access_keys_owner_idx on ${accessKeys.ownerId} = ${users.id} ${where ? sql`where ${where}` : sql``} ${page(sql`${by}`)}`;
  }
  // Filter first. The subquery finds the matching keys in the smallest index holding every filtered
  // column (else in the table); `+` keeps the status and expiry conditions off index ranges (an owner
  // condition may still use the owner index), and the sort off the index a walk would follow.
  const from = joinsUsers[params.sort]
    ? sql`${accessKeys} inner join ${users} on ${users.id} = ${accessKeys.ownerId}`
    : sql`${accessKeys}`;
  const filtered = conditions(params.filters, now, scanned);
  if (!filtered) return sql`select ${accessKeys.id} from ${from} ${page(sql`${by}`)}`;
  const matching = sql`select ${accessKeys.id} from ${accessKeys} where ${filtered}`;
  return sql`select ${accessKeys.id} from ${from} where ${accessKeys.id} in (${matching}) ${page(sql`+${by}`)}`;
}

export async function listAccessKeys(
  params: ListParams<KeySort, KeyFilters>,
  now = new Date(),
): Promise<ListResult<AccessKey>> {
  const db = getDb();
  const where = conditions(params.filters, now);
  const order = params.dir === "asc" ? asc : desc;
  // No join to count: owner_id is NOT NULL and a foreign key (enforced, on delete cascade), so every key
  // has its owner, and an owner filter is a subquery (see `conditions`).
  const total = db.select({ n: count() }).from(accessKeys).where(where).get()?.n ?? 0;
  // A page past the end is empty without asking.
  const offset = (params.page - 1) * params.pageSize;
  const rows =
    offset >= total
      ? []
      : db
          .select(keyColumns)
          .from(accessKeys)
          .innerJoin(users, eq(users.id, accessKeys.ownerId))
          .where(sql`${accessKeys.id} in (${pageIdsQuery(db, params, now, total)})`)
          .orderBy(order(sortBy(params.sort, now)), order(accessKeys.id))
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

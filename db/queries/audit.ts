import {
  and,
  asc,
  count,
  desc,
  eq,
  getTableColumns,
  gte,
  inArray,
  lte,
  type Placeholder,
  type SQL,
  sql,
} from "drizzle-orm";
import type { AuditContext, AuditEntry, AuditFilters, AuditListRow, AuditSort } from "@/lib/model/audit";
import { redactSecrets } from "@/lib/model/key-format";
import { type ListParams, type ListResult, toListResult } from "@/lib/model/list-params";
import { getDb, getSqlite, perConnection, type Tx, writeTransaction } from "../client";
import { auditEvents } from "../schema";

type AuditRow = Required<Omit<typeof auditEvents.$inferInsert, "id">>;

// One insert statement per connection, prepared once: the API's usage batches write thousands of
// events a second, and building the query for each costs three times the insert itself.
const { id: _id, ...auditColumns } = getTableColumns(auditEvents);
const placeholders = Object.fromEntries(Object.keys(auditColumns).map((name) => [name, sql.placeholder(name)])) as {
  [K in keyof AuditRow]: Placeholder;
};
const preparedInsert = perConnection(() => getDb().insert(auditEvents).values(placeholders).prepare());

/**
 * Writes an event inside the caller's transaction (`tx`, on the process's one connection, where the
 * statement runs), so it lands with the change it records. Text a caller typed (the username of a
 * failed sign-in, the client ID of a failed OAuth request, a user agent) is stored with anything
 * shaped like a secret or token redacted: people paste secrets into the wrong field, and a secret
 * must appear nowhere in the database.
 */
export function insertAuditEvent(_tx: Tx, ctx: AuditContext, entry: AuditEntry, at = new Date()): void {
  if (!getSqlite().inTransaction) throw new Error("insertAuditEvent runs inside the caller's write transaction");
  preparedInsert().run({
    at,
    event: entry.event,
    outcome: entry.outcome ?? "success",
    actorId: ctx.actorId,
    actorUsername: redactSecrets(ctx.actorUsername),
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    targetLabel: redactSecrets(entry.targetLabel ?? null),
    clientId: redactSecrets(entry.clientId ?? null),
    ip: redactSecrets(ctx.ip),
    userAgent: redactSecrets(ctx.userAgent?.slice(0, 512) ?? null),
    reason: redactSecrets(entry.reason ?? null),
    details: entry.details ? redactSecrets(JSON.stringify(entry.details)) : null,
  });
}

/** Records an event that has no other write to go with it (a failed sign-in, a sign-out). */
export async function recordAuditEvent(ctx: AuditContext, entry: AuditEntry): Promise<void> {
  writeTransaction((tx) => insertAuditEvent(tx, ctx, entry));
}

export async function listAuditEventsForTarget(targetType: string, targetId: number, limit = 50) {
  return getDb()
    .select({
      id: auditEvents.id,
      at: auditEvents.at,
      event: auditEvents.event,
      outcome: auditEvents.outcome,
      actorUsername: auditEvents.actorUsername,
      reason: auditEvents.reason,
      details: auditEvents.details,
    })
    .from(auditEvents)
    .where(and(eq(auditEvents.targetType, targetType), eq(auditEvents.targetId, targetId)))
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .limit(limit)
    .all();
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function auditConditions(filters: AuditFilters): SQL | undefined {
  const list: SQL[] = [];
  if (filters.actor) list.push(eq(auditEvents.actorUsername, filters.actor));
  if (filters.event) list.push(eq(auditEvents.event, filters.event));
  if (filters.clientId) list.push(eq(auditEvents.clientId, filters.clientId));
  if (filters.from && DAY.test(filters.from)) list.push(gte(auditEvents.at, new Date(`${filters.from}T00:00:00.000Z`)));
  if (filters.to && DAY.test(filters.to)) list.push(lte(auditEvents.at, new Date(`${filters.to}T23:59:59.999Z`)));
  return list.length ? and(...list) : undefined;
}

/** The audit log, newest first by default; every filter is served by an index that ends in `at`. */
export async function listAuditEvents(params: ListParams<AuditSort, AuditFilters>): Promise<ListResult<AuditListRow>> {
  const db = getDb();
  const where = auditConditions(params.filters);
  const order = params.dir === "asc" ? asc : desc;
  // Without ANALYZE, SQLite may pick the event or time index for a combination and read a large range:
  // name the most selective index the filters allow (a client ID, else an actor: few rows each).
  const { actor, clientId } = params.filters;
  const index = clientId ? "audit_events_client_id_idx" : actor ? "audit_events_actor_idx" : undefined;
  const from = index ? sql`${auditEvents} indexed by ${sql.raw(index)}` : auditEvents;
  const total = db.select({ n: count() }).from(from).where(where).get()?.n ?? 0;
  const offset = (params.page - 1) * params.pageSize;
  if (offset >= total) return toListResult([], total, params);
  // Few matches: `+at` keeps SQLite from walking the whole time index in order looking for them
  // (a million rows for a filter matching none); it finds them through the filter's index and
  // sorts the few. Many matches: walking the time index and stopping at the page is cheaper.
  const few = where !== undefined && total < 10 * (offset + params.pageSize);
  const at = few ? sql`+${auditEvents.at}` : sql`${auditEvents.at}`;
  const dir = params.dir === "asc" ? sql`asc` : sql`desc`;
  const ids = db
    .all<{ id: number }>(
      sql`select ${auditEvents.id} as id from ${from} ${where ? sql`where ${where}` : sql``} order by ${at} ${dir}, ${auditEvents.id} ${dir} limit ${params.pageSize} offset ${offset}`,
    )
    .map((row) => row.id);
  const rows = db
    .select()
    .from(auditEvents)
    .where(inArray(auditEvents.id, ids))
    .orderBy(order(auditEvents.at), order(auditEvents.id))
    .all();
  return toListResult(rows, total, params);
}

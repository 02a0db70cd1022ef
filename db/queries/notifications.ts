import { and, asc, count, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Role } from "@/lib/model/authz";
import { containsPattern, type ListParams, type ListResult, toListResult } from "@/lib/model/list-params";
import type {
  MailMessage,
  Notification,
  NotificationFilters,
  NotificationListRow,
  NotificationSort,
  NotifiedKey,
  Recipient,
} from "@/lib/model/notifications";
import { getDb, type Tx, writeTransaction } from "../client";
import { accessKeys, notifications, users } from "../schema";

export type NewNotification = MailMessage & {
  recipient: string;
  userId: number | null;
  keyId: number | null;
  /** Unique when set: a second insert with the same key is ignored (ON CONFLICT DO NOTHING). */
  dedupeKey: string | null;
};

/** Inserts one e-mail in the caller's transaction; false when its dedupe key was already there. */
export function insertNotificationTx(tx: Tx, row: NewNotification, status: "pending" | "outbox", now: Date): boolean {
  const { changes } = tx
    .insert(notifications)
    .values({ ...row, createdAt: now, status, nextAttemptAt: status === "pending" ? now : null })
    .onConflictDoNothing()
    .run();
  return changes > 0;
}

/** A user's role, for the wording and link of the mail they get; undefined when they are gone. */
export function userRoleTx(tx: Tx, userId: number): Role | undefined {
  return tx.select({ role: users.role }).from(users).where(eq(users.id, userId)).get()?.role;
}

// ——— expiry reminders and notices ———

/** Keys whose expiry falls in (from, to]: a reminder band ("reminder", days) or just expired ("expired"). */
export type ExpiryBand =
  | { kind: "reminder"; days: number; from: Date; to: Date }
  | { kind: "expired"; from: Date; to: Date };
export type Composer = (key: NotifiedKey, recipient: Recipient) => MailMessage;

/** "reminder:<keyId>:<expiresAtMs>:<days>:<recipient>" or "expired:<keyId>:<expiresAtMs>:<recipient>". */
export function expiryDedupeKey(band: ExpiryBand, keyId: number, expiresAt: Date, email: string): string {
  const days = band.kind === "reminder" ? [band.days] : [];
  return [band.kind, keyId, expiresAt.getTime(), ...days, email].join(":");
}

/** The same key built in SQL (it must match `expiryDedupeKey` character for character). */
function dedupeKeySql(band: ExpiryBand, email: SQL): SQL {
  const days = band.kind === "reminder" ? sql`${String(band.days)} || ':' || ` : sql``;
  return sql`${band.kind} || ':' || "access_keys"."id" || ':' || "access_keys"."expires_at" || ':' || ${days}${email}`;
}

const creator = alias(users, "creator");

/**
 * Keys in the band that still lack a notification for their owner, or for the (active) administrator
 * who created them for someone else. Revoked keys and keys of inactive owners are left alone.
 */
export function expiryCandidates(db: Pick<Tx, "select">, band: ExpiryBand, ids?: number[]) {
  const ownerKey = dedupeKeySql(band, sql`"users"."email"`);
  const creatorKey = dedupeKeySql(band, sql`"creator"."email"`);
  const queued = (key: SQL) => sql`exists (select 1 from "notifications" where "notifications"."dedupe_key" = ${key})`;
  return db
    .select({
      id: accessKeys.id,
      name: accessKeys.name,
      clientId: accessKeys.clientId,
      expiresAt: accessKeys.expiresAt,
      ownerId: users.id,
      ownerUsername: users.username,
      ownerEmail: users.email,
      ownerRole: users.role,
      creatorId: creator.id,
      creatorEmail: creator.email,
      creatorRole: creator.role,
    })
    .from(accessKeys)
    .innerJoin(users, eq(users.id, accessKeys.ownerId))
    .leftJoin(
      creator,
      and(
        eq(creator.id, accessKeys.createdById),
        sql`"creator"."id" <> "access_keys"."owner_id"`,
        eq(creator.status, "active"),
      ),
    )
    .where(
      and(
        ids ? inArray(accessKeys.id, ids) : undefined,
        sql`"access_keys"."expires_at" > ${band.from.getTime()} and "access_keys"."expires_at" <= ${band.to.getTime()}`,
        sql`"access_keys"."status" <> 'revoked'`,
        eq(users.status, "active"),
        sql`(not ${queued(ownerKey)} or ("creator"."id" is not null and not ${queued(creatorKey)}))`,
      ),
    )
    .orderBy(accessKeys.id)
    .all();
}

/** Keys the band still owes a notification (the SQL dedupe check; none for a key once a pass has run). */
export async function expiryCandidateIds(band: ExpiryBand): Promise<number[]> {
  return expiryCandidates(getDb(), band).map((c) => c.id);
}

// ——— delivery ———

export type ClaimedNotification = {
  id: number;
  createdAt: Date;
  recipient: string;
  subject: string;
  body: string;
  attempts: number;
  /** The lease: the row's next_attempt_at while this sender holds it, and the proof that it still does. */
  leaseUntil: Date;
};

/**
 * Takes the next due pending e-mail for sending: in one BEGIN IMMEDIATE transaction its
 * next_attempt_at moves to `leaseUntil`, so no other sender picks it up until the lease runs out.
 */
export async function claimNextNotification(now: Date, leaseUntil: Date): Promise<ClaimedNotification | undefined> {
  return writeTransaction((tx) => {
    const row = tx
      .select({
        id: notifications.id,
        createdAt: notifications.createdAt,
        recipient: notifications.recipient,
        subject: notifications.subject,
        body: notifications.body,
        attempts: notifications.attempts,
      })
      .from(notifications)
      .where(and(eq(notifications.status, "pending"), sql`${notifications.nextAttemptAt} <= ${now.getTime()}`))
      .orderBy(asc(notifications.nextAttemptAt), asc(notifications.id))
      .limit(1)
      .get();
    if (!row) return undefined;
    tx.update(notifications).set({ nextAttemptAt: leaseUntil }).where(eq(notifications.id, row.id)).run();
    return { ...row, leaseUntil };
  });
}

/** Only the holder of the lease may record the outcome (a sender whose lease ran out changes nothing). */
const held = (claim: ClaimedNotification) =>
  and(
    eq(notifications.id, claim.id),
    eq(notifications.status, "pending"),
    eq(notifications.nextAttemptAt, claim.leaseUntil),
  );

export async function markNotificationSent(claim: ClaimedNotification, at: Date): Promise<void> {
  writeTransaction((tx) =>
    tx
      .update(notifications)
      .set({ status: "sent", sentAt: at, attempts: claim.attempts + 1, nextAttemptAt: null })
      .where(held(claim))
      .run(),
  );
}

/** Keeps the row pending, with the error and the time of the next attempt. */
export async function markNotificationFailed(claim: ClaimedNotification, error: string, retryAt: Date): Promise<void> {
  writeTransaction((tx) =>
    tx
      .update(notifications)
      .set({ attempts: claim.attempts + 1, lastError: error.slice(0, 1000), nextAttemptAt: retryAt })
      .where(held(claim))
      .run(),
  );
}

// ——— the Notifications page ———

const listColumns = {
  id: notifications.id,
  createdAt: notifications.createdAt,
  recipient: notifications.recipient,
  subject: notifications.subject,
  status: notifications.status,
  attempts: notifications.attempts,
  nextAttemptAt: notifications.nextAttemptAt,
  sentAt: notifications.sentAt,
  lastError: notifications.lastError,
  keyId: notifications.keyId,
};

function listConditions(filters: NotificationFilters): SQL | undefined {
  const list: SQL[] = [];
  if (filters.recipient) {
    list.push(sql`${notifications.recipient} like ${containsPattern(filters.recipient)} escape '\\'`);
  }
  if (filters.status) list.push(eq(notifications.status, filters.status));
  if (filters.keyId !== undefined) list.push(eq(notifications.keyId, filters.keyId));
  return list.length ? and(...list) : undefined;
}

export async function listNotifications(
  params: ListParams<NotificationSort, NotificationFilters>,
): Promise<ListResult<NotificationListRow>> {
  const db = getDb();
  const where = listConditions(params.filters);
  const order = params.dir === "asc" ? asc : desc;
  const total = db.select({ n: count() }).from(notifications).where(where).get()?.n ?? 0;
  const rows = db
    .select(listColumns)
    .from(notifications)
    .where(where)
    .orderBy(order(notifications.createdAt), order(notifications.id))
    .limit(params.pageSize)
    .offset((params.page - 1) * params.pageSize)
    .all();
  return toListResult(rows, total, params);
}

export async function getNotification(id: number): Promise<Notification | undefined> {
  return getDb()
    .select({ ...listColumns, body: notifications.body })
    .from(notifications)
    .where(eq(notifications.id, id))
    .get();
}

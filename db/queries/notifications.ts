import { and, asc, count, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { containsPattern, type ListParams, type ListResult, toListResult } from "@/lib/list-params";
import type { AuditContext } from "@/lib/model/audit";
import { initialStatus } from "@/lib/notifications/config";
import { requestDelivery } from "@/lib/notifications/kick";
import {
  type KeyEvent,
  keyEventMessage,
  type MailMessage,
  type NotifiedKey,
  type Recipient,
} from "@/lib/notifications/messages";
import { publicUrl } from "@/lib/public-url";
import { getDb, type Tx, writeTransaction } from "../client";
import { accessKeys, notifications, users } from "../schema";
import type { AccessKey } from "./access-keys";

export const NOTIFICATION_STATUSES = ["pending", "sent", "failed", "outbox"] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

type NewNotification = MailMessage & {
  recipient: string;
  userId: number | null;
  keyId: number | null;
  /** Unique when set: a second insert with the same key is ignored (ON CONFLICT DO NOTHING). */
  dedupeKey: string | null;
};

/** Queues one e-mail inside the caller's transaction; false when its dedupe key was already queued. */
export function insertNotificationTx(tx: Tx, row: NewNotification, now: Date): boolean {
  const status = initialStatus();
  const { changes } = tx
    .insert(notifications)
    .values({ ...row, createdAt: now, status, nextAttemptAt: status === "pending" ? now : null })
    .onConflictDoNothing()
    .run();
  if (changes > 0 && status === "pending") requestDelivery();
  return changes > 0;
}

/**
 * Tells a key's owner that someone else created, regenerated, revoked or deleted it, in the same
 * transaction as the change. The owner acting on their own key (self-service) gets no e-mail.
 */
export function notifyKeyEventTx(tx: Tx, ctx: AuditContext, event: KeyEvent, key: AccessKey, now: Date): void {
  if (ctx.actorId !== null && ctx.actorId === key.ownerId) return;
  const owner = tx.select({ role: users.role }).from(users).where(eq(users.id, key.ownerId)).get();
  if (!owner) return;
  const recipient: Recipient = { audience: "owner", role: owner.role };
  const message = keyEventMessage(event, key, ctx.actorUsername ?? "an administrator", now, recipient, publicUrl());
  insertNotificationTx(
    tx,
    { ...message, recipient: key.ownerEmail, userId: key.ownerId, keyId: key.id, dedupeKey: null },
    now,
  );
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
function expiryCandidates(db: Pick<Tx, "select">, band: ExpiryBand, ids?: number[]) {
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

const BATCH = 200;

/** Keys the band still owes a notification (the SQL dedupe check; none for a key once a pass has run). */
export async function expiryCandidateIds(band: ExpiryBand): Promise<number[]> {
  return expiryCandidates(getDb(), band).map((c) => c.id);
}

/**
 * Queues the band's missing notifications; returns how many were queued. Candidates are found
 * outside the write lock, then each batch is checked again and inserted in one BEGIN IMMEDIATE
 * transaction; the unique dedupe key makes a second scheduler's insert a no-op.
 */
export async function queueExpiryNotifications(band: ExpiryBand, compose: Composer, now: Date): Promise<number> {
  const ids = await expiryCandidateIds(band);
  let queued = 0;
  for (let i = 0; i < ids.length; i += BATCH) {
    queued += writeTransaction((tx) => {
      let n = 0;
      for (const c of expiryCandidates(tx, band, ids.slice(i, i + BATCH))) {
        const expiresAt = c.expiresAt as Date;
        const key: NotifiedKey = { ...c, expiresAt };
        const recipients: (Recipient & { userId: number; email: string })[] = [
          { userId: c.ownerId, email: c.ownerEmail, audience: "owner", role: c.ownerRole },
        ];
        if (c.creatorId !== null && c.creatorEmail !== null && c.creatorRole !== null) {
          recipients.push({ userId: c.creatorId, email: c.creatorEmail, audience: "creator", role: c.creatorRole });
        }
        for (const r of recipients) {
          const message = compose(key, { audience: r.audience, role: r.role });
          const dedupeKey = expiryDedupeKey(band, c.id, expiresAt, r.email);
          const row = { ...message, recipient: r.email, userId: r.userId, keyId: c.id, dedupeKey };
          if (insertNotificationTx(tx, row, now)) n += 1;
        }
      }
      return n;
    });
  }
  return queued;
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

export const NOTIFICATION_SORTS = ["createdAt"] as const;
export type NotificationSort = (typeof NOTIFICATION_SORTS)[number];
export type NotificationFilters = { recipient?: string; status?: NotificationStatus; keyId?: number };

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
export type NotificationListRow = {
  id: number;
  createdAt: Date;
  recipient: string;
  subject: string;
  status: NotificationStatus;
  attempts: number;
  nextAttemptAt: Date | null;
  sentAt: Date | null;
  lastError: string | null;
  keyId: number | null;
};
export type Notification = NotificationListRow & { body: string };

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

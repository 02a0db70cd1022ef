import { type Tx, writeTransaction } from "@/db/client";
import {
  type Composer,
  type ExpiryBand,
  expiryCandidateIds,
  expiryCandidates,
  expiryDedupeKey,
  getNotification as getNotificationRow,
  listNotifications as listNotificationRows,
  userRoleTx,
} from "@/db/queries/notifications";
import type { AccessKey } from "@/lib/model/access-keys";
import type { AuditContext } from "@/lib/model/audit";
import { type Actor, authorize } from "@/lib/model/authz";
import { notFound } from "@/lib/model/errors";
import type { KeyEvent, NotifiedKey, Recipient } from "@/lib/model/notifications";
import { requestDelivery } from "@/lib/notifications/kick";
import { keyEventMessage } from "@/lib/notifications/messages";
import { publicUrl } from "@/lib/public-url";
import { type Effects, queueMail } from "./effects";

/**
 * Tells a key's owner that someone else created, regenerated, revoked or deleted it, in the same
 * transaction as the change. The owner acting on their own key (self-service) gets no e-mail.
 */
export function notifyKeyEvent(
  tx: Tx,
  effects: Effects,
  ctx: AuditContext,
  event: KeyEvent,
  key: AccessKey,
  now: Date,
): void {
  if (ctx.actorId !== null && ctx.actorId === key.ownerId) return;
  const role = userRoleTx(tx, key.ownerId);
  if (!role) return;
  const recipient: Recipient = { audience: "owner", role };
  const message = keyEventMessage(event, key, ctx.actorUsername ?? "an administrator", now, recipient, publicUrl());
  queueMail(
    tx,
    effects,
    { ...message, recipient: key.ownerEmail, userId: key.ownerId, keyId: key.id, dedupeKey: null },
    now,
  );
}

const BATCH = 200;

/**
 * Queues the band's missing notifications; returns how many were queued. Candidates are found
 * outside the write lock, then each batch is checked again and inserted in one BEGIN IMMEDIATE
 * transaction; the unique dedupe key makes a second scheduler's insert a no-op.
 */
export async function queueExpiryNotifications(band: ExpiryBand, compose: Composer, now: Date): Promise<number> {
  const ids = await expiryCandidateIds(band);
  const effects: Effects = { deliverMail: false };
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
          if (queueMail(tx, effects, row, now)) n += 1;
        }
      }
      return n;
    });
  }
  if (effects.deliverMail) requestDelivery();
  return queued;
}

// ——— reads ———

/** A page of the outbox and sent mail, for those who may read it (the Notifications page). */
export async function listNotifications(actor: Actor, params: Parameters<typeof listNotificationRows>[0]) {
  authorize(actor, "notifications:read");
  return listNotificationRows(params);
}

/** One notification; "not found" when there is none with this id. */
export async function getNotification(actor: Actor, id: number) {
  authorize(actor, "notifications:read");
  const notification = await getNotificationRow(id);
  if (!notification) throw notFound("The notification");
  return notification;
}

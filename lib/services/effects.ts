import { type Tx, writeTransaction } from "@/db/client";
import { insertAuditEvent } from "@/db/queries/audit";
import { insertNotificationTx, type NewNotification } from "@/db/queries/notifications";
import type { AuditContext, AuditEntry } from "@/lib/model/audit";
import { initialStatus } from "@/lib/notifications/config";
import { requestDelivery } from "@/lib/notifications/kick";

/*
 * The rows a change leaves besides its own — its audit event and the e-mail it queues — written
 * in the change's transaction, and what must happen once that has committed (asking the scheduler
 * to deliver the mail now). Services write through here.
 */

/** What a transaction asks for once it has committed. */
export type Effects = { deliverMail: boolean };

/** One write transaction (BEGIN IMMEDIATE, synchronous body); its effects run after the commit. */
export async function writeWithEffects<T>(change: (tx: Tx, effects: Effects) => T): Promise<T> {
  const effects: Effects = { deliverMail: false };
  const result = await writeTransaction((tx) => change(tx, effects));
  if (effects.deliverMail) requestDelivery();
  return result;
}

/** The change's audit event, in its transaction. */
export function audit(tx: Tx, ctx: AuditContext, entry: AuditEntry): void {
  insertAuditEvent(tx, ctx, entry);
}

/** Queues one e-mail in the change's transaction; false when its dedupe key was already queued. */
export function queueMail(tx: Tx, effects: Effects, row: NewNotification, now: Date): boolean {
  const status = initialStatus();
  const queued = insertNotificationTx(tx, row, status, now);
  if (queued && status === "pending") effects.deliverMail = true;
  return queued;
}

import { and, desc, eq } from "drizzle-orm";
import type { AuditContext, AuditEntry } from "@/lib/audit";
import { getDb, type Tx, writeTransaction } from "../client";
import { auditEvents } from "../schema";

/** Writes an event inside the caller's transaction, so it lands with the change it records. */
export function insertAuditEvent(tx: Tx, ctx: AuditContext, entry: AuditEntry, at = new Date()): void {
  tx.insert(auditEvents)
    .values({
      at,
      event: entry.event,
      outcome: entry.outcome ?? "success",
      actorId: ctx.actorId,
      actorUsername: ctx.actorUsername,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      targetLabel: entry.targetLabel ?? null,
      clientId: entry.clientId ?? null,
      ip: ctx.ip,
      userAgent: ctx.userAgent?.slice(0, 512) ?? null,
      reason: entry.reason ?? null,
      details: entry.details ? JSON.stringify(entry.details) : null,
    })
    .run();
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

import type { Page } from "@playwright/test";
import type { Settings } from "../../lib/model/settings";
import { E2E_DATABASE } from "./env";

/**
 * Site settings and audit events, read and written straight in the server's database (WAL lets both
 * processes in). The server reads settings on every request, so a change here applies to its next one.
 */

process.env.DATABASE_PATH ??= E2E_DATABASE;
process.env.KEY_PEPPER ??= "e2e-pepper-not-for-production-0000000000";

const E2E_CONTEXT = { actorId: null, actorUsername: "e2e", ip: null, userAgent: "playwright" };

/** Changes the given settings only, as another administrator would (with its setting.update events). */
export async function setSettingsInDb(changes: Partial<Settings>): Promise<void> {
  const { saveSettings } = await import("../../lib/services/settings");
  const { rootActor } = await import("../../test/support/actors");
  await saveSettings(rootActor, changes, E2E_CONTEXT);
}

export async function settingsInDb(): Promise<Settings> {
  const { getSettings } = await import("../../db/queries/settings");
  return getSettings();
}

export type AuditRow = {
  id: number;
  at: Date;
  event: string;
  outcome: string;
  reason: string | null;
  actorUsername: string | null;
  targetLabel: string | null;
  clientId: string | null;
  details: unknown;
};

/** Audit events (oldest first) matching every given condition; `afterId` counts from an earlier lastAuditId(). */
export async function auditEvents(
  where: {
    actor?: string;
    event?: string;
    targetLabel?: string;
    clientId?: string;
    ip?: string;
    afterId?: number;
  } = {},
): Promise<AuditRow[]> {
  const { getDb } = await import("../../db/client");
  const { auditEvents: table } = await import("../../db/schema");
  const { and, asc, eq, gt } = await import("drizzle-orm");
  const rows = getDb()
    .select()
    .from(table)
    .where(
      and(
        where.actor !== undefined ? eq(table.actorUsername, where.actor) : undefined,
        where.event !== undefined ? eq(table.event, where.event) : undefined,
        where.targetLabel !== undefined ? eq(table.targetLabel, where.targetLabel) : undefined,
        where.clientId !== undefined ? eq(table.clientId, where.clientId) : undefined,
        where.ip !== undefined ? eq(table.ip, where.ip) : undefined,
        where.afterId !== undefined ? gt(table.id, where.afterId) : undefined,
      ),
    )
    .orderBy(asc(table.id))
    .all();
  return rows.map((row) => ({
    id: row.id,
    at: row.at,
    event: row.event,
    outcome: row.outcome,
    reason: row.reason,
    actorUsername: row.actorUsername,
    targetLabel: row.targetLabel,
    clientId: row.clientId,
    details: row.details ? JSON.parse(row.details) : null,
  }));
}

export async function lastAuditId(): Promise<number> {
  const { getDb } = await import("../../db/client");
  const { auditEvents: table } = await import("../../db/schema");
  const { max } = await import("drizzle-orm");
  return (
    getDb()
      .select({ id: max(table.id) })
      .from(table)
      .get()?.id ?? 0
  );
}

/** The main navigation in the header. */
export const mainNav = (page: Page) => page.getByRole("navigation", { name: "Main" });

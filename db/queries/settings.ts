import type { AuditContext } from "@/lib/audit";
import { resolveSettings, SETTING_NAMES, type Settings } from "@/lib/settings";
import { getDb, type Tx, writeTransaction } from "../client";
import { settings } from "../schema";
import { insertAuditEvent } from "./audit";

function read(db: Pick<Tx, "select">): Settings {
  const stored: Record<string, unknown> = {};
  for (const row of db.select({ key: settings.key, value: settings.value }).from(settings).all()) {
    try {
      stored[row.key] = JSON.parse(row.value);
    } catch {
      // An unreadable value falls back to the default.
    }
  }
  return resolveSettings(stored);
}

/**
 * The current site settings, read from the database on every call: a change applies to the very
 * next request, in every process, with no cache to invalidate (one indexed read of a handful of rows).
 */
export async function getSettings(): Promise<Settings> {
  return read(getDb());
}

/** The settings as seen inside a write transaction, for rules that must not race a settings change. */
export function getSettingsTx(tx: Tx): Settings {
  return read(tx);
}

/**
 * Saves every given setting that changed, all or nothing, each change an audit event with its old
 * and new value. Settings left out are not touched (another administrator may have just changed
 * them). Returns the names that changed.
 */
export async function updateSettings(next: Partial<Settings>, ctx: AuditContext): Promise<string[]> {
  return writeTransaction((tx) => {
    const current = read(tx);
    const now = new Date();
    const changed: string[] = [];
    for (const name of SETTING_NAMES) {
      if (next[name] === undefined) continue;
      const from = JSON.stringify(current[name]);
      const to = JSON.stringify(next[name]);
      if (from === to) continue;
      tx.insert(settings)
        .values({ key: name, value: to, updatedAt: now, updatedById: ctx.actorId })
        .onConflictDoUpdate({ target: settings.key, set: { value: to, updatedAt: now, updatedById: ctx.actorId } })
        .run();
      insertAuditEvent(tx, ctx, {
        event: "setting.update",
        targetType: "setting",
        targetLabel: name,
        details: { name, from: current[name], to: next[name] },
      });
      changed.push(name);
    }
    return changed;
  });
}

import type { AuditContext } from "@/lib/model/audit";
import { resolveSettings, SETTING_NAMES, type Settings } from "@/lib/model/settings";
import { databaseVersion, getDb, getSqlite, type Tx, writeTransaction } from "../client";
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

type Cached = { settings: Settings; version: string; sqlite: object };
const registry = globalThis as unknown as { __keywardSettings?: Cached };

/**
 * The current site settings. They are re-read whenever the database may have changed since the last
 * read: `data_version` moves when another connection (another process) commits, `total_changes()`
 * when this one writes. So a change applies to the very next request in every process, while the
 * verification hot path pays one tiny statement instead of a read and a validation per request.
 * A request that also looks a key up passes the `version` it read once, so both share one check.
 */
export async function getSettings(version = databaseVersion()): Promise<Settings> {
  const sqlite = getSqlite();
  const cached = registry.__keywardSettings;
  if (cached && cached.sqlite === sqlite && cached.version === version) return cached.settings;
  const settings = read(getDb());
  registry.__keywardSettings = { settings, version, sqlite };
  return settings;
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

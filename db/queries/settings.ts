import { resolveSettings, type Settings } from "@/lib/model/settings";
import { databaseVersion, getDb, getSqlite, type Tx } from "../client";
import { settings } from "../schema";

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

/** Stores one setting's new value (JSON) in the caller's transaction. */
export function writeSettingTx(tx: Tx, name: string, value: string, actorId: number | null, now: Date): void {
  tx.insert(settings)
    .values({ key: name, value, updatedAt: now, updatedById: actorId })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now, updatedById: actorId } })
    .run();
}

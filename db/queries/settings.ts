import { resolveSettings, type Settings } from "@/lib/settings";
import { getDb, type Tx } from "../client";
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

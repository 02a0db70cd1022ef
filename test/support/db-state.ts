// For tests that prove a refused request changed nothing: a digest of every table a request could
// write, compared before and after.
import { createHash } from "node:crypto";
import { getSqlite } from "@/db/client";

const TABLES = ["users", "access_keys", "settings", "issued_tokens", "notifications", "audit_events"] as const;
export type StateTable = (typeof TABLES)[number];

/**
 * Row count and a hash of every row, per table (audit_events, which is only ever appended to: its
 * count and last id). The "last used" columns of access_keys are left
 * out: the batched usage flush (lib/api/usage.ts) may update them at any moment. `except` leaves
 * out whole tables (e.g. audit_events, which records refused API attempts by design).
 */
export function dbState(except: readonly StateTable[] = []): Record<string, string> {
  const sqlite = getSqlite();
  const state: Record<string, string> = {};
  for (const table of TABLES) {
    if (except.includes(table)) continue;
    if (table === "audit_events") {
      // Append-only: its size and last id tell whether anything was written, without hashing it all.
      const { n, last } = sqlite.prepare("select count(*) as n, max(id) as last from audit_events").get() as {
        n: number;
        last: number | null;
      };
      state[table] = `${n}:${last}`;
      continue;
    }
    const order = table === "settings" ? "key" : "id";
    const rows = sqlite.prepare(`select * from ${table} order by ${order}`).all() as Record<string, unknown>[];
    const hash = createHash("sha256");
    for (const row of rows) {
      const { last_used_at: _at, last_used_ip: _ip, ...kept } = row;
      hash.update(JSON.stringify(kept));
    }
    state[table] = `${rows.length}:${hash.digest("hex").slice(0, 16)}`;
  }
  return state;
}

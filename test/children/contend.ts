// Child process for concurrency.test.ts (run with `node --import tsx`): once "go" arrives on stdin,
// makes ATTEMPTS attempts on DATABASE_PATH, alternately creating a key for OWNER_ID and regenerating
// one of its revoked keys (REVOKED_IDS, comma-separated), both under the per-user limit; after each
// attempt it also flips TOGGLE_KEY_ID between inactive and active, a real write (with its fsync)
// that keeps the write lock busy. Prints one JSON line with its tallies and slowest operation.
// Anything but a limit refusal (SQLITE_BUSY above all) is printed and ends with exit code 1.

import { closeDb, getDb } from "@/db/client";
import type { AuditContext } from "@/lib/model/audit";
import { DomainError } from "@/lib/model/errors";
import { createKey, regenerateKey, setKeyStatus } from "@/lib/services/access-keys";
import { rootActor } from "@/test/support/actors";

const ownerId = Number(process.env.OWNER_ID);
const attempts = Number(process.env.ATTEMPTS ?? "100");
const revokedIds = (process.env.REVOKED_IDS ?? "").split(",").filter(Boolean).map(Number);
const toggleKeyId = process.env.TOGGLE_KEY_ID ? Number(process.env.TOGGLE_KEY_ID) : undefined;
const ctx: AuditContext = { actorId: null, actorUsername: `child-${process.pid}`, ip: null, userAgent: "contend" };

getDb(); // open the connection before the start signal, so every child starts writing at once
await new Promise<void>((resolve) => {
  process.stdin.once("data", () => resolve());
  process.stdout.write("ready\n");
});
process.stdin.destroy();

const tally = { created: 0, regenerated: 0, limited: 0, toggled: 0, slowestMs: 0 };
async function timed<T>(operation: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await operation();
  } finally {
    tally.slowestMs = Math.max(tally.slowestMs, performance.now() - start);
  }
}

try {
  for (let i = 0; i < attempts; i++) {
    const regenerate = i % 2 === 1 && revokedIds.length > 0;
    try {
      if (regenerate) {
        await timed(() => regenerateKey(rootActor, revokedIds[(i >> 1) % revokedIds.length] as number, ctx));
        tally.regenerated += 1;
      } else {
        await timed(() =>
          createKey(
            rootActor,
            { ownerId, name: `Race ${process.pid} ${i}`, description: "", expiresAt: undefined, bearerEnabled: false },
            ctx,
          ),
        );
        tally.created += 1;
      }
    } catch (error) {
      if (error instanceof DomainError && error.code === "limit") tally.limited += 1;
      else throw error;
    }
    if (toggleKeyId !== undefined) {
      await timed(() => setKeyStatus(rootActor, toggleKeyId, i % 2 === 0 ? "deactivate" : "activate", ctx));
      tally.toggled += 1;
    }
  }
  process.stdout.write(`${JSON.stringify(tally)}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`);
  process.exitCode = 1;
} finally {
  closeDb();
}

// Child process for access-key-limit.test.ts (run with `node --import tsx`): once "go" arrives on
// stdin, tries ATTEMPTS times to create a key for OWNER_ID in DATABASE_PATH, then prints
// {"created":n,"limited":m} as one JSON line. Any other error is printed and ends with exit code 1.

import { closeDb, getDb } from "@/db/client";
import type { AuditContext } from "@/lib/model/audit";
import { DomainError } from "@/lib/model/errors";
import { createKey } from "@/lib/services/access-keys";
import { rootActor } from "@/test/support/actors";

const ownerId = Number(process.env.OWNER_ID);
const attempts = Number(process.env.ATTEMPTS ?? "25");
const ctx: AuditContext = { actorId: null, actorUsername: `child-${process.pid}`, ip: null, userAgent: "create-keys" };

getDb(); // open the connection before the start signal, so every child starts writing at once
await new Promise<void>((resolve) => {
  process.stdin.once("data", () => resolve());
  process.stdout.write("ready\n");
});
process.stdin.destroy();

let created = 0;
let limited = 0;
try {
  for (let i = 0; i < attempts; i++) {
    try {
      await createKey(
        rootActor,
        { ownerId, name: `Race ${process.pid} ${i}`, description: "", expiresAt: undefined, bearerEnabled: false },
        ctx,
      );
      created += 1;
    } catch (error) {
      if (error instanceof DomainError && error.code === "limit") limited += 1;
      else throw error;
    }
  }
  process.stdout.write(`${JSON.stringify({ created, limited })}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`);
  process.exitCode = 1;
} finally {
  closeDb();
}

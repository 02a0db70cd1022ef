// Child process for sign-in-throttle.test.ts (run with `node --import tsx`): once "go" arrives on
// stdin, makes ATTEMPTS reservations on DATABASE_PATH, alternately against one shared username
// (limit 5) and, under a username of its own, against one shared address (limit 20). Prints
// {"username":n,"ip":m}, the reservations that went through, as one JSON line.
import { closeDb, getDb } from "@/db/client";
import { reserveSignInAttempt } from "@/db/queries/sign-in-throttle";

const attempts = Number(process.env.ATTEMPTS ?? "40");
const windowMs = 15 * 60_000;

getDb(); // open the connection before the start signal, so every child starts writing at once
await new Promise<void>((resolve) => {
  process.stdin.once("data", () => resolve());
  process.stdout.write("ready\n");
});
process.stdin.destroy();

const reserved = { username: 0, ip: 0 };
try {
  for (let i = 0; i < attempts; i++) {
    if (i % 2 === 0) {
      const wait = reserveSignInAttempt([{ scope: "username", key: "shared-user", limit: 5, windowMs }]);
      if (wait === 0) reserved.username += 1;
    } else {
      const wait = reserveSignInAttempt([
        { scope: "username", key: `own-${process.pid}-${i}`, limit: 5, windowMs },
        { scope: "ip", key: "203.0.113.7", limit: 20, windowMs },
      ]);
      if (wait === 0) reserved.ip += 1;
    }
  }
  process.stdout.write(`${JSON.stringify(reserved)}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`);
  process.exitCode = 1;
} finally {
  closeDb();
}

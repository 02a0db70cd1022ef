// Child process for concurrent-jobs.test.ts (run with `node --import tsx`): once "go" arrives on
// stdin, runs PASSES scheduler passes at the fake time NOW (ms) against DATABASE_PATH and SMTP_URL,
// then prints the summed report as one JSON line. Any error is printed and ends with exit code 1.
import { closeDb, getDb } from "@/db/client";
import { type JobsReport, runJobs } from "@/lib/notifications/jobs";

const now = Number(process.env.NOW);
const passes = Number(process.env.PASSES ?? "3");

getDb(); // open the connection before the start signal, so both children start at once
await new Promise<void>((resolve) => {
  process.stdin.once("data", () => resolve());
  process.stdout.write("ready\n");
});
process.stdin.destroy();

const total: JobsReport = { reminders: 0, expired: 0, sent: 0, failed: 0, tokensPurged: 0, sessionsPurged: 0 };
try {
  for (let i = 0; i < passes; i++) {
    const report = await runJobs({ now: new Date(now + i * 1000) });
    for (const k of Object.keys(total) as (keyof JobsReport)[]) total[k] += report[k];
  }
  process.stdout.write(`${JSON.stringify(total)}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`);
  process.exitCode = 1;
} finally {
  closeDb();
}

// The WAL checkpointer thread of the Keyward server (started by ./checkpointer.ts). Plain JavaScript:
// it needs only the SQLite driver, not the TypeScript loader every other thread pays for.
import { statSync } from "node:fs";
import { createRequire } from "node:module";
import { parentPort, workerData } from "node:worker_threads";

/**
 * How long a RESTART or TRUNCATE checkpoint may wait, in all, for the write lock and for readers
 * to leave the log. It holds the write lock while it waits for readers, so a writer may wait as
 * long: short, and a reset that cannot finish in time is tried again on the next tick.
 */
const RESET_WAIT_MS = 20;
/** A log this long (SQLite's own autocheckpoint threshold, 4 MB of 4 KB pages) is worth starting over. */
const RESET_FRAMES = 1_000;
/** At most this much of the log (1 MB) may be left for a RESTART to copy under the write lock. */
const RESET_REST_FRAMES = 250;
/** How soon a reset that could not finish is tried again. */
const RETRY_MS = 100;

const Database = createRequire(import.meta.url)("better-sqlite3");
// `timeout` is the connection's busy_timeout (the driver's default, 5 s, would stall writers that long).
const db = new Database(workerData.file, { timeout: RESET_WAIT_MS });
const wal = `${workerData.file}-wal`;
/** The log's length when a RESTART last succeeded: until a writer starts it over, nothing to do. */
let restartedAt = 0;

function walFileSize() {
  try {
    return statSync(wal).size;
  } catch {
    return 0;
  }
}

function checkpoint() {
  // PASSIVE: copies what no reader still needs, never waits for or blocks readers and writers.
  // (Busy is no error: SQLite reports it in the pragma's result, and the next tick copies what
  // this one could not.)
  const [copied] = db.pragma("wal_checkpoint(PASSIVE)");
  // PASSIVE alone never lets the log start over under steady load: a writer starts it over only
  // if everything was copied and no reader is in the log when it begins, and under steady writes
  // the log is never all copied (commits arrive while a checkpoint copies). So the log grew
  // without bound (issue 12: 547 MB after 20,000 tokens). Once a PASSIVE has copied (nearly) all
  // it saw, a RESTART copies the rest under the write lock, waiting (briefly) for the readers
  // that still needed it, then for every reader to leave the log; the next writer then starts
  // the log over from its first frame. "Nearly": with readers busy all the time, one of them
  // may still read an older snapshot when a PASSIVE runs (5–7% of the ticks in `bench wal`), and
  // the rest is then the last few milliseconds' commits. A reader that holds much more (a long
  // read) would fail the RESTART anyway, as it could copy no more than the PASSIVE did.
  if (copied.busy !== 0 || copied.log === 0 || copied.log - copied.checkpointed > RESET_REST_FRAMES) return false;
  // TRUNCATE when the file is over the limit (after a burst, or a reader that held the log for
  // long), so it shrinks even if no write follows; otherwise RESTART, which keeps the file for
  // the next log to overwrite: a commit that must grow the file pays for the file system's
  // metadata in its fsync (about twice the cost: docs/benchmarks.md).
  const oversized = walFileSize() > workerData.sizeLimit;
  if (!oversized && (copied.log < RESET_FRAMES || copied.log === restartedAt)) return false;
  const [reset] = db.pragma(`wal_checkpoint(${oversized ? "TRUNCATE" : "RESTART"})`);
  if (reset.busy !== 0) return true;
  if (!oversized) restartedAt = reset.log;
  return false;
}

let timer;
function tick() {
  let failed = false;
  try {
    failed = checkpoint();
  } catch (error) {
    // A transient I/O error: the next tick tries again.
    console.error("Keyward checkpointer:", error?.message ?? error);
  }
  // A reset that did not finish in time is tried again soon: a burst of writes can hold the write
  // lock for seconds, and the log grows meanwhile (docs/benchmarks.md). Failing costs a writer at
  // most RESET_WAIT_MS; every RETRY_MS at most, that is a fifth of the time, and only while resets
  // keep failing.
  timer = setTimeout(tick, failed ? Math.min(RETRY_MS, workerData.intervalMs) : workerData.intervalMs);
}
timer = setTimeout(tick, workerData.intervalMs);

parentPort?.on("message", () => {
  // The only message is { type: "stop" } (lib/server/supervise.ts).
  clearTimeout(timer);
  db.close();
  process.exit(0);
});

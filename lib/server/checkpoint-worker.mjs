// The WAL checkpointer thread of the Keyward server (started by ./checkpointer.ts). Plain JavaScript:
// it needs only the SQLite driver, not the TypeScript loader every other thread pays for.
import { createRequire } from "node:module";
import { parentPort, workerData } from "node:worker_threads";

const Database = createRequire(import.meta.url)("better-sqlite3");
const db = new Database(workerData.file);

const timer = setInterval(() => {
  try {
    // PASSIVE: copies what no reader still needs, never waits for or blocks readers and writers.
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch (error) {
    // A transient I/O error: the next tick tries again. (Busy is no error: SQLite reports it in the
    // pragma's result, and the next tick copies what this one could not.)
    console.error("Keyward checkpointer:", error?.message ?? error);
  }
}, workerData.intervalMs);

parentPort?.on("message", () => {
  // The only message is { type: "stop" } (lib/server/supervise.ts).
  clearInterval(timer);
  db.close();
  process.exit(0);
});

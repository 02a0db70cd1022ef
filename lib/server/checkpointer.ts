import { Worker } from "node:worker_threads";
import { superviseWorker } from "./supervise";

export type Checkpointer = { stop(): Promise<void> };

/**
 * Copies the WAL into the database file every `intervalMs` from a thread of its own, restarted if
 * it dies. The server's connections turn SQLite's automatic checkpoint off (BACKGROUND_CHECKPOINT
 * in db/client.ts): otherwise whichever commit crosses 1,000 WAL pages copies and fsyncs them on
 * its own thread, and an API request waits behind a disk flush of a few hundred milliseconds.
 */
export function startCheckpointer(file: string, intervalMs = 1_000): Checkpointer {
  return superviseWorker(
    "checkpointer",
    () => new Worker(new URL("./checkpoint-worker.mjs", import.meta.url), { workerData: { file, intervalMs } }),
  );
}

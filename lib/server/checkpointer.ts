import { Worker } from "node:worker_threads";
import { WAL_SIZE_LIMIT } from "../../db/client";
import { superviseWorker } from "./supervise";

export type Checkpointer = { stop(): Promise<void> };

export type CheckpointerOptions = {
  /** How often it checkpoints (default 1 s). */
  intervalMs?: number;
  /** Above this size the -wal file is truncated once all of it is copied (default WAL_SIZE_LIMIT). */
  sizeLimit?: number;
};

/**
 * Copies the WAL into the database file every `intervalMs` from a thread of its own, restarted if
 * it dies, and keeps the log from growing without bound (./checkpoint-worker.mjs). The server's
 * connections turn SQLite's automatic checkpoint off (BACKGROUND_CHECKPOINT in db/client.ts):
 * otherwise whichever commit crosses 1,000 WAL pages copies and fsyncs them on its own thread, and
 * an API request waits behind a disk flush of a few hundred milliseconds.
 */
export function startCheckpointer(file: string, options: CheckpointerOptions = {}): Checkpointer {
  const workerData = { file, intervalMs: options.intervalMs ?? 1_000, sizeLimit: options.sizeLimit ?? WAL_SIZE_LIMIT };
  return superviseWorker(
    "checkpointer",
    () => new Worker(new URL("./checkpoint-worker.mjs", import.meta.url), { workerData }),
  );
}

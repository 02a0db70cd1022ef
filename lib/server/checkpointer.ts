import { Worker } from "node:worker_threads";

const RESTART_DELAY_MS = 1_000;

export type Checkpointer = { stop(): Promise<void> };

/**
 * Copies the WAL into the database file every `intervalMs` from a thread of its own, restarted if
 * it dies. The server's connections turn SQLite's automatic checkpoint off (BACKGROUND_CHECKPOINT
 * in db/client.ts): otherwise whichever commit crosses 1,000 WAL pages copies and fsyncs them on
 * its own thread, and an API request waits behind a disk flush of a few hundred milliseconds.
 */
export function startCheckpointer(file: string, intervalMs = 1_000): Checkpointer {
  let worker: Worker | undefined;
  let stopping = false;
  const spawn = () => {
    const current = new Worker(new URL("./checkpoint-worker.mjs", import.meta.url), {
      workerData: { file, intervalMs },
    });
    worker = current;
    current.on("error", (error) => console.error("Keyward checkpointer failed:", error.message));
    current.on("exit", () => {
      if (worker !== current) return;
      worker = undefined;
      if (!stopping) setTimeout(spawn, RESTART_DELAY_MS).unref();
    });
  };
  spawn();
  return {
    async stop() {
      stopping = true;
      const current = worker;
      if (!current) return;
      const exited = new Promise((resolve) => current.once("exit", resolve));
      current.postMessage("stop");
      await exited;
    },
  };
}

import type { Worker } from "node:worker_threads";

const RESTART_DELAY_MS = 1_000;
const STOP_GRACE_MS = 5_000;

export type SupervisedWorker = {
  /** The running thread, if any. */
  current(): Worker | undefined;
  /** Asks the thread to stop ({ type: "stop" }), ends it after STOP_GRACE_MS, and no longer restarts it. */
  stop(): Promise<void>;
};

/**
 * Runs a server thread made by `create`, and makes it again a second after it dies (until stopped).
 * `onExit` runs whenever the current thread exits, before any restart.
 */
export function superviseWorker(
  name: string,
  create: () => Worker,
  options: { onExit?: (code: number) => void; stopGraceMs?: number } = {},
): SupervisedWorker {
  let worker: Worker | undefined;
  let stopping = false;
  const spawn = () => {
    const current = create();
    worker = current;
    current.on("error", (error) => console.error(`Keyward ${name} failed:`, error));
    current.on("exit", (code) => {
      if (worker !== current) return;
      worker = undefined;
      options.onExit?.(code);
      if (stopping) return;
      console.error(`Keyward ${name} exited (${code}); restarting it.`);
      setTimeout(spawn, RESTART_DELAY_MS).unref();
    });
  };
  spawn();
  return {
    current: () => worker,
    async stop() {
      stopping = true;
      const current = worker;
      if (!current) return;
      const exited = new Promise((resolve) => current.once("exit", resolve));
      current.postMessage({ type: "stop" });
      const timer = setTimeout(() => void current.terminate(), options.stopGraceMs ?? STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}

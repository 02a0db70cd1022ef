import { deliverDue } from "./delivery";
import { runJobs } from "./jobs";
import { registerDeliveryHook } from "./kick";

export type Scheduler = { stop: () => Promise<void> };
type Pass = "full" | "deliver";

/**
 * Runs a full pass at once and then every `intervalMs` (an unref'd timer: it never keeps the
 * process alive), one pass at a time. Mail queued by this process asks for an early delivery-only
 * pass. A failed pass is logged and the next tick tries again.
 */
export function startScheduler(options: {
  intervalMs: number;
  run?: () => Promise<unknown>;
  deliver?: () => Promise<unknown>;
}): Scheduler {
  const passes: Record<Pass, () => Promise<unknown>> = {
    full: options.run ?? (() => runJobs()),
    deliver: options.deliver ?? (() => deliverDue()),
  };
  let running: Promise<void> | undefined;
  let queued: Pass | undefined;
  let stopped = false;

  const start = (pass: Pass): void => {
    if (stopped) return;
    if (running) {
      queued = queued === "full" || pass === "full" ? "full" : "deliver";
      return;
    }
    running = passes[pass]()
      .then(
        () => undefined,
        (error: unknown) =>
          console.error(`Keyward jobs: ${pass} pass failed:`, error instanceof Error ? error.message : error),
      )
      .finally(() => {
        running = undefined;
        const next = queued;
        queued = undefined;
        if (next) start(next);
      });
  };

  const timer = setInterval(() => start("full"), options.intervalMs);
  timer.unref();
  registerDeliveryHook(() => start("deliver"));
  start("full");
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      registerDeliveryHook(undefined);
      while (running) await running;
    },
  };
}

import { afterEach, describe, expect, it, vi } from "vitest";
import { requestDelivery } from "./kick";
import { type Scheduler, startScheduler } from "./scheduler";

/** Passes that finish only when the test says so. */
function controlledPasses() {
  const started: string[] = [];
  const waiting: (() => void)[] = [];
  const pass = (name: string) => () => {
    started.push(name);
    return new Promise<void>((resolve) => waiting.push(resolve));
  };
  const finishOne = async () => {
    waiting.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { started, finishOne, run: pass("full"), deliver: pass("deliver") };
}
const settle = () => new Promise((resolve) => setImmediate(resolve));

let scheduler: Scheduler | undefined;
afterEach(async () => {
  await scheduler?.stop();
  scheduler = undefined;
});

describe("the in-process scheduler", () => {
  it("runs a full pass at start, one pass at a time, and folds delivery requests made meanwhile into one", async () => {
    const passes = controlledPasses();
    scheduler = startScheduler({ intervalMs: 3_600_000, run: passes.run, deliver: passes.deliver });
    expect(passes.started).toEqual(["full"]);
    requestDelivery(); // mail queued by this process while the first pass runs
    requestDelivery();
    await settle();
    expect(passes.started).toEqual(["full"]);
    await passes.finishOne();
    expect(passes.started).toEqual(["full", "deliver"]);
    await passes.finishOne();
    expect(passes.started).toEqual(["full", "deliver"]);
  });

  it("keeps going after a failed pass, and does nothing once stopped", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    let calls = 0;
    scheduler = startScheduler({
      intervalMs: 3_600_000,
      run: async () => {
        calls += 1;
        throw new Error("database is locked");
      },
      deliver: async () => {
        calls += 1;
      },
    });
    await settle();
    expect(errors).toHaveBeenCalledWith("Keyward jobs: full pass failed:", "database is locked");
    requestDelivery();
    await settle();
    expect(calls).toBe(2);
    await scheduler.stop();
    requestDelivery();
    await settle();
    expect(calls).toBe(2);
    errors.mockRestore();
  });
});

import { Worker } from "node:worker_threads";
import { describe, expect, it, vi } from "vitest";
import { superviseWorker } from "./supervise";

const thread = (code: string) => () => new Worker(code, { eval: true });
// Stops when asked; exits with 3 when told "die".
const obedient = thread(`const { parentPort } = require("node:worker_threads");
  parentPort.on("message", (m) => process.exit(m === "die" ? 3 : 0));`);

describe("a supervised server thread", () => {
  it("is made again after it dies, with onExit told first, and stopped for good when asked", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const exits: number[] = [];
    const created = vi.fn(obedient);
    const supervised = superviseWorker("test thread", created, { onExit: (code) => exits.push(code) });
    const first = supervised.current();
    first?.postMessage("die");
    await vi.waitFor(() => expect(created).toHaveBeenCalledTimes(2), { timeout: 5_000 });
    expect(exits).toEqual([3]);
    expect(supervised.current()).not.toBe(first);
    await supervised.stop();
    expect(exits).toEqual([3, 0]);
    expect(supervised.current()).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 1_200)); // past the restart delay
    expect(created).toHaveBeenCalledTimes(2);
    vi.restoreAllMocks();
  });

  it("ends a thread that does not stop within the grace period", async () => {
    const stuck = superviseWorker("stuck thread", thread("setInterval(() => {}, 1000);"), { stopGraceMs: 200 });
    const started = performance.now();
    await stuck.stop();
    expect(performance.now() - started).toBeGreaterThanOrEqual(150);
    expect(stuck.current()).toBeUndefined();
  });
});

import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { FailureThrottle, formatRetryAfter, ThreadSharedThrottle } from "./throttle";

const MINUTE = 60_000;
const T0 = 1_700_000_000_000;

/** The throttle's private map, read only to prove it stays bounded. */
const size = (throttle: FailureThrottle) => (throttle as unknown as { entries: Map<string, unknown> }).entries.size;

function failTimes(throttle: FailureThrottle, key: string, times: number, now = T0) {
  for (let i = 0; i < times; i++) throttle.fail(key, now);
}

describe("FailureThrottle: blocking at the limit", () => {
  it("does not block an unknown key", () => {
    expect(new FailureThrottle(3, MINUTE).retryAfterMs("nobody", T0)).toBe(0);
  });

  it("does not block below the limit", () => {
    const throttle = new FailureThrottle(3, MINUTE);
    failTimes(throttle, "alice", 2);
    expect(throttle.retryAfterMs("alice", T0)).toBe(0);
  });

  it("blocks exactly at the limit, for the rest of the window", () => {
    const throttle = new FailureThrottle(3, 10 * MINUTE);
    failTimes(throttle, "alice", 3);
    expect(throttle.retryAfterMs("alice", T0)).toBe(10 * MINUTE);
    expect(throttle.retryAfterMs("alice", T0 + 4 * MINUTE)).toBe(6 * MINUTE);
  });

  it("measures the window from the first failure, not the last", () => {
    const throttle = new FailureThrottle(3, 10 * MINUTE);
    throttle.fail("alice", T0);
    throttle.fail("alice", T0 + MINUTE);
    throttle.fail("alice", T0 + 2 * MINUTE);
    expect(throttle.retryAfterMs("alice", T0 + 2 * MINUTE)).toBe(8 * MINUTE);
  });

  it("stays blocked while further failures arrive inside the window", () => {
    const throttle = new FailureThrottle(2, MINUTE);
    failTimes(throttle, "alice", 5);
    expect(throttle.retryAfterMs("alice", T0 + 1)).toBe(MINUTE - 1);
  });
});

describe("FailureThrottle: the window ends", () => {
  it("unblocks when the window has passed", () => {
    const throttle = new FailureThrottle(3, MINUTE);
    failTimes(throttle, "alice", 3);
    expect(throttle.retryAfterMs("alice", T0 + MINUTE - 1)).toBe(1);
    expect(throttle.retryAfterMs("alice", T0 + MINUTE)).toBe(0);
    expect(throttle.retryAfterMs("alice", T0 + 5 * MINUTE)).toBe(0);
  });

  it("starts counting afresh after the window", () => {
    const throttle = new FailureThrottle(3, MINUTE);
    failTimes(throttle, "alice", 3);
    const later = T0 + 2 * MINUTE;
    failTimes(throttle, "alice", 2, later);
    expect(throttle.retryAfterMs("alice", later)).toBe(0);
    throttle.fail("alice", later);
    expect(throttle.retryAfterMs("alice", later)).toBe(MINUTE);
  });

  it("does not let old failures count towards a new window", () => {
    const throttle = new FailureThrottle(3, MINUTE);
    failTimes(throttle, "alice", 2);
    throttle.fail("alice", T0 + MINUTE); // a new window starts here with one failure
    expect(throttle.retryAfterMs("alice", T0 + MINUTE)).toBe(0);
  });
});

describe("FailureThrottle: reset and independent keys", () => {
  it("reset clears the key's failures", () => {
    const throttle = new FailureThrottle(3, MINUTE);
    failTimes(throttle, "alice", 3);
    throttle.reset("alice");
    expect(throttle.retryAfterMs("alice", T0)).toBe(0);
    failTimes(throttle, "alice", 2);
    expect(throttle.retryAfterMs("alice", T0)).toBe(0);
  });

  it("keeps keys apart", () => {
    const throttle = new FailureThrottle(3, MINUTE);
    failTimes(throttle, "alice", 3);
    failTimes(throttle, "bob", 2);
    expect(throttle.retryAfterMs("alice", T0)).toBeGreaterThan(0);
    expect(throttle.retryAfterMs("bob", T0)).toBe(0);
    throttle.reset("bob");
    expect(throttle.retryAfterMs("alice", T0)).toBeGreaterThan(0);
  });

  it("treats keys exactly (no case folding of its own)", () => {
    const throttle = new FailureThrottle(1, MINUTE);
    throttle.fail("alice", T0);
    expect(throttle.retryAfterMs("Alice", T0)).toBe(0);
  });
});

describe("FailureThrottle: bounded memory", () => {
  it("never holds more than maxEntries keys when flooded with live keys", () => {
    const throttle = new FailureThrottle(1, 10 * MINUTE, 50);
    for (let i = 0; i < 1_000; i++) throttle.fail(`ip-${i}`, T0 + i);
    expect(size(throttle)).toBeLessThanOrEqual(50);
    // The most recent keys are kept (and still blocked); the oldest went first.
    expect(throttle.retryAfterMs("ip-999", T0 + 1_000)).toBeGreaterThan(0);
    expect(throttle.retryAfterMs("ip-0", T0 + 1_000)).toBe(0);
  });

  it("drops expired entries before dropping live ones", () => {
    const throttle = new FailureThrottle(1, MINUTE, 10);
    for (let i = 0; i < 9; i++) throttle.fail(`old-${i}`, T0);
    throttle.fail("live", T0 + MINUTE - 1);
    expect(size(throttle)).toBe(10);
    throttle.fail("new", T0 + MINUTE); // the nine old ones have expired
    expect(size(throttle)).toBe(2);
    expect(throttle.retryAfterMs("live", T0 + MINUTE)).toBeGreaterThan(0);
    expect(throttle.retryAfterMs("new", T0 + MINUTE)).toBe(MINUTE);
  });

  it("does not evict anything when an existing key fails again", () => {
    const throttle = new FailureThrottle(3, MINUTE, 2);
    throttle.fail("a", T0);
    throttle.fail("b", T0);
    failTimes(throttle, "a", 2);
    expect(size(throttle)).toBe(2);
    expect(throttle.retryAfterMs("a", T0)).toBe(MINUTE);
  });
});

describe("formatRetryAfter", () => {
  it("rounds up to whole minutes", () => {
    expect(formatRetryAfter(1)).toBe("a minute");
    expect(formatRetryAfter(MINUTE)).toBe("a minute");
    expect(formatRetryAfter(MINUTE + 1)).toBe("2 minutes");
    expect(formatRetryAfter(14 * MINUTE + 30_000)).toBe("15 minutes");
    expect(formatRetryAfter(15 * MINUTE)).toBe("15 minutes");
  });

  it("never says zero minutes", () => {
    expect(formatRetryAfter(0)).toBe("a minute");
  });
});

describe("ThreadSharedThrottle: one budget across the server's threads", () => {
  it("counts a failure, a release and a reset made by another instance of the same name", async () => {
    const here = new ThreadSharedThrottle("test-shared", 3, 60_000);
    const there = new ThreadSharedThrottle("test-shared", 3, 60_000);
    const unrelated = new ThreadSharedThrottle("test-other", 3, 60_000);
    try {
      here.fail("client");
      there.fail("client");
      here.fail("client");
      await expect.poll(() => there.retryAfterMs("client")).toBeGreaterThan(0);
      expect(here.retryAfterMs("client")).toBeGreaterThan(0);
      expect(unrelated.retryAfterMs("client")).toBe(0);
      there.release("client");
      await expect.poll(() => here.retryAfterMs("client")).toBe(0);
      here.fail("client");
      await expect.poll(() => there.retryAfterMs("client")).toBeGreaterThan(0);
      there.reset("client");
      await expect.poll(() => here.retryAfterMs("client")).toBe(0);
    } finally {
      for (const t of [here, there, unrelated]) t.close();
    }
  });

  it("hears failures counted in a worker thread", async () => {
    const main = new ThreadSharedThrottle("test-thread", 2, 60_000);
    // A plain-JS worker posting what a ThreadSharedThrottle there would post on two failures.
    const worker = new Worker(
      `const c = new BroadcastChannel("keyward:throttle:test-thread");
       c.postMessage({ op: "fail", key: "10.0.0.1" });
       c.postMessage({ op: "fail", key: "10.0.0.1" });
       c.close();`,
      { eval: true },
    );
    try {
      await expect.poll(() => main.retryAfterMs("10.0.0.1")).toBeGreaterThan(0);
    } finally {
      main.close();
      await worker.terminate();
    }
  });
});

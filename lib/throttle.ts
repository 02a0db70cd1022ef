/**
 * Counts failures per key (a username, an IP, a client ID) in a fixed window and blocks the key
 * once it reaches the limit, until the window ends. In memory, so its counters are per thread and
 * forgotten on restart: it serves the API's own throttles (lib/api/authenticate.ts), which are on
 * the hot path; ThreadSharedThrottle below keeps the server's threads in step. Limits that every
 * process must share (sign-in) are kept in the database instead (db/queries/sign-in-throttle.ts).
 */
export class FailureThrottle {
  private readonly entries = new Map<string, { count: number; start: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly maxEntries = 100_000,
  ) {}

  /** Milliseconds until `key` may try again; 0 when it is not blocked. */
  retryAfterMs(key: string, now = Date.now()): number {
    const entry = this.entries.get(key);
    if (!entry) return 0;
    const end = entry.start + this.windowMs;
    if (now >= end) {
      this.entries.delete(key);
      return 0;
    }
    return entry.count >= this.limit ? end - now : 0;
  }

  fail(key: string, now = Date.now()): void {
    const entry = this.entries.get(key);
    if (!entry || now >= entry.start + this.windowMs) {
      this.entries.delete(key); // a renewed key moves to the back of the eviction order
      if (this.entries.size >= this.maxEntries) this.prune(now);
      this.entries.set(key, { count: 1, start: now });
    } else {
      entry.count += 1;
    }
  }

  /** Takes back one failure counted ahead of time (see `fail`), e.g. when the attempt succeeded. */
  release(key: string): void {
    const entry = this.entries.get(key);
    if (entry && entry.count > 0) entry.count -= 1;
  }

  reset(key: string): void {
    this.entries.delete(key);
  }

  private prune(now: number): void {
    for (const [key, entry] of this.entries) {
      if (now >= entry.start + this.windowMs) this.entries.delete(key);
    }
    // Still full of live entries: drop the oldest rather than grow without bound.
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}

export function formatRetryAfter(ms: number): string {
  const minutes = Math.ceil(ms / 60_000);
  return minutes <= 1 ? "a minute" : `${minutes} minutes`;
}

type ThrottleMessage = { op: "fail" | "release" | "reset"; key: string };

/**
 * A FailureThrottle kept in step across the server's threads (the API is answered on the main
 * thread and, for writes, in the pages worker): every failure, release and reset is also sent to the
 * throttles of the same name in the other threads, so a caller gets one budget, not one per thread.
 */
export class ThreadSharedThrottle extends FailureThrottle {
  private readonly channel: BroadcastChannel;

  constructor(name: string, limit: number, windowMs: number) {
    super(limit, windowMs);
    this.channel = new BroadcastChannel(`keyward:throttle:${name}`);
    (this.channel as unknown as { unref(): void }).unref(); // never keeps a process alive
    this.channel.onmessage = (event) => {
      const { op, key } = (event as MessageEvent<ThrottleMessage>).data;
      if (op === "fail") super.fail(key);
      else if (op === "release") super.release(key);
      else super.reset(key);
    };
  }

  override fail(key: string, now = Date.now()): void {
    super.fail(key, now);
    this.channel.postMessage({ op: "fail", key } satisfies ThrottleMessage);
  }

  override release(key: string): void {
    super.release(key);
    this.channel.postMessage({ op: "release", key } satisfies ThrottleMessage);
  }

  override reset(key: string): void {
    super.reset(key);
    this.channel.postMessage({ op: "reset", key } satisfies ThrottleMessage);
  }

  /** Stops listening (tests). */
  close(): void {
    this.channel.close();
  }
}

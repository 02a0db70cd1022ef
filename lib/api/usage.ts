import { recordApiUsage, type UsageBatch } from "@/db/queries/verification";
import { redactSecrets } from "../keys";
import type { AuditContext, AuditEntry } from "../model/audit";

/**
 * API usage is recorded off the request path: "last used at/from" per key and one audit event per
 * (outcome, reason, client ID, IP, user agent) with the number of attempts, written together in one
 * transaction every FLUSH_MS. So a key's "last used" is at most about a second stale, and every
 * authentication attempt is counted without an fsync per request.
 */
export const FLUSH_MS = 1_000;

/**
 * Commits a batch somewhere else: the server's main thread hands its batches to the worker thread,
 * so thousands of rows a second from many distinct keys never hold up a verification. It rejects
 * when it could not (the worker restarting, stuck or failing); the batch is then handed over again
 * with the next one, and after HANDOFF_ATTEMPTS failures in a row it is committed on this thread's
 * own connection. Nothing is lost. A batch the worker committed but could not confirm (it died in
 * between, or was stuck past the host's 10 s wait and then went on) may be committed twice: its
 * audit events then count twice, while "last used" only ever moves forward.
 */
export type UsageWriter = (batch: UsageBatch) => Promise<void>;
export const HANDOFF_ATTEMPTS = 5;

type Attempt = {
  outcome: "success" | "failure";
  reason?: string;
  via: string;
  clientId: string | null;
  keyId: number | null;
  ownerId: number | null;
  ownerUsername: string | null;
  ip: string | null;
  userAgent: string | null;
};

class UsageRecorder {
  private lastUsed = new Map<number, { at: Date; ip: string | null }>();
  private attempts = new Map<string, { attempt: Attempt; count: number; first: Date }>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private writer: UsageWriter | undefined;
  /** The batch that could not be committed, committed with the next one (one commit at a time). */
  private handedBack: UsageBatch | undefined;
  private failedHandoffs = 0;
  /** A commit is queued behind the one under way (it will take whatever is there when it starts). */
  private waiting = false;

  /** Where batches are committed from now on; undefined: on this thread (also what is handed back). */
  writeWith(writer: UsageWriter | undefined): void {
    this.writer = writer;
  }

  record(attempt: Attempt, now = new Date()): void {
    if (attempt.outcome === "success" && attempt.keyId !== null)
      this.lastUsed.set(attempt.keyId, { at: now, ip: attempt.ip });
    const key = [attempt.outcome, attempt.reason, attempt.via, attempt.clientId, attempt.ip, attempt.userAgent].join(
      "\u0000",
    );
    const existing = this.attempts.get(key);
    if (existing) existing.count += 1;
    else this.attempts.set(key, { attempt, count: 1, first: now });
    this.schedule();
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS).unref();
  }

  /**
   * Commits what has been collected, and any batch handed back; safe to call at any time (tests,
   * shutdown). One commit at a time, each taking everything there is when it starts: while the
   * writer is slow, what comes in meanwhile is aggregated in memory, not queued batch by batch.
   */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.waiting) {
      this.waiting = true;
      this.flushing = this.flushing.then(() => {
        this.waiting = false;
        const batch = this.take();
        return batch && this.commit(batch);
      });
    }
    return this.flushing;
  }

  /** Everything collected so far and handed back, as one batch (undefined when there is nothing). */
  private take(): UsageBatch | undefined {
    const collected: UsageBatch = {
      lastUsed: [...this.lastUsed].map(([keyId, use]) => ({ keyId, ...use })),
      events: [...this.attempts.values()].map(({ attempt, count, first }) => {
        const ctx: AuditContext = {
          actorId: attempt.ownerId,
          actorUsername: attempt.ownerUsername,
          ip: attempt.ip,
          userAgent: attempt.userAgent,
        };
        const entry: AuditEntry = {
          event: "api.auth",
          outcome: attempt.outcome,
          reason: attempt.reason,
          clientId: attempt.clientId ?? undefined,
          targetType: attempt.keyId !== null ? "access_key" : undefined,
          targetId: attempt.keyId ?? undefined,
          details: { via: attempt.via, count },
        };
        return { ctx, entry, at: first };
      }),
    };
    this.lastUsed = new Map();
    this.attempts = new Map();
    const back = this.handedBack;
    this.handedBack = undefined;
    const lastUsed = back ? [...back.lastUsed, ...collected.lastUsed] : collected.lastUsed;
    const events = back ? [...back.events, ...collected.events] : collected.events;
    return lastUsed.length > 0 || events.length > 0 ? { lastUsed, events } : undefined;
  }

  private async commit(batch: UsageBatch): Promise<void> {
    const writer = this.writer;
    if (writer) {
      try {
        await writer(batch);
        this.failedHandoffs = 0;
        return;
      } catch {
        this.failedHandoffs += 1;
        if (this.writer && this.failedHandoffs < HANDOFF_ATTEMPTS) {
          this.handedBack = batch;
          this.schedule();
          return;
        }
        this.failedHandoffs = 0; // committed here, below, as a last resort
      }
    }
    try {
      await recordApiUsage(batch);
    } catch (error) {
      // Kept for the next flush, not dropped: every attempt is audited once the database takes it.
      this.handedBack = batch;
      this.schedule();
      console.error(
        redactSecrets(`[api] could not record usage: ${error instanceof Error ? error.message : "unknown error"}`),
      );
    }
  }
}

const registry = globalThis as unknown as { __keywardUsage?: UsageRecorder };
export function usage(): UsageRecorder {
  registry.__keywardUsage ??= new UsageRecorder();
  return registry.__keywardUsage;
}

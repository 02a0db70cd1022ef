import { recordApiUsage, type UsageBatch } from "@/db/queries/verification";
import type { AuditContext, AuditEntry } from "../audit";
import { redactSecrets } from "../keys";

/**
 * API usage is recorded off the request path: "last used at/from" per key and one audit event per
 * (outcome, reason, client ID, IP, user agent) with the number of attempts, written together in one
 * transaction every FLUSH_MS. So a key's "last used" is at most about a second stale, and every
 * authentication attempt is counted without an fsync per request.
 */
export const FLUSH_MS = 1_000;

/**
 * Commits a batch somewhere else (the server's main thread hands its batches to the worker thread,
 * so thousands of rows a second from many distinct keys never hold up a verification); it rejects
 * when it cannot, and the batch is then written on this thread's own connection.
 */
export type UsageWriter = (batch: UsageBatch) => Promise<void>;

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

  /** Where batches are committed from now on; undefined: on this thread. */
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
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS).unref();
  }

  /** Writes what has been collected; safe to call at any time (tests, shutdown). */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch: UsageBatch = {
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
    const elsewhere = this.writer;
    this.flushing = this.flushing.then(() =>
      (elsewhere ? elsewhere(batch).catch(() => recordApiUsage(batch)) : recordApiUsage(batch)).catch(
        (error: unknown) => {
          console.error(
            redactSecrets(`[api] could not record usage: ${error instanceof Error ? error.message : "unknown error"}`),
          );
        },
      ),
    );
    return this.flushing;
  }
}

const registry = globalThis as unknown as { __keywardUsage?: UsageRecorder };
export function usage(): UsageRecorder {
  registry.__keywardUsage ??= new UsageRecorder();
  return registry.__keywardUsage;
}

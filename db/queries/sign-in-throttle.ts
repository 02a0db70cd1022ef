import { and, eq, gt, lte, sql } from "drizzle-orm";
import { getDb, type Tx, writeTransaction } from "../client";
import { signInThrottle } from "../schema";

export type SignInCounterKey = { scope: "username" | "ip"; key: string };
/**
 * A limit an attempt counts against: at most `limit` failures per fixed window of `windowMs`. The
 * window starts at the first failure; once it has ended, the counter starts afresh.
 */
export type SignInCounter = SignInCounterKey & { limit: number; windowMs: number };

/** Keys are what a caller typed: bounded, so a huge username cannot bloat the table. */
export const MAX_THROTTLE_KEY_LENGTH = 200;

const t = signInThrottle;
const keyOf = (counter: SignInCounterKey) => counter.key.slice(0, MAX_THROTTLE_KEY_LENGTH);
const matches = (counter: SignInCounterKey) => and(eq(t.scope, counter.scope), eq(t.key, keyOf(counter)));

/** Milliseconds until every blocked counter's window has ended; 0 when none is blocked. */
function waitMs(db: Pick<Tx, "select">, counters: SignInCounter[], now: number): number {
  let wait = 0;
  for (const counter of counters) {
    const row = db.select({ count: t.count, windowStart: t.windowStart }).from(t).where(matches(counter)).get();
    if (!row) continue;
    const end = row.windowStart + counter.windowMs;
    if (now < end && row.count >= counter.limit) wait = Math.max(wait, end - now);
  }
  return wait;
}

/**
 * Checks the counters and, unless one has reached its limit, counts this attempt as a failure
 * against each of them, in one write transaction: attempts from any number of threads and
 * processes cannot all slip past a limit while the first ones are still checking their password.
 * Returns the milliseconds to wait, or 0 when the attempt was counted and may go on (take it back
 * with `releaseSignInAttempt` if it succeeds).
 */
export function reserveSignInAttempt(counters: SignInCounter[], now = Date.now()): number {
  // A plain read settles most refusals, so a flood against a blocked key does not queue for the write lock.
  const blocked = waitMs(getDb(), counters, now);
  if (blocked > 0) return blocked;
  return writeTransaction((tx) => {
    const wait = waitMs(tx, counters, now);
    if (wait > 0) return wait;
    for (const counter of counters) {
      // Expired windows of this scope go first (indexed, and only those that ended since the last
      // attempt), so the table holds live windows only and the upsert below never extends a dead one.
      tx.delete(t)
        .where(and(eq(t.scope, counter.scope), lte(t.windowStart, now - counter.windowMs)))
        .run();
      tx.insert(t)
        .values({
          scope: counter.scope,
          key: keyOf(counter),
          count: 1,
          windowStart: now,
        })
        .onConflictDoUpdate({ target: [t.scope, t.key], set: { count: sql`${t.count} + 1` } })
        .run();
    }
    return 0;
  });
}

/**
 * After an attempt counted by `reserveSignInAttempt`: `reset` counters are cleared, `release`
 * counters give back the one failure counted ahead of time. One transaction for both.
 */
export function releaseSignInAttempt(counters: { reset?: SignInCounterKey[]; release?: SignInCounterKey[] }): void {
  writeTransaction((tx) => {
    for (const counter of counters.reset ?? []) tx.delete(t).where(matches(counter)).run();
    for (const counter of counters.release ?? []) {
      tx.update(t)
        .set({ count: sql`${t.count} - 1` })
        .where(and(matches(counter), gt(t.count, 0)))
        .run();
    }
  });
}

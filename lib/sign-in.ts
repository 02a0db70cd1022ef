import { recordAuditEvent } from "@/db/queries/audit";
import { releaseSignInAttempt, reserveSignInAttempt, type SignInCounter } from "@/db/queries/sign-in-throttle";
import type { User } from "@/lib/model/users";
import { checkCredentials, recordSignIn } from "@/lib/services/users";
import { newSessionId, sessionExpiry, sessionIdHash } from "./sessions";
import { formatRetryAfter } from "./throttle";

const WINDOW_MS = 15 * 60_000;

const byUsername = (username: string): SignInCounter => ({
  scope: "username",
  key: username.trim().toLowerCase(),
  limit: 5,
  windowMs: WINDOW_MS,
});
const byIp = (ip: string): SignInCounter => ({ scope: "ip", key: ip, limit: 20, windowMs: WINDOW_MS });

/**
 * The sign-in limits: 5 failures per username and 20 per address in 15 minutes. The API's password
 * path counts against the same per-username limit (it limits addresses with its own throttle, so it
 * passes no `ip`), so the API is no way around it. The counters are in the database: every thread
 * and process shares them. The attempt is counted as a failure *before* the slow password check, so
 * attempts sent all at once cannot all slip past the limits; `releaseSignIn` takes it back after a
 * success. Returns the milliseconds to wait, or 0 when the attempt may go on.
 */
export function reserveSignIn(username: string, ip?: string): number {
  return reserveSignInAttempt(ip === undefined ? [byUsername(username)] : [byUsername(username), byIp(ip)]);
}

/** A reserved attempt succeeded: the username's failures are cleared, the address gets its one back. */
export function releaseSignIn(username: string, ip?: string): void {
  releaseSignInAttempt({ reset: [byUsername(username)], release: ip === undefined ? [] : [byIp(ip)] });
}

export const INVALID_CREDENTIALS = "Invalid username or password.";

export type SignInOutcome =
  | { ok: true; user: User; sessionId: string }
  | { ok: false; code: "invalid" | "inactive" | "throttled"; message: string };

/**
 * Checks a password sign-in: throttled per username and per IP, every attempt audited, and the
 * same answer whether or not the username exists. A success starts a server-side session.
 */
export async function attemptSignIn(
  username: string,
  password: string,
  origin: { ip: string | null; userAgent: string | null },
): Promise<SignInOutcome> {
  const ip = origin.ip ?? "unknown";
  const ctx = { actorId: null, actorUsername: username.trim().slice(0, 64), ...origin };

  const wait = reserveSignIn(username, ip);
  if (wait > 0) {
    await recordAuditEvent(ctx, { event: "auth.sign_in_failed", outcome: "failure", reason: "throttled" });
    return {
      ok: false,
      code: "throttled",
      message: `Too many failed sign-in attempts. Try again in ${formatRetryAfter(wait)}.`,
    };
  }

  const check = await checkCredentials(username.trim(), password);
  if (!check.ok) {
    await recordAuditEvent(
      { ...ctx, actorId: check.user?.id ?? null },
      { event: "auth.sign_in_failed", outcome: "failure", reason: check.reason },
    );
    // Only someone who knows the password learns that the account is deactivated.
    return check.reason === "inactive"
      ? { ok: false, code: "inactive", message: "This account is deactivated. Ask an administrator to activate it." }
      : { ok: false, code: "invalid", message: INVALID_CREDENTIALS };
  }

  releaseSignIn(username, ip);
  const sessionId = newSessionId();
  await recordSignIn(
    check.user.id,
    { ...ctx, actorId: check.user.id, actorUsername: check.user.username },
    { idHash: sessionIdHash(sessionId), expiresAt: sessionExpiry() },
  );
  return { ...check, sessionId };
}

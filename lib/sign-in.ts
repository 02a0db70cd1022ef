import { recordAuditEvent } from "@/db/queries/audit";
import { checkCredentials, recordSignIn, type User } from "@/db/queries/users";
import { FailureThrottle, formatRetryAfter } from "./throttle";

const WINDOW_MS = 15 * 60_000;

// Shared through globalThis: Next may load this module in more than one bundle of the same process.
const registry = globalThis as unknown as {
  __keywardSignInThrottle?: { byUsername: FailureThrottle; byIp: FailureThrottle };
};
export function signInThrottle() {
  registry.__keywardSignInThrottle ??= {
    byUsername: new FailureThrottle(5, WINDOW_MS),
    byIp: new FailureThrottle(20, WINDOW_MS),
  };
  return registry.__keywardSignInThrottle;
}

export const INVALID_CREDENTIALS = "Invalid username or password.";

export type SignInOutcome =
  | { ok: true; user: User }
  | { ok: false; code: "invalid" | "inactive" | "throttled"; message: string };

/**
 * Checks a password sign-in: throttled per username and per IP, every attempt audited, and the
 * same answer whether or not the username exists.
 */
export async function attemptSignIn(
  username: string,
  password: string,
  origin: { ip: string | null; userAgent: string | null },
): Promise<SignInOutcome> {
  const throttle = signInThrottle();
  const userKey = username.trim().toLowerCase();
  const ipKey = origin.ip ?? "unknown";
  const ctx = { actorId: null, actorUsername: username.trim().slice(0, 64), ...origin };

  const wait = Math.max(throttle.byUsername.retryAfterMs(userKey), throttle.byIp.retryAfterMs(ipKey));
  if (wait > 0) {
    await recordAuditEvent(ctx, { event: "auth.sign_in_failed", outcome: "failure", reason: "throttled" });
    return {
      ok: false,
      code: "throttled",
      message: `Too many failed sign-in attempts. Try again in ${formatRetryAfter(wait)}.`,
    };
  }

  // Count the attempt as a failure *before* the slow password check, so attempts sent all at once
  // cannot all slip past the limit; a success takes it back.
  throttle.byUsername.fail(userKey);
  throttle.byIp.fail(ipKey);
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

  throttle.byUsername.reset(userKey);
  throttle.byIp.release(ipKey);
  await recordSignIn(check.user.id, { ...ctx, actorId: check.user.id, actorUsername: check.user.username });
  return check;
}

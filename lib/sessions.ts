import { createHash, randomBytes } from "node:crypto";

/** A browser session lasts this long from sign-in (Auth.js's JWT and its server-side row alike). */
export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

/** A new session id: 256 random bits. The cookie carries it (inside Auth.js's encrypted JWT). */
export function newSessionId(): string {
  return randomBytes(32).toString("base64url");
}

/** What the database keeps of a session id: a plain SHA-256 suffices for 256 random bits. */
export function sessionIdHash(id: string): string {
  return createHash("sha256").update(id).digest("hex");
}

export function sessionExpiry(now = Date.now()): Date {
  return new Date(now + SESSION_MAX_AGE_SECONDS * 1000);
}

/**
 * The shape of secrets, client IDs and access tokens (a recognisable prefix, random base62, a
 * checksum), and the redaction of anything shaped like a secret. Pure: no randomness, no hashing.
 */
export const SECRET_PREFIX = "kws_";
export const CLIENT_ID_PREFIX = "kwc_";
export const ACCESS_TOKEN_PREFIX = "kwt_";
export const SECRET_RANDOM_LENGTH = 32;
export const CHECKSUM_LENGTH = 6;
export const CLIENT_ID_RANDOM_LENGTH = 20;
export const SECRET_LENGTH = SECRET_PREFIX.length + SECRET_RANDOM_LENGTH + CHECKSUM_LENGTH;
export const HINT_LENGTH = 4;

/** Anything shaped like a secret or token, checksum or not (client IDs, `kwc_`, are public). */
const SECRET_LIKE = new RegExp(`(?:${SECRET_PREFIX}|${ACCESS_TOKEN_PREFIX})[0-9A-Za-z]{20,}`, "g");
/**
 * Replaces anything shaped like a secret or token, well-formed or mistyped, by its prefix and
 * "[redacted]": for text that a person or client supplied and that is about to be stored or logged
 * (a secret pasted into the username field, a secret sent as a client ID).
 */
export function redactSecrets(text: string): string;
export function redactSecrets(text: string | null): string | null;
export function redactSecrets(text: string | null): string | null {
  if (text === null || !(text.includes(SECRET_PREFIX) || text.includes(ACCESS_TOKEN_PREFIX))) return text;
  return text.replace(SECRET_LIKE, (match) => `${match.slice(0, SECRET_PREFIX.length)}[redacted]`);
}

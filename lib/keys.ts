import { createHmac, createSecretKey, hash, type KeyObject, randomBytes, timingSafeEqual } from "node:crypto";
import { crc32 } from "node:zlib";

/**
 * Key secrets and client IDs, after GitHub's token format: a recognisable prefix, random base62
 * characters, and a CRC32 checksum of both, so a leaked secret can be spotted by scanners and a
 * mistyped one refused without touching the database.
 *
 *   secret:    kws_ + 32 random base62 (≈190 bits) + 6 base62 checksum = 42 characters
 *   client ID: kwc_ + 20 random base62 (≈119 bits)                       = 24 characters
 *   access token (OAuth): kwt_ + the same shape as a secret               = 42 characters
 */
import {
  ACCESS_TOKEN_PREFIX,
  CHECKSUM_LENGTH,
  CLIENT_ID_PREFIX,
  CLIENT_ID_RANDOM_LENGTH,
  HINT_LENGTH,
  SECRET_LENGTH,
  SECRET_PREFIX,
  SECRET_RANDOM_LENGTH,
} from "./model/key-format";

// The shapes and redaction are pure (lib/model/key-format.ts); hashing and randomness live here.
export {
  ACCESS_TOKEN_PREFIX,
  CLIENT_ID_PREFIX,
  HINT_LENGTH,
  redactSecrets,
  SECRET_LENGTH,
  SECRET_PREFIX,
} from "./model/key-format";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const SECRET_SHAPE = new RegExp(`^${SECRET_PREFIX}[0-9A-Za-z]{${SECRET_RANDOM_LENGTH + CHECKSUM_LENGTH}}$`);
const ACCESS_TOKEN_SHAPE = new RegExp(`^${ACCESS_TOKEN_PREFIX}[0-9A-Za-z]{${SECRET_RANDOM_LENGTH + CHECKSUM_LENGTH}}$`);
const CLIENT_ID_SHAPE = new RegExp(`^${CLIENT_ID_PREFIX}[0-9A-Za-z]{${CLIENT_ID_RANDOM_LENGTH}}$`);

/** Uniform random base62: bytes ≥ 248 are rejected so that no character is likelier than another. */
function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248) out += BASE62[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

function base62Fixed(value: number, length: number): string {
  let out = "";
  let rest = value;
  for (let i = 0; i < length; i++) {
    out = BASE62[rest % 62] + out;
    rest = Math.floor(rest / 62);
  }
  return out;
}

function checksum(body: string): string {
  return base62Fixed(crc32(body) >>> 0, CHECKSUM_LENGTH);
}

function generateChecked(prefix: string): string {
  const body = prefix + randomBase62(SECRET_RANDOM_LENGTH);
  return body + checksum(body);
}

function isWellFormedChecked(value: unknown, shape: RegExp): value is string {
  if (typeof value !== "string" || value.length !== SECRET_LENGTH || !shape.test(value)) return false;
  const split = SECRET_LENGTH - CHECKSUM_LENGTH;
  return checksum(value.slice(0, split)) === value.slice(split);
}

export function generateSecret(): string {
  return generateChecked(SECRET_PREFIX);
}

/** OAuth access tokens share the secret format under their own prefix (`kwt_`). */
export function generateAccessToken(): string {
  return generateChecked(ACCESS_TOKEN_PREFIX);
}

export function isWellFormedAccessToken(value: unknown): value is string {
  return isWellFormedChecked(value, ACCESS_TOKEN_SHAPE);
}

export function generateClientId(): string {
  return CLIENT_ID_PREFIX + randomBase62(CLIENT_ID_RANDOM_LENGTH);
}

/** Prefix, length, alphabet and checksum: everything that can be checked without the database. */
export function isWellFormedSecret(value: unknown): value is string {
  return isWellFormedChecked(value, SECRET_SHAPE);
}

export function isWellFormedClientId(value: unknown): value is string {
  return typeof value === "string" && CLIENT_ID_SHAPE.test(value);
}

const EXACT_SHAPE = new RegExp(
  `(?:${SECRET_PREFIX}|${ACCESS_TOKEN_PREFIX})[0-9A-Za-z]{${SECRET_RANDOM_LENGTH + CHECKSUM_LENGTH}}`,
  "g",
);

/**
 * Every well-formed secret and access token (prefix, shape and checksum) in a text or in raw bytes
 * (read as latin1, so ASCII stays ASCII): what a leak scanner looks for. The checksum means no list
 * of issued secrets is needed and random text does not match by accident.
 */
export function findWellFormedSecrets(text: string | Buffer): string[] {
  const haystack = typeof text === "string" ? text : text.toString("latin1");
  const found = new Set<string>();
  for (const [match] of haystack.matchAll(EXACT_SHAPE)) {
    if (isWellFormedSecret(match) || isWellFormedAccessToken(match)) found.add(match);
  }
  return [...found];
}

// The pepper as an HMAC key object, made again only when KEY_PEPPER changes (tests switch it).
let pepperKey: { value: string; key: KeyObject } | undefined;

function pepper(): KeyObject {
  const value = process.env.KEY_PEPPER;
  if (!value || value.length < 16) throw new Error("KEY_PEPPER is not set (at least 16 characters)");
  if (pepperKey?.value !== value) pepperKey = { value, key: createSecretKey(Buffer.from(value, "utf8")) };
  return pepperKey.key;
}

/** HMAC-SHA-256 with the server-side pepper, hex: what is stored and looked up instead of a secret or token. */
export function hashSecret(secret: string): string {
  return createHmac("sha256", pepper()).update(secret).digest("hex");
}

/**
 * SHA-256 of a presented secret or token, base64: how the verification memo recognises a value it
 * has already checked without keeping the value itself (db/queries/verification.ts). Unkeyed and
 * unstored: it never replaces the peppered hash the database holds.
 */
export function fingerprint(value: string): string {
  return hash("sha256", value, "base64");
}

/** Constant-time comparison of two hex hashes. */
const HASH_SHAPE = /^[0-9a-f]{64}$/;

export function hashesEqual(a: string, b: string): boolean {
  // Buffer.from(…, "hex") silently drops odd and non-hex characters: check the shape first.
  if (!HASH_SHAPE.test(a) || !HASH_SHAPE.test(b)) return false;
  return timingSafeEqual(Buffer.from(a, "hex"), Buffer.from(b, "hex"));
}

/** The non-secret last characters kept for recognition ("…a1B2"). */
export function secretHint(secret: string): string {
  return secret.slice(-HINT_LENGTH);
}

/** A new secret with what is stored about it; the secret itself is returned once, to be shown once. */
export function issueSecret(): { secret: string; secretHash: string; secretHint: string } {
  const secret = generateSecret();
  return { secret, secretHash: hashSecret(secret), secretHint: secretHint(secret) };
}

import { createHmac } from "node:crypto";
import { crc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  CLIENT_ID_PREFIX,
  findWellFormedSecrets,
  generateAccessToken,
  generateClientId,
  generateSecret,
  HINT_LENGTH,
  hashesEqual,
  hashSecret,
  issueSecret,
  isWellFormedClientId,
  isWellFormedSecret,
  redactSecrets,
  SECRET_LENGTH,
  SECRET_PREFIX,
  secretHint,
} from "./keys";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const CHECKSUM_LENGTH = 6;
const RANDOM_LENGTH = SECRET_LENGTH - SECRET_PREFIX.length - CHECKSUM_LENGTH;

// Independent of lib/keys: the GitHub-style checksum is CRC32 of prefix + random part, as 6 base62 digits.
function base62Checksum(body: string): string {
  let rest = crc32(body) >>> 0;
  let out = "";
  for (let i = 0; i < CHECKSUM_LENGTH; i++) {
    out = BASE62[rest % 62] + out;
    rest = Math.floor(rest / 62);
  }
  return out;
}
const withChecksum = (body: string) => body + base62Checksum(body);
const randomPart = (secret: string) => secret.slice(SECRET_PREFIX.length, SECRET_PREFIX.length + RANDOM_LENGTH);

const SECRETS = Array.from({ length: 10_000 }, generateSecret);
const CLIENT_IDS = Array.from({ length: 10_000 }, generateClientId);

function withPepper<T>(value: string | undefined, fn: () => T): T {
  const saved = process.env.KEY_PEPPER;
  if (value === undefined) delete process.env.KEY_PEPPER;
  else process.env.KEY_PEPPER = value;
  try {
    return fn();
  } finally {
    process.env.KEY_PEPPER = saved;
  }
}

describe("generateSecret", () => {
  it("gives 10,000 unique, well-formed secrets with the kws_ prefix and the fixed length", () => {
    expect(SECRET_PREFIX).toBe("kws_");
    expect(new Set(SECRETS).size).toBe(SECRETS.length);
    for (const secret of SECRETS) {
      expect(secret.startsWith("kws_")).toBe(true);
      expect(secret).toHaveLength(SECRET_LENGTH);
      expect(isWellFormedSecret(secret)).toBe(true);
    }
  });

  it("carries at least 160 random bits", () => {
    expect(RANDOM_LENGTH * Math.log2(62)).toBeGreaterThanOrEqual(160);
  });

  it("ends with the CRC32 of its prefix and random part, in base62", () => {
    for (const secret of SECRETS.slice(0, 200)) {
      const body = secret.slice(0, SECRET_LENGTH - CHECKSUM_LENGTH);
      expect(secret.slice(-CHECKSUM_LENGTH)).toBe(base62Checksum(body));
    }
  });

  it("uses every base62 character, none much more often than another", () => {
    const counts = new Map<string, number>();
    for (const secret of SECRETS) for (const c of randomPart(secret)) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual([...BASE62].sort());
    const mean = (SECRETS.length * RANDOM_LENGTH) / 62;
    // ±8% is > 5 standard deviations here; a modulo bias (bytes % 62) would put 8 characters ~21% high.
    for (const n of counts.values()) expect(Math.abs(n - mean) / mean).toBeLessThan(0.08);
  });
});

describe("isWellFormedSecret", () => {
  it("refuses a secret with any single character changed to another base62 character", () => {
    for (const secret of SECRETS.slice(0, 5)) {
      for (let i = 0; i < secret.length; i++) {
        for (const c of BASE62) {
          if (c === secret[i]) continue;
          const mutated = secret.slice(0, i) + c + secret.slice(i + 1);
          if (isWellFormedSecret(mutated)) throw new Error(`accepted ${secret} with position ${i} changed to ${c}`);
        }
      }
    }
  });

  it("refuses another prefix even when the checksum matches it", () => {
    const random = randomPart(SECRETS[0] as string);
    for (const prefix of ["kwc_", "KWS_", "kws-", "kwt_", "ghp_", "kws", "kws__"]) {
      const forged = withChecksum(prefix + random.slice(0, RANDOM_LENGTH + 4 - prefix.length));
      expect(isWellFormedSecret(forged), forged).toBe(false);
    }
  });

  it("refuses one character too short or too long, even with a matching checksum", () => {
    const secret = SECRETS[1] as string;
    expect(isWellFormedSecret(secret.slice(0, -1))).toBe(false);
    expect(isWellFormedSecret(`${secret}A`)).toBe(false);
    expect(isWellFormedSecret(withChecksum(`kws_${randomPart(secret).slice(1)}`))).toBe(false);
    expect(isWellFormedSecret(withChecksum(`kws_${randomPart(secret)}x`))).toBe(false);
    expect(isWellFormedSecret("")).toBe(false);
  });

  it("refuses characters outside base62, even with a matching checksum", () => {
    const random = randomPart(SECRETS[2] as string);
    for (const bad of ["-", "_", "+", "/", "=", " ", ".", "é", "٣", "Ａ", "\u0000", "\u200b", "\n"]) {
      const forged = withChecksum(`kws_${random.slice(0, -1)}${bad}`);
      expect(isWellFormedSecret(forged), JSON.stringify(forged)).toBe(false);
    }
    const secret = SECRETS[2] as string;
    expect(isWellFormedSecret(` ${secret}`)).toBe(false);
    expect(isWellFormedSecret(`${secret}\n`)).toBe(false);
  });

  it("refuses values that are not strings", () => {
    const secret = SECRETS[3] as string;
    for (const value of [
      undefined,
      null,
      42,
      true,
      {},
      [secret],
      Buffer.from(secret),
      new String(secret),
      { secret },
    ]) {
      expect(isWellFormedSecret(value)).toBe(false);
    }
  });
});

describe("hashSecret", () => {
  const secret = SECRETS[4] as string;

  it("is deterministic HMAC-SHA-256 with the pepper, as 64 hex characters", () => {
    const hash = hashSecret(secret);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashSecret(secret)).toBe(hash);
    expect(hash).toBe(
      createHmac("sha256", process.env.KEY_PEPPER as string)
        .update(secret)
        .digest("hex"),
    );
    expect(hashSecret(SECRETS[5] as string)).not.toBe(hash);
  });

  it("depends on KEY_PEPPER", () => {
    const hash = hashSecret(secret);
    const other = withPepper("another-pepper-of-enough-length", () => hashSecret(secret));
    expect(other).toMatch(/^[0-9a-f]{64}$/);
    expect(other).not.toBe(hash);
    expect(hashSecret(secret)).toBe(hash);
  });

  it("refuses to hash without a pepper of at least 16 characters", () => {
    expect(() => withPepper(undefined, () => hashSecret(secret))).toThrow(/KEY_PEPPER/);
    expect(() => withPepper("", () => hashSecret(secret))).toThrow(/KEY_PEPPER/);
    expect(() => withPepper("short", () => hashSecret(secret))).toThrow(/KEY_PEPPER/);
  });

  it("never equals or contains the secret or its random part", () => {
    for (const s of SECRETS.slice(0, 500)) {
      const hash = hashSecret(s);
      expect(hash).not.toBe(s);
      expect(hash).not.toContain(s);
      expect(hash).not.toContain(randomPart(s));
      expect(hash.toLowerCase()).not.toContain(randomPart(s).toLowerCase());
    }
  });
});

describe("hashesEqual", () => {
  const a = hashSecret(SECRETS[6] as string);
  const b = hashSecret(SECRETS[7] as string);

  it("is true for equal hashes and false for different ones", () => {
    expect(hashesEqual(a, `${a}`)).toBe(true);
    expect(hashesEqual(a, b)).toBe(false);
    expect(hashesEqual(a, a.slice(0, -1) + (a.endsWith("0") ? "1" : "0"))).toBe(false);
  });

  it("is false for hashes of different lengths", () => {
    expect(hashesEqual(a, a.slice(0, -2))).toBe(false);
    expect(hashesEqual(a.slice(0, -2), a)).toBe(false);
    expect(hashesEqual(a, `${a}00`)).toBe(false);
  });

  it("is false for empty values", () => {
    expect(hashesEqual("", "")).toBe(false);
    expect(hashesEqual(a, "")).toBe(false);
    expect(hashesEqual("", a)).toBe(false);
  });

  // Buffer.from(x, "hex") silently drops a trailing odd digit and everything from the first non-hex pair.
  it("is false for strings that differ only by a trailing odd or non-hex character", () => {
    expect(hashesEqual(a, `${a}0`)).toBe(false);
    expect(hashesEqual(a, `${a}zz`)).toBe(false);
    expect(hashesEqual(`${a}x`, `${a}y`)).toBe(false);
  });
});

describe("secretHint and issueSecret", () => {
  it("the hint is the last 4 characters", () => {
    expect(HINT_LENGTH).toBe(4);
    for (const secret of SECRETS.slice(0, 100)) expect(secretHint(secret)).toBe(secret.slice(-4));
  });

  it("issueSecret returns a well-formed secret with its hash and hint", () => {
    const { secret, secretHash, secretHint: hint } = issueSecret();
    expect(isWellFormedSecret(secret)).toBe(true);
    expect(secretHash).toBe(hashSecret(secret));
    expect(hint).toBe(secret.slice(-4));
  });
});

describe("generateClientId", () => {
  it("gives 10,000 unique, well-formed client IDs", () => {
    expect(CLIENT_ID_PREFIX).toBe("kwc_");
    expect(new Set(CLIENT_IDS).size).toBe(CLIENT_IDS.length);
    for (const id of CLIENT_IDS) {
      expect(id).toMatch(/^kwc_[0-9A-Za-z]{20}$/);
      expect(isWellFormedClientId(id)).toBe(true);
    }
  });

  it("refuses malformed client IDs", () => {
    const id = CLIENT_IDS[0] as string;
    for (const bad of [id.slice(0, -1), `${id}a`, `kws_${id.slice(4)}`, `${id.slice(0, -1)}-`, ` ${id}`, "", null, 7]) {
      expect(isWellFormedClientId(bad)).toBe(false);
    }
  });

  it("a secret is never a valid client ID and a client ID never a valid secret", () => {
    for (const secret of SECRETS.slice(0, 1000)) expect(isWellFormedClientId(secret)).toBe(false);
    for (const id of CLIENT_IDS.slice(0, 1000)) expect(isWellFormedSecret(id)).toBe(false);
  });
});

describe("findWellFormedSecrets (the leak scanner)", () => {
  it("finds every secret and token in text or raw bytes, wherever they sit, and only those", () => {
    const secret = generateSecret();
    const token = generateAccessToken();
    const mistyped = `${secret.slice(0, -1)}${secret.endsWith("a") ? "b" : "a"}`;
    const text = `x${secret}y ${generateClientId()} "${token}"${mistyped} kws_short kwt_${"a".repeat(38)}`;
    expect(findWellFormedSecrets(text).sort()).toEqual([secret, token].sort());
    const bytes = Buffer.concat([
      Buffer.from([0, 255, 7]),
      Buffer.from(secret),
      Buffer.from([1, 2]),
      Buffer.from(token),
    ]);
    expect(findWellFormedSecrets(bytes).sort()).toEqual([secret, token].sort());
    expect(findWellFormedSecrets(`${secret}${secret}`)).toEqual([secret]);
  });
});

describe("redactSecrets", () => {
  it("redacts secrets and tokens, well-formed or mistyped, and leaves client IDs and other text alone", () => {
    const secret = generateSecret();
    const token = generateAccessToken();
    const clientId = generateClientId();
    const mistyped = secret.slice(0, -3);
    expect(redactSecrets(`user ${secret} with ${token}, ${mistyped} and ${clientId}`)).toBe(
      `user kws_[redacted] with kwt_[redacted], kws_[redacted] and ${clientId}`,
    );
    expect(redactSecrets("kws_ is the prefix")).toBe("kws_ is the prefix");
    expect(redactSecrets(null)).toBeNull();
    expect(findWellFormedSecrets(redactSecrets(secret))).toEqual([]);
  });
});

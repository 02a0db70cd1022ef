import bcrypt from "bcryptjs";
import { describe, expect, it } from "vitest";
import { burnPasswordCheck, hashPassword, PASSWORD_MAX_BYTES, verifyPassword } from "./password";

const bytes = (s: string) => Buffer.byteLength(s, "utf8");

describe("hashPassword / verifyPassword", () => {
  it("round-trips the right password", async () => {
    const hash = await hashPassword("correct horse battery staple");
    expect(await verifyPassword("correct horse battery staple", hash)).toBe(true);
  });

  it("refuses a wrong password, including near misses", async () => {
    const hash = await hashPassword("correct horse battery staple");
    expect(await verifyPassword("correct horse battery stapl", hash)).toBe(false);
    expect(await verifyPassword("Correct horse battery staple", hash)).toBe(false);
    expect(await verifyPassword("correct horse battery staple ", hash)).toBe(false);
    expect(await verifyPassword("", hash)).toBe(false);
  });

  it("salts: the same password hashes differently each time", async () => {
    const [a, b] = await Promise.all([hashPassword("same password 123"), hashPassword("same password 123")]);
    expect(a).not.toBe(b);
  });

  it("produces a bcrypt hash that never contains the password", async () => {
    const password = "plain-text-password-xyz";
    const hash = await hashPassword(password);
    expect(hash).toMatch(/^\$2[aby]\$\d\d\$/);
    expect(hash).not.toContain(password);
  });

  it("uses the cost from BCRYPT_COST (4 in tests)", async () => {
    const hash = await hashPassword("cost check password");
    expect(bcrypt.getRounds(hash)).toBe(4);
  });
});

describe("the 72-byte bcrypt limit", () => {
  it("accepts a password of exactly 72 bytes", async () => {
    const password = "a".repeat(PASSWORD_MAX_BYTES);
    const hash = await hashPassword(password);
    expect(await verifyPassword(password, hash)).toBe(true);
  });

  it("refuses a password over 72 bytes even when it is the password that was hashed", async () => {
    const password = `${"a".repeat(70)}🔑`; // 70 + 4 bytes, only 72 UTF-16 units
    expect(password.length).toBeLessThanOrEqual(72);
    expect(bytes(password)).toBe(74);
    const hash = await hashPassword(password);
    expect(await verifyPassword(password, hash)).toBe(false);
  });

  it("does not let extra bytes past 72 pass as the password (no silent truncation)", async () => {
    const prefix = "b".repeat(72);
    const hash = await hashPassword(prefix);
    // bcrypt itself would say yes here, since it ignores everything after byte 72.
    expect(await bcrypt.compare(`${prefix}anything`, hash)).toBe(true);
    expect(await verifyPassword(`${prefix}anything`, hash)).toBe(false);
  });
});

describe("burnPasswordCheck", () => {
  it("resolves without throwing, for any input", async () => {
    await expect(burnPasswordCheck("whatever")).resolves.toBeUndefined();
    await expect(burnPasswordCheck("x".repeat(500))).resolves.toBeUndefined();
  });
});

import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { lastReport, runReleasedTogether } from "@/test/support/processes";
import { getSqlite } from "../client";
import {
  MAX_THROTTLE_KEY_LENGTH,
  releaseSignInAttempt,
  reserveSignInAttempt,
  type SignInCounter,
} from "./sign-in-throttle";

const MINUTE = 60_000;
const T0 = 1_700_000_000_000;
const WINDOW = 15 * MINUTE;

// One database per test file: every test uses keys of its own.
const fresh = (prefix: string) => `${prefix}-${randomBytes(4).toString("hex")}`;
const user = (key = fresh("user"), limit = 5): SignInCounter => ({ scope: "username", key, limit, windowMs: WINDOW });
const ip = (key = fresh("ip"), limit = 20): SignInCounter => ({ scope: "ip", key, limit, windowMs: WINDOW });
const row = (counter: { scope: string; key: string }) =>
  getSqlite()
    .prepare("select key, count, window_start as windowStart from sign_in_throttle where scope = ? and key = ?")
    .get(counter.scope, counter.key) as { key: string; count: number; windowStart: number } | undefined;
const reserveTimes = (counters: SignInCounter[], times: number, now = T0) =>
  Array.from({ length: times }, () => reserveSignInAttempt(counters, now));

describe("reserveSignInAttempt: the limit", () => {
  it("counts each attempt and lets attempts through below the limit", () => {
    const alice = user();
    expect(reserveTimes([alice], 4)).toEqual([0, 0, 0, 0]);
    expect(row(alice)).toMatchObject({ count: 4, windowStart: T0 });
  });

  it("refuses at the limit for the rest of the window, without counting the refusals", () => {
    const alice = user();
    reserveTimes([alice], 5);
    expect(reserveSignInAttempt([alice], T0)).toBe(WINDOW);
    expect(reserveSignInAttempt([alice], T0 + 4 * MINUTE)).toBe(11 * MINUTE);
    expect(reserveSignInAttempt([alice], T0 + WINDOW - 1)).toBe(1);
    expect(row(alice)?.count).toBe(5);
  });

  it("keeps the window where the first failure started it", () => {
    const alice = user();
    reserveSignInAttempt([alice], T0);
    reserveTimes([alice], 4, T0 + 10 * MINUTE);
    expect(reserveSignInAttempt([alice], T0 + 10 * MINUTE)).toBe(5 * MINUTE);
  });

  it("starts afresh once the window has ended", () => {
    const alice = user();
    reserveTimes([alice], 5);
    expect(reserveSignInAttempt([alice], T0 + WINDOW)).toBe(0);
    expect(row(alice)).toMatchObject({ count: 1, windowStart: T0 + WINDOW });
  });

  it("refuses when any counter is blocked, the longest wait wins, and nothing is counted", () => {
    const [alice, address] = [user(), ip(undefined, 2)];
    reserveTimes([user(), address], 2, T0 + MINUTE);
    expect(reserveSignInAttempt([alice, address], T0 + 3 * MINUTE)).toBe(13 * MINUTE);
    expect(row(alice)).toBeUndefined();
    expect(row(address)?.count).toBe(2);
  });

  it("keeps scopes apart: a username and an address with the same text are two counters", () => {
    const text = fresh("same");
    reserveTimes([user(text, 1)], 1);
    expect(reserveSignInAttempt([ip(text, 1)], T0)).toBe(0);
    expect(reserveSignInAttempt([user(text, 1)], T0)).toBe(WINDOW);
  });

  it("bounds a key's length; keys equal up to the bound share one counter", () => {
    const prefix = fresh("long").padEnd(MAX_THROTTLE_KEY_LENGTH, "x");
    reserveTimes([user(`${prefix}${"a".repeat(10_000)}`)], 3);
    reserveTimes([user(`${prefix}b`)], 2);
    expect(row({ scope: "username", key: prefix })).toMatchObject({ key: prefix, count: 5 });
    expect(reserveSignInAttempt([user(`${prefix}c`)], T0)).toBe(WINDOW);
  });
});

describe("releaseSignInAttempt", () => {
  it("reset clears a counter: a blocked key may try again at once", () => {
    const alice = user();
    reserveTimes([alice], 5);
    releaseSignInAttempt({ reset: [alice] });
    expect(row(alice)).toBeUndefined();
    expect(reserveSignInAttempt([alice], T0)).toBe(0);
  });

  it("release gives back one failure, and never goes below zero", () => {
    const address = ip(undefined, 3);
    reserveTimes([address], 3);
    releaseSignInAttempt({ release: [address] });
    expect(row(address)).toMatchObject({ count: 2, windowStart: T0 });
    expect(reserveSignInAttempt([address], T0)).toBe(0);
    expect(reserveSignInAttempt([address], T0)).toBe(WINDOW);
    for (let i = 0; i < 5; i++) releaseSignInAttempt({ release: [address] });
    expect(row(address)?.count).toBe(0);
  });

  it("does both at once, as after a successful sign-in, and leaves other keys alone", () => {
    const [alice, bob, address] = [user(), user(), ip()];
    reserveTimes([alice, address], 4);
    reserveTimes([bob], 2);
    releaseSignInAttempt({ reset: [alice], release: [address] });
    expect(row(alice)).toBeUndefined();
    expect(row(address)?.count).toBe(3);
    expect(row(bob)?.count).toBe(2);
  });

  it("does nothing for keys it does not know", () => {
    const [nobody, nowhere] = [user(), ip()];
    expect(() => releaseSignInAttempt({ reset: [nobody], release: [nowhere] })).not.toThrow();
    expect(row(nobody) ?? row(nowhere)).toBeUndefined();
  });
});

describe("pruning", () => {
  it("deletes the scope's ended windows on the next counted attempt, and only those", () => {
    const start = T0 + 1_000 * WINDOW; // later than every other test's rows
    const [old, live, address] = [user(), user(), ip()];
    reserveSignInAttempt([old], start);
    reserveSignInAttempt([live], start + 5 * MINUTE);
    reserveSignInAttempt([address], start);
    reserveSignInAttempt([user()], start + WINDOW);
    expect(row(old)).toBeUndefined();
    expect(row(live)?.count).toBe(1);
    expect(row(address)?.count).toBe(1); // another scope: pruned by the next attempt that counts an address
    reserveSignInAttempt([ip()], start + WINDOW);
    expect(row(address)).toBeUndefined();
  });

  it("keeps the table at the live windows however many keys were tried", () => {
    const start = T0 + 2_000 * WINDOW;
    for (let i = 0; i < 500; i++) reserveSignInAttempt([user(), ip()], start + i);
    const live = () =>
      getSqlite()
        .prepare("select count(*) from sign_in_throttle where window_start > ?")
        .pluck()
        .get(start - 1);
    expect(live()).toBe(1_000);
    reserveSignInAttempt([user(), ip()], start + WINDOW + 499);
    expect(getSqlite().prepare("select count(*) from sign_in_throttle").pluck().get()).toBe(2);
  });
});

describe("atomic reservation", () => {
  const CHILDREN = 4;
  const ATTEMPTS = 40;

  it(`lets exactly the limit through when ${CHILDREN} processes reserve at once`, { timeout: 60_000 }, async () => {
    const { runs } = await runReleasedTogether(
      "test/children/reserve-sign-in.ts",
      Array.from({ length: CHILDREN }, () => ({ ATTEMPTS: String(ATTEMPTS) })),
    );
    let username = 0;
    let address = 0;
    for (const [i, run] of runs.entries()) {
      expect(run.code, `child ${i} failed: ${run.stderr}`).toBe(0);
      const reserved = lastReport<{ username: number; ip: number }>(run);
      username += reserved.username;
      address += reserved.ip;
    }
    expect(username).toBe(5);
    expect(address).toBe(20);
    expect(row({ scope: "username", key: "shared-user" })?.count).toBe(5);
    expect(row({ scope: "ip", key: "203.0.113.7" })?.count).toBe(20);
  });
});

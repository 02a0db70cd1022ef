import { describe, expect, it } from "vitest";
import { expectDomainError } from "@/test/support/errors";
import { canAuthenticate, effectiveStatus, isExpired, type KeyStatus } from "./key-state";
import { latestExpiry, limitMessage, resolveExpiry, toDateInput } from "./policy";

const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date("2030-06-15T12:00:00.000Z");
const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs);
const PAST = at(-1);
const FUTURE = at(DAY);
const STATUSES: KeyStatus[] = ["active", "inactive", "revoked"];
const days = (n: number) => ({ keyLifetimeDays: n });
const never = { keyLifetimeDays: "never" as const };

describe("isExpired", () => {
  it("a key without an expiry never expires", () => {
    expect(isExpired(null, NOW)).toBe(false);
    expect(isExpired(null, new Date("9999-12-31T00:00:00Z"))).toBe(false);
  });

  it("expires at its expiry moment, not a millisecond later", () => {
    expect(isExpired(at(1), NOW)).toBe(false);
    expect(isExpired(NOW, NOW)).toBe(true);
    expect(isExpired(PAST, NOW)).toBe(true);
    expect(isExpired(at(-365 * DAY), NOW)).toBe(true);
  });
});

describe("effectiveStatus", () => {
  it("shows the stored status while not expired", () => {
    for (const status of STATUSES) {
      expect(effectiveStatus({ status, expiresAt: null }, NOW)).toBe(status);
      expect(effectiveStatus({ status, expiresAt: FUTURE }, NOW)).toBe(status);
    }
  });

  it("shows expired for an expired active or inactive key, revoked for a revoked one", () => {
    expect(effectiveStatus({ status: "active", expiresAt: PAST }, NOW)).toBe("expired");
    expect(effectiveStatus({ status: "inactive", expiresAt: PAST }, NOW)).toBe("expired");
    expect(effectiveStatus({ status: "revoked", expiresAt: PAST }, NOW)).toBe("revoked");
  });
});

describe("canAuthenticate", () => {
  it("only an active, unexpired key of an active owner authenticates (every combination)", () => {
    const expiries = [
      { expiresAt: null, expired: false },
      { expiresAt: FUTURE, expired: false },
      { expiresAt: NOW, expired: true },
      { expiresAt: PAST, expired: true },
    ];
    let allowed = 0;
    for (const status of STATUSES) {
      for (const { expiresAt, expired } of expiries) {
        for (const owner of ["active", "inactive"] as const) {
          const expected = status === "active" && !expired && owner === "active";
          expect(canAuthenticate({ status, expiresAt }, owner, NOW), `${status}/${String(expiresAt)}/${owner}`).toBe(
            expected,
          );
          if (expected) allowed += 1;
        }
      }
    }
    expect(allowed).toBe(2);
  });
});

describe("latestExpiry", () => {
  it("is null when keys may never expire", () => {
    expect(latestExpiry(never, NOW)).toBeNull();
  });

  it("is now plus the lifetime in days", () => {
    expect(latestExpiry(days(90), NOW)).toEqual(at(90 * DAY));
    expect(latestExpiry(days(1), NOW)).toEqual(at(DAY));
    expect(latestExpiry(days(3650), NOW)).toEqual(at(3650 * DAY));
  });
});

describe("resolveExpiry", () => {
  it("without a date: the policy's default, or no expiry under 'never'", () => {
    for (const empty of [undefined, null, ""]) {
      expect(resolveExpiry(empty, days(90), NOW)).toEqual(at(90 * DAY));
      expect(resolveExpiry(empty, days(7), NOW)).toEqual(at(7 * DAY));
      expect(resolveExpiry(empty, never, NOW)).toBeNull();
    }
  });

  it("a date within the window means the end of that UTC day", () => {
    expect(resolveExpiry("2030-07-01", days(90), NOW)).toEqual(new Date("2030-07-01T23:59:59.999Z"));
    expect(resolveExpiry("2030-06-16", days(1), NOW)).toEqual(at(DAY)); // capped: the day ends after the limit
  });

  it("today is allowed and lasts until the end of today", () => {
    expect(resolveExpiry("2030-06-15", days(90), NOW)).toEqual(new Date("2030-06-15T23:59:59.999Z"));
  });

  it("the latest allowed date itself is accepted and capped at the latest moment", () => {
    const latest = at(90 * DAY);
    expect(toDateInput(latest)).toBe("2030-09-13");
    expect(resolveExpiry("2030-09-13", days(90), NOW)).toEqual(latest);
  });

  it("a date after the latest is refused, naming the latest date", () => {
    for (const date of ["2030-09-14", "2031-01-01", "9999-12-31"]) {
      const error = expectDomainError(() => resolveExpiry(date, days(90), NOW), "invalid");
      expect(error.fieldErrors?.expiresAt?.join(" ")).toContain("2030-09-13");
    }
  });

  it("a past date is refused", () => {
    for (const date of ["2030-06-14", "2020-01-01", "1970-01-01"]) {
      const error = expectDomainError(() => resolveExpiry(date, days(90), NOW), "invalid");
      expect(error.fieldErrors?.expiresAt).toBeDefined();
    }
    expect(
      expectDomainError(() => resolveExpiry("2030-06-14", never, NOW), "invalid").fieldErrors?.expiresAt,
    ).toBeDefined();
  });

  it("garbage is refused", () => {
    for (const date of [
      "tomorrow",
      "2030-13-01",
      "2030-00-10",
      "2030-06-00",
      "2030-07-32",
      "2030-07-01T00:00:00Z",
      "01/07/2030",
      "20300701",
      "2030-7-1",
      " 2030-07-01",
      "2030-07-01; drop table access_keys",
      "NaN",
    ]) {
      const error = expectDomainError(() => resolveExpiry(date, days(90), NOW), "invalid");
      expect(error.fieldErrors?.expiresAt, date).toBeDefined();
    }
  });

  // new Date("2030-06-31T00:00:00.000Z") is July 1st in V8: a day that does not exist must not be accepted as another.
  it("a calendar date that does not exist is refused, not rolled over", () => {
    expectDomainError(() => resolveExpiry("2030-06-31", days(90), NOW), "invalid");
    expectDomainError(() => resolveExpiry("2031-02-29", never, NOW), "invalid");
    expectDomainError(() => resolveExpiry("2030-09-31", never, NOW), "invalid");
  });

  it("under 'never' any future date is allowed", () => {
    expect(resolveExpiry("2030-06-16", never, NOW)).toEqual(new Date("2030-06-16T23:59:59.999Z"));
    expect(resolveExpiry("2100-01-01", never, NOW)).toEqual(new Date("2100-01-01T23:59:59.999Z"));
    expect(resolveExpiry("9999-12-31", never, NOW)).toEqual(new Date("9999-12-31T23:59:59.999Z"));
  });
});

describe("limitMessage", () => {
  it("names the limit", () => {
    expect(limitMessage(2)).toMatch(/\b2\b/);
    expect(limitMessage(1)).toMatch(/\b1\b/);
    expect(limitMessage(37)).toMatch(/\b37\b/);
    expect(limitMessage(100)).toMatch(/\b100\b/);
  });
});

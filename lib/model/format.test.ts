import { describe, expect, it } from "vitest";
import { formatLastUsed, formatLocalDateTime, formatRelative, formatUtcExact } from "./format";

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);
const at = (ms: number) => NOW + ms;
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe("formatRelative", () => {
  it("says how soon, in the largest whole unit, rounded", () => {
    expect(formatRelative(at(6 * DAY), NOW)).toBe("in 6 days");
    expect(formatRelative(at(30 * DAY - MIN), NOW)).toBe("in 30 days");
    expect(formatRelative(at(6 * DAY + 13 * HOUR), NOW)).toBe("in 7 days");
    expect(formatRelative(at(DAY), NOW)).toBe("in 1 day");
    expect(formatRelative(at(5 * HOUR), NOW)).toBe("in 5 hours");
    expect(formatRelative(at(MIN), NOW)).toBe("in 1 minute");
    expect(formatRelative(at(10_000), NOW)).toBe("in less than a minute");
  });

  it("says how long ago", () => {
    expect(formatRelative(at(-2 * DAY), NOW)).toBe("2 days ago");
    expect(formatRelative(at(-3 * HOUR), NOW)).toBe("3 hours ago");
    expect(formatRelative(NOW, NOW)).toBe("less than a minute ago");
  });

  it("takes dates or milliseconds alike", () => {
    expect(formatRelative(new Date(at(6 * DAY)), new Date(NOW))).toBe("in 6 days");
  });
});

describe("times for people", () => {
  const MOMENT = Date.UTC(2030, 5, 15, 21, 30, 5);

  it("formatLocalDateTime: in the given zone, zone named, the same shape whatever the locale", () => {
    expect(formatLocalDateTime(MOMENT, "UTC")).toBe("2030-06-15 21:30 UTC");
    expect(formatLocalDateTime(MOMENT, "Asia/Tokyo")).toBe("2030-06-16 06:30 GMT+9");
    expect(formatLocalDateTime(MOMENT, "America/New_York")).toBe("2030-06-15 17:30 EDT");
    expect(formatLocalDateTime(Date.UTC(2030, 0, 1, 0, 5), "Europe/Paris")).toBe("2030-01-01 01:05 GMT+1");
  });

  it("formatUtcExact: to the second", () => {
    expect(formatUtcExact(MOMENT)).toBe("2030-06-15 21:30:05 UTC");
  });

  it("formatLastUsed: relative, or Never used", () => {
    expect(formatLastUsed(at(-3 * MIN), NOW)).toBe("3 minutes ago");
    expect(formatLastUsed(at(-20_000), NOW)).toBe("less than a minute ago");
    expect(formatLastUsed(at(-2 * DAY), NOW)).toBe("2 days ago");
    expect(formatLastUsed(null, NOW)).toBe("Never used");
  });

  it("formatLastUsed: says what never happened when told (a user's Last sign-in)", () => {
    expect(formatLastUsed(null, NOW, "Never signed in")).toBe("Never signed in");
    expect(formatLastUsed(undefined, NOW, "Never signed in")).toBe("Never signed in");
    expect(formatLastUsed(at(-3 * MIN), NOW, "Never signed in")).toBe("3 minutes ago");
  });
});

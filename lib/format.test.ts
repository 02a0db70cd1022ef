import { describe, expect, it } from "vitest";
import { formatRelative } from "./format";

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

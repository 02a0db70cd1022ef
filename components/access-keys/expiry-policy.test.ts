import { describe, expect, it } from "vitest";
import type { Settings } from "@/lib/model/settings";
import {
  addDays,
  choiceForTypedDate,
  dateForChoice,
  describeExpiry,
  expiryPolicy,
  expiryPresets,
  initialExpiryChoice,
  longDate,
  offersNoExpiry,
  resultingExpiry,
  todayInput,
} from "./expiry-policy";
import type { ExpiryPolicy } from "./types";

const NOW = new Date("2026-12-03T18:30:00.000Z");
const TODAY = "2026-12-03";
const ninety = expiryPolicy({ keyLifetimeDays: 90 } as Settings, NOW);
const thirty: ExpiryPolicy = { lifetimeDays: 30, latest: "2027-01-02" };
const forever: ExpiryPolicy = { lifetimeDays: "never", latest: null };

describe("dates", () => {
  it("counts days from the UTC date, across months and years", () => {
    expect(todayInput(NOW)).toBe(TODAY);
    expect(addDays(TODAY, 7)).toBe("2026-12-10");
    expect(addDays(TODAY, 30)).toBe("2027-01-02");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(() => addDays("2026-02-30", 1)).toThrow();
  });

  it("writes dates out in words", () => {
    expect(longDate("2027-01-02")).toBe("2 January 2027");
    expect(longDate("2026-12-31")).toBe("31 December 2026");
  });
});

describe("presets", () => {
  it("offers 7, 30, 60 and 90 days, none beyond the policy's maximum", () => {
    expect(ninety).toEqual({ lifetimeDays: 90, latest: "2027-03-03" });
    expect(expiryPresets(ninety)).toEqual([7, 30, 60, 90]);
    expect(expiryPresets(thirty)).toEqual([7, 30]);
    expect(expiryPresets({ lifetimeDays: 5, latest: "2026-12-08" })).toEqual([]);
    expect(expiryPresets(forever)).toEqual([7, 30, 60, 90]);
  });

  it("offers no expiry only where the policy allows it, or to keep an edited key's", () => {
    expect(offersNoExpiry(forever)).toBe(true);
    expect(offersNoExpiry(ninety)).toBe(false);
    expect(offersNoExpiry(ninety, "2027-01-01")).toBe(false);
    expect(offersNoExpiry(ninety, "")).toBe(true);
  });

  it("opens on the preset a new key's default date equals, an edited key's date as custom", () => {
    expect(initialExpiryChoice(ninety, "2027-03-03", TODAY)).toBe("90");
    expect(initialExpiryChoice({ lifetimeDays: 45, latest: "2027-01-17" }, "2027-01-17", TODAY)).toBe("custom");
    expect(initialExpiryChoice(forever, "", TODAY)).toBe("never");
    expect(initialExpiryChoice(ninety, "2027-03-03", TODAY, "2027-03-03")).toBe("custom");
    expect(initialExpiryChoice(ninety, "", TODAY, "")).toBe("never");
  });

  it("fills the date field for a choice", () => {
    expect(dateForChoice("7", "", ninety, TODAY)).toBe("2026-12-10");
    expect(dateForChoice("60", "2027-03-03", ninety, TODAY)).toBe("2027-02-01");
    expect(dateForChoice("never", "2027-03-03", forever, TODAY)).toBe("");
    expect(dateForChoice("custom", "2027-01-05", ninety, TODAY)).toBe("2027-01-05");
    expect(dateForChoice("custom", "", ninety, TODAY)).toBe("2027-03-03");
    expect(dateForChoice("custom", "", forever, TODAY)).toBe("2027-01-02");
  });

  it("takes a typed date as custom, an emptied field as no expiry where offered", () => {
    expect(choiceForTypedDate("2027-01-05", ninety)).toBe("custom");
    expect(choiceForTypedDate("", ninety)).toBe("custom");
    expect(choiceForTypedDate("", forever)).toBe("never");
    expect(choiceForTypedDate("", ninety, "")).toBe("never");
  });
});

describe("the resulting date, as the server resolves the field", () => {
  it("is the date given, or for an empty field the policy's latest date or none", () => {
    expect(resultingExpiry("2027-01-05", ninety)).toBe("2027-01-05");
    expect(resultingExpiry("", ninety)).toBe("2027-03-03");
    expect(resultingExpiry("", forever)).toBeNull();
    expect(resultingExpiry("", ninety, "")).toBeNull();
    expect(resultingExpiry("", ninety, "2027-01-01")).toBe("2027-03-03");
    expect(resultingExpiry("2027-02-30", ninety)).toBeUndefined();
  });

  it("is said in words", () => {
    expect(describeExpiry("2027-01-02", thirty)).toBe("Expires on 2 January 2027");
    expect(describeExpiry("", forever)).toBe("Never expires");
    expect(describeExpiry("", thirty)).toBe("Expires on 2 January 2027");
    expect(describeExpiry("nonsense", thirty)).toBe("");
  });
});

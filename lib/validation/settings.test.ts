// The settings form as the browser posts it: strings, "on" checkboxes (absent when unticked) and
// the hidden "never" lifetime. Each bad value is refused with an error on its own field.
import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "../model/settings";
import { settingsFormSchema } from "./settings";

/** What the settings page posts with its defaults untouched. */
const FORM = {
  maxKeysPerUser: "2",
  keyLifetimeDays: "90",
  expiryReminderDays: "30, 7, 1",
  selfServiceLevel: "view",
  apiKeyOnly: "on",
  bearerKeys: "on",
  tokenTtlSeconds: "3600",
};

/** Field errors keyed the way server actions key them (the first path segment). */
function fieldErrors(input: Record<string, unknown>): Record<string, string[]> {
  const result = settingsFormSchema.safeParse(input);
  if (result.success) return {};
  const errors: Record<string, string[]> = {};
  for (const issue of result.error.issues) {
    const key = String(issue.path[0] ?? "form");
    errors[key] = [...(errors[key] ?? []), issue.message];
  }
  return errors;
}

describe("settingsFormSchema accepts the form", () => {
  it("as posted with the defaults", () => {
    expect(settingsFormSchema.parse(FORM)).toEqual(DEFAULT_SETTINGS);
  });

  it("reads an unticked (absent) checkbox as off, 'on' as on", () => {
    const { apiKeyOnly: _a, bearerKeys: _b, ...unticked } = FORM;
    expect(settingsFormSchema.parse(unticked)).toMatchObject({ apiKeyOnly: false, bearerKeys: false });
    expect(settingsFormSchema.parse({ ...unticked, bearerKeys: "on" })).toMatchObject({
      apiKeyOnly: false,
      bearerKeys: true,
    });
  });

  it("takes 'never' as the lifetime, and whole days 1–3650", () => {
    expect(settingsFormSchema.parse({ ...FORM, keyLifetimeDays: "never" }).keyLifetimeDays).toBe("never");
    for (const days of ["1", "365", "3650"]) {
      expect(settingsFormSchema.parse({ ...FORM, keyLifetimeDays: days }).keyLifetimeDays).toBe(Number(days));
    }
  });

  it("reads reminders separated by commas or spaces, drops duplicates, latest first; empty means none", () => {
    expect(settingsFormSchema.parse({ ...FORM, expiryReminderDays: "1,7  30, 7" }).expiryReminderDays).toEqual([
      30, 7, 1,
    ]);
    expect(settingsFormSchema.parse({ ...FORM, expiryReminderDays: "365" }).expiryReminderDays).toEqual([365]);
    expect(settingsFormSchema.parse({ ...FORM, expiryReminderDays: "" }).expiryReminderDays).toEqual([]);
    const ten = Array.from({ length: 10 }, (_, i) => String(i + 1)).join(", ");
    expect(settingsFormSchema.parse({ ...FORM, expiryReminderDays: ten }).expiryReminderDays).toHaveLength(10);
  });

  it("takes every level and the limits' edges", () => {
    for (const level of ["none", "view", "manage", "full"]) {
      expect(settingsFormSchema.parse({ ...FORM, selfServiceLevel: level }).selfServiceLevel).toBe(level);
    }
    expect(settingsFormSchema.parse({ ...FORM, maxKeysPerUser: "1", tokenTtlSeconds: "60" })).toMatchObject({
      maxKeysPerUser: 1,
      tokenTtlSeconds: 60,
    });
    expect(settingsFormSchema.parse({ ...FORM, maxKeysPerUser: "100", tokenTtlSeconds: "86400" })).toMatchObject({
      maxKeysPerUser: 100,
      tokenTtlSeconds: 86400,
    });
  });
});

describe("settingsFormSchema refuses each bad value on its own field", () => {
  const BAD: [field: keyof typeof FORM, value: string, message: RegExp][] = [
    ["maxKeysPerUser", "0", /At least 1/],
    ["maxKeysPerUser", "101", /At most 100/],
    ["maxKeysPerUser", "abc", /whole number/],
    ["maxKeysPerUser", "1.5", /whole number/],
    ["maxKeysPerUser", "", /At least 1/],
    ["keyLifetimeDays", "0", /1 to 3650/],
    ["keyLifetimeDays", "3651", /1 to 3650/],
    ["keyLifetimeDays", "", /1 to 3650/],
    ["keyLifetimeDays", "forever", /1 to 3650/],
    ["keyLifetimeDays", "1.5", /1 to 3650/],
    ["expiryReminderDays", "30, x", /whole numbers/],
    ["expiryReminderDays", "0", /1 day or more/],
    ["expiryReminderDays", "400", /At most 365/],
    ["expiryReminderDays", Array.from({ length: 11 }, (_, i) => String(i + 1)).join(", "), /At most 10/],
    ["expiryReminderDays", "7.5", /whole numbers/],
    ["selfServiceLevel", "admin", /Choose a self-service level/],
    ["selfServiceLevel", "", /Choose a self-service level/],
    ["tokenTtlSeconds", "59", /At least 60/],
    ["tokenTtlSeconds", "86401", /At most 86400/],
    ["tokenTtlSeconds", "600.5", /whole seconds/],
    ["tokenTtlSeconds", "an hour", /whole seconds from 60 to 86400/],
  ];

  for (const [field, value, message] of BAD) {
    it(`${field} = ${JSON.stringify(value.length > 20 ? `${value.slice(0, 17)}…` : value)}`, () => {
      const errors = fieldErrors({ ...FORM, [field]: value });
      expect(Object.keys(errors), JSON.stringify(errors)).toEqual([field]);
      expect(errors[field]?.join(" ")).toMatch(message);
    });
  }

  it("reports every bad field at once", () => {
    const errors = fieldErrors({
      ...FORM,
      maxKeysPerUser: "0",
      keyLifetimeDays: "3651",
      expiryReminderDays: "x",
      selfServiceLevel: "admin",
      tokenTtlSeconds: "59",
    });
    expect(Object.keys(errors).sort()).toEqual([
      "expiryReminderDays",
      "keyLifetimeDays",
      "maxKeysPerUser",
      "selfServiceLevel",
      "tokenTtlSeconds",
    ]);
  });

  it("refuses a missing field with a message a person can act on", () => {
    for (const field of [
      "maxKeysPerUser",
      "keyLifetimeDays",
      "expiryReminderDays",
      "selfServiceLevel",
      "tokenTtlSeconds",
    ] as const) {
      const { [field]: _, ...rest } = FORM;
      const errors = fieldErrors(rest);
      expect(Object.keys(errors), field).toEqual([field]);
      // Not zod's own wording ("Invalid input: expected …").
      expect(errors[field]?.join(" "), field).not.toMatch(/Invalid|expected/);
    }
  });

  it("never shows zod's own wording for a bad value", () => {
    for (const [field, value] of BAD) {
      expect(fieldErrors({ ...FORM, [field]: value })[field]?.join(" "), `${field}=${value}`).not.toMatch(
        /Invalid|expected|Too (small|big)/,
      );
    }
  });
});

import { describe, expect, it } from "vitest";
import { fieldErrorsOf } from "./field-errors";
import { settingsFormSchema } from "./settings";

const SETTINGS = {
  maxKeysPerUser: "2",
  keyLifetimeDays: "90",
  expiryReminderDays: "30, 7, 1",
  selfServiceLevel: "view",
  tokenTtlSeconds: "3600",
};

function errorsOf(overrides: Record<string, unknown>) {
  const result = settingsFormSchema.safeParse({ ...SETTINGS, ...overrides });
  if (result.success) throw new Error("expected a refusal");
  return fieldErrorsOf(result.error.issues);
}

describe("fieldErrorsOf", () => {
  it("says each message once per field", () => {
    expect(errorsOf({ expiryReminderDays: "x, y, 7" }).expiryReminderDays).toEqual([
      "Reminder days are whole numbers, e.g. “30, 7, 1”.",
    ]);
    expect(errorsOf({ expiryReminderDays: "0, 400" }).expiryReminderDays).toEqual([
      "Each reminder is 1 day or more.",
      "At most 365 days before expiry.",
    ]);
  });

  it("keeps different messages of a field, and every field at once", () => {
    const errors = errorsOf({ maxKeysPerUser: "0", tokenTtlSeconds: "10", selfServiceLevel: "all" });
    expect(Object.keys(errors).sort()).toEqual(["maxKeysPerUser", "selfServiceLevel", "tokenTtlSeconds"]);
    expect(errors.tokenTtlSeconds).toEqual(["At least 60 seconds."]);
  });

  it("puts an issue without a path under form", () => {
    expect(fieldErrorsOf([{ path: [], message: "Bad." }])).toEqual({ form: ["Bad."] });
  });
});

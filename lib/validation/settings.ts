import { z } from "zod";
import { SELF_SERVICE_LEVELS, settingSchemas } from "../model/settings";

const checked = (value: unknown) => value === true || value === "on" || value === "true";

const LIFETIME = "Enter whole days from 1 to 3650, or choose “Keys never expire”.";
const REMINDER = "Reminder days are whole numbers, e.g. “30, 7, 1”.";

/** The settings form as posted (strings and checkboxes), into a complete, validated Settings object. */
export const settingsFormSchema = z.object({
  maxKeysPerUser: settingSchemas.maxKeysPerUser,
  keyLifetimeDays: z.preprocess(
    (value) => (value === "" ? undefined : value),
    // Every message of the number branch is spelled out: a union reports the issues of the branch that
    // came closest (a number out of range) rather than its own message.
    z.union([z.literal("never"), z.coerce.number(LIFETIME).int(LIFETIME).min(1, LIFETIME).max(3650, LIFETIME)], {
      error: LIFETIME,
    }),
  ),
  expiryReminderDays: z.preprocess(
    (value) =>
      typeof value === "string"
        ? value
            .split(/[\s,]+/)
            .filter(Boolean)
            .map((day) => (/^\d+$/.test(day) ? Number(day) : day))
        : value,
    z
      .array(
        z
          .number(REMINDER)
          .int(REMINDER)
          .min(1, "Each reminder is 1 day or more.")
          .max(365, "At most 365 days before expiry."),
        REMINDER,
      )
      .max(10, "At most 10 reminders.")
      .transform((days) => [...new Set(days)].sort((a, b) => b - a)),
  ),
  selfServiceLevel: z.enum(SELF_SERVICE_LEVELS, "Choose a self-service level: none, view, manage or full."),
  apiKeyOnly: z.preprocess(checked, z.boolean()),
  bearerKeys: z.preprocess(checked, z.boolean()),
  tokenTtlSeconds: z.coerce
    .number("Enter whole seconds from 60 to 86400.")
    .int("Enter whole seconds.")
    .min(60, "At least 60 seconds.")
    .max(86400, "At most 86400 seconds (a day)."),
});

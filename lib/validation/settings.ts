import { z } from "zod";
import { settingSchemas } from "../settings";

const checked = (value: unknown) => value === true || value === "on" || value === "true";

/** The settings form as posted (strings and checkboxes), into a complete, validated Settings object. */
export const settingsFormSchema = z.object({
  maxKeysPerUser: settingSchemas.maxKeysPerUser,
  keyLifetimeDays: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z.union([z.literal("never"), z.coerce.number().int().min(1).max(3650)], {
      error: "Enter whole days from 1 to 3650, or choose “Keys never expire”.",
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
          .number("Reminder days are whole numbers, e.g. “30, 7, 1”.")
          .int()
          .min(1, "Each reminder is 1 day or more.")
          .max(365, "At most 365 days before expiry."),
      )
      .max(10, "At most 10 reminders.")
      .transform((days) => [...new Set(days)].sort((a, b) => b - a)),
  ),
  selfServiceLevel: settingSchemas.selfServiceLevel,
  apiKeyOnly: z.preprocess(checked, z.boolean()),
  bearerKeys: z.preprocess(checked, z.boolean()),
  tokenTtlSeconds: settingSchemas.tokenTtlSeconds,
});

import { z } from "zod";

/** The site settings: one schema gives every setting its type, range and default. */
export const SELF_SERVICE_LEVELS = ["none", "view", "manage", "full"] as const;
export type SelfServiceLevel = (typeof SELF_SERVICE_LEVELS)[number];

const boolish = z.union([
  z.boolean(),
  z.enum(["on", "off", "true", "false"]).transform((v) => v === "on" || v === "true"),
]);

export const settingSchemas = {
  maxKeysPerUser: z.coerce
    .number("Enter a whole number.")
    .int("Enter a whole number.")
    .min(1, "At least 1.")
    .max(100, "At most 100."),
  keyLifetimeDays: z.union([
    z.literal("never"),
    z.coerce
      .number("Enter a number of days or “never”.")
      .int("Enter whole days.")
      .min(1, "At least 1 day.")
      .max(3650, "At most 3650 days."),
  ]),
  expiryReminderDays: z
    .array(z.coerce.number().int().min(1).max(365))
    .max(10, "At most 10 reminders.")
    .transform((days) => [...new Set(days)].sort((a, b) => b - a)),
  selfServiceLevel: z.enum(SELF_SERVICE_LEVELS),
  apiKeyOnly: boolish,
  bearerKeys: boolish,
  tokenTtlSeconds: z.coerce
    .number()
    .int("Enter whole seconds.")
    .min(60, "At least 60 seconds.")
    .max(86400, "At most 86400 seconds (a day)."),
};

export type Settings = { [K in keyof typeof settingSchemas]: z.output<(typeof settingSchemas)[K]> };
export type SettingName = keyof Settings;
export const SETTING_NAMES = Object.keys(settingSchemas) as SettingName[];

export const DEFAULT_SETTINGS: Settings = {
  maxKeysPerUser: 2,
  keyLifetimeDays: 90,
  expiryReminderDays: [30, 7, 1],
  selfServiceLevel: "view",
  apiKeyOnly: true,
  bearerKeys: true,
  tokenTtlSeconds: 3600,
};

/** Stored values over the defaults; a stored value that no longer validates falls back to its default. */
export function resolveSettings(stored: Partial<Record<string, unknown>>): Settings {
  const resolved: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const name of SETTING_NAMES) {
    if (!(name in stored)) continue;
    const parsed = settingSchemas[name].safeParse(stored[name]);
    if (parsed.success) resolved[name] = parsed.data;
  }
  return resolved as Settings;
}

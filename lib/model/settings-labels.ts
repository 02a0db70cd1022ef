import type { SettingName } from "./settings";

/** What the Settings page calls each setting: its field labels, also used by its toast and the Audit page. */
export const SETTING_LABELS: Record<SettingName, string> = {
  maxKeysPerUser: "Maximum keys per user",
  keyLifetimeDays: "Key lifetime (days)",
  expiryReminderDays: "Expiry reminders (days before)",
  selfServiceLevel: "Self-service level",
  apiKeyOnly: "API key only",
  bearerKeys: "Bearer keys",
  tokenTtlSeconds: "Access token lifetime (seconds)",
};

export function settingLabel(name: string): string {
  return (SETTING_LABELS as Record<string, string | undefined>)[name] ?? name;
}

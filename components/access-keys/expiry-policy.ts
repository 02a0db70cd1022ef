import { latestExpiry, parseDateInput, toDateInput } from "@/lib/model/policy";
import type { Settings } from "@/lib/model/settings";
import type { ExpiryPolicy } from "./types";

const DAY_MS = 86_400_000;

export function expiryPolicy(settings: Settings, now = new Date()): ExpiryPolicy {
  const latest = latestExpiry(settings, now);
  return { latest: latest ? toDateInput(latest) : null, lifetimeDays: settings.keyLifetimeDays };
}

/** The first reminder window (the largest reminder day), or null when no reminders are sent. */
export function reminderWindowDays(settings: Pick<Settings, "expiryReminderDays">): number | null {
  return settings.expiryReminderDays.length ? Math.max(...settings.expiryReminderDays) : null;
}

// ——— the key dialogs' "Expires in" choices ———

export const EXPIRY_PRESET_DAYS = [7, 30, 60, 90] as const;

/** A preset (days from today, as a string), a date of one's own, or no expiry at all. */
export type ExpiryChoice = `${number}` | "custom" | "never";

/** yyyy-mm-dd (UTC, as the date inputs and the policy speak) of `now`. */
export function todayInput(now = new Date()): string {
  return toDateInput(now);
}

/** yyyy-mm-dd `days` after the date `from` (yyyy-mm-dd). */
export function addDays(from: string, days: number): string {
  const day = parseDateInput(from);
  if (!day) throw new Error(`not a date: ${from}`);
  return toDateInput(new Date(day.getTime() + days * DAY_MS));
}

/** The presets within the policy: none longer than its maximum lifetime. */
export function expiryPresets(policy: ExpiryPolicy): number[] {
  const max = policy.lifetimeDays;
  return EXPIRY_PRESET_DAYS.filter((days) => max === "never" || days <= max);
}

/**
 * Whether "No expiration" is offered: when the policy lets keys live for ever, or, in the edit
 * dialog, for a key that has none today (the server keeps an unchanged expiry as it is).
 */
export function offersNoExpiry(policy: ExpiryPolicy, current?: string): boolean {
  return policy.lifetimeDays === "never" || current === "";
}

/**
 * The choice shown when a dialog opens with `value` in its date field: a new key's default date
 * picks the preset it equals; an edited key's own date shows as a custom date.
 */
export function initialExpiryChoice(policy: ExpiryPolicy, value: string, today: string, current?: string) {
  if (value === "") return offersNoExpiry(policy, current) ? "never" : "custom";
  if (current === undefined) {
    const preset = expiryPresets(policy).find((days) => addDays(today, days) === value);
    if (preset !== undefined) return `${preset}` as ExpiryChoice;
  }
  return "custom";
}

/** What the date field holds once `choice` is picked; `value` is what it held before. */
export function dateForChoice(choice: ExpiryChoice, value: string, policy: ExpiryPolicy, today: string): string {
  if (choice === "never") return "";
  if (choice === "custom") return value || policy.latest || addDays(today, 30);
  return addDays(today, Number(choice));
}

/** The choice a typed date stands for: a date of one's own, or no expiry once the field is emptied (where allowed). */
export function choiceForTypedDate(value: string, policy: ExpiryPolicy, current?: string): ExpiryChoice {
  return value === "" && offersNoExpiry(policy, current) ? "never" : "custom";
}

/**
 * The date the key will expire on, as the server will resolve the field (lib/model/policy resolveExpiry):
 * a date is kept; an empty field means the policy's latest date, no expiry where the policy has no
 * limit, or, when editing a key that has none, no change. Undefined for a value that is not a date.
 */
export function resultingExpiry(value: string, policy: ExpiryPolicy, current?: string): string | null | undefined {
  if (value === "") return current === "" ? null : policy.latest;
  return parseDateInput(value) ? value : undefined;
}

const LONG_DATE = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "UTC",
});

/** "2 January 2027" for 2027-01-02. */
export function longDate(value: string): string {
  const day = parseDateInput(value);
  return day ? LONG_DATE.format(day) : value;
}

/** "Expires on 2 January 2027", "Never expires", or "" while the field holds no date. */
export function describeExpiry(value: string, policy: ExpiryPolicy, current?: string): string {
  const result = resultingExpiry(value, policy, current);
  if (result === undefined) return "";
  return result === null ? "Never expires" : `Expires on ${longDate(result)}`;
}

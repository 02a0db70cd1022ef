import { DomainError } from "./errors";
import type { Settings } from "./settings";

const DAY_MS = 24 * 60 * 60 * 1000;

/** The latest expiry the policy allows for a key issued now; null when keys may never expire. */
export function latestExpiry(settings: Pick<Settings, "keyLifetimeDays">, now = new Date()): Date | null {
  return settings.keyLifetimeDays === "never" ? null : new Date(now.getTime() + settings.keyLifetimeDays * DAY_MS);
}

/**
 * Midnight UTC of a yyyy-mm-dd date, or null: a date that does not exist (2030-02-30) is refused
 * rather than rolled over into the next month.
 */
export function parseDateInput(value: string | undefined | null): Date | null {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const day = new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === value ? day : null;
}

/** yyyy-mm-dd of a moment, in UTC (the date inputs speak UTC dates). */
export function toDateInput(value: Date | null): string {
  return value ? value.toISOString().slice(0, 10) : "";
}

export const EXPIRY_MESSAGES = {
  invalid: "Enter a valid date (yyyy-mm-dd).",
  past: "The expiration date must be today or later.",
} as const;

function tooLateMessage(latest: Date, settings: Pick<Settings, "keyLifetimeDays">): string {
  return `The expiration date cannot be later than ${toDateInput(latest)} (keys live at most ${settings.keyLifetimeDays} days).`;
}

/**
 * What is wrong with a requested expiration date (yyyy-mm-dd), or null when the policy allows it.
 * One wording for every caller: the forms check it with their other fields (lib/validation), and
 * `resolveExpiry` checks it again inside the write transaction.
 */
export function expiryProblem(
  requested: string,
  settings: Pick<Settings, "keyLifetimeDays">,
  now = new Date(),
): string | null {
  const day = parseDateInput(requested);
  if (!day) return EXPIRY_MESSAGES.invalid;
  if (day.getTime() + DAY_MS - 1 <= now.getTime()) return EXPIRY_MESSAGES.past;
  const latest = latestExpiry(settings, now);
  if (latest && day.getTime() > latest.getTime()) return tooLateMessage(latest, settings);
  return null;
}

/**
 * The expiry of a new, regenerated or edited key. A chosen date means "valid through that day
 * (UTC)", capped at the policy's limit; no date means the policy's default (or never, when the
 * policy allows it and the caller asked for no expiry).
 */
export function resolveExpiry(
  requested: string | null | undefined,
  settings: Pick<Settings, "keyLifetimeDays">,
  now = new Date(),
): Date | null {
  const latest = latestExpiry(settings, now);
  if (!requested) return latest;
  const problem = expiryProblem(requested, settings, now);
  if (problem) throw new DomainError("invalid", problem, { expiresAt: [problem] });
  const endOfDay = new Date((parseDateInput(requested) as Date).getTime() + DAY_MS - 1);
  return latest && endOfDay > latest ? latest : endOfDay;
}

export function limitMessage(max: number): string {
  return `This user already has the maximum of ${max} active or inactive access key${max === 1 ? "" : "s"} (the limit per user is ${max}). Revoke or delete one first.`;
}

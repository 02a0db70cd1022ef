import { latestExpiry, toDateInput } from "@/lib/policy";
import type { Settings } from "@/lib/settings";
import type { ExpiryPolicy } from "./types";

export function expiryPolicy(settings: Settings, now = new Date()): ExpiryPolicy {
  const latest = latestExpiry(settings, now);
  return { latest: latest ? toDateInput(latest) : null, lifetimeDays: settings.keyLifetimeDays };
}

import { KEY_SORTS, KEY_STATUS_FILTERS, type KeyFilters } from "@/db/queries/access-keys";
import { param, parseListParams, type SearchParams } from "@/lib/list-params";
import { latestExpiry, toDateInput } from "@/lib/policy";
import type { Settings } from "@/lib/settings";
import type { ExpiryPolicy } from "./types";

/** The key grid's page, sort and filters from the URL (server side; shared by admin and self-service). */
export function keyListParams(searchParams: SearchParams, scope: Pick<KeyFilters, "ownerId"> = {}) {
  const status = param(searchParams, "status");
  const filters: KeyFilters = {
    ...scope,
    name: param(searchParams, "name"),
    clientId: param(searchParams, "clientId"),
    status: (KEY_STATUS_FILTERS as readonly string[]).includes(status ?? "")
      ? (status as KeyFilters["status"])
      : undefined,
    owner: scope.ownerId === undefined ? param(searchParams, "owner") : undefined,
    createdBy: param(searchParams, "createdBy"),
    expiresBy: param(searchParams, "expiresBy"),
    neverExpires: param(searchParams, "neverExpires") === "1",
  };
  return parseListParams(searchParams, { sortable: KEY_SORTS, defaultSort: "createdAt", defaultDir: "desc" }, filters);
}

export function expiryPolicy(settings: Settings, now = new Date()): ExpiryPolicy {
  const latest = latestExpiry(settings, now);
  return { latest: latest ? toDateInput(latest) : null, lifetimeDays: settings.keyLifetimeDays };
}

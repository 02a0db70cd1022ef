import { KEY_SORTS, KEY_STATUS_FILTERS, type KeyFilters } from "@/lib/model/access-keys";
import { AUDIT_SORTS, type AuditFilters } from "@/lib/model/audit";
import { NOTIFICATION_SORTS, NOTIFICATION_STATUSES, type NotificationFilters } from "@/lib/model/notifications";
import { USER_SORTS, type UserFilters } from "@/lib/model/users";
import { param, parseListParams, type SearchParams } from "./list-params";
import { AUDIT_EVENTS } from "./model/audit";
import { ROLES, type Role } from "./model/authz";

/**
 * Each grid's page, sort and filters from query parameters: the same parsing for the pages' URLs
 * and the REST API's query strings. Unknown or invalid values are ignored, never an error.
 */
const oneOf = <T extends string>(allowed: readonly T[], value: string | undefined): T | undefined =>
  (allowed as readonly string[]).includes(value ?? "") ? (value as T) : undefined;

/** A whole number of days, 1–3650; anything else is no filter. */
function wholeDays(value: string | undefined): number | undefined {
  const days = Number(value);
  return value && /^\d+$/.test(value) && days >= 1 && days <= 3650 ? days : undefined;
}

export function userListParams(searchParams: SearchParams) {
  const filters: UserFilters = {
    q: param(searchParams, "q"),
    role: oneOf<Role>(ROLES, param(searchParams, "role")),
    status: oneOf(["active", "inactive"] as const, param(searchParams, "status")),
  };
  return parseListParams(searchParams, { sortable: USER_SORTS, defaultSort: "username", defaultDir: "asc" }, filters);
}

/** `scope.ownerId` restricts the list to one owner's keys (My API Keys). */
export function keyListParams(searchParams: SearchParams, scope: Pick<KeyFilters, "ownerId"> = {}) {
  const never = param(searchParams, "neverExpires");
  const filters: KeyFilters = {
    ...scope,
    name: param(searchParams, "name"),
    clientId: param(searchParams, "clientId"),
    status: oneOf(KEY_STATUS_FILTERS, param(searchParams, "status")),
    owner: scope.ownerId === undefined ? param(searchParams, "owner") : undefined,
    createdBy: param(searchParams, "createdBy"),
    expiresBy: param(searchParams, "expiresBy"),
    neverExpires: never === "1" || never === "true",
    expiresWithin: wholeDays(param(searchParams, "expiresWithin")),
  };
  return parseListParams(searchParams, { sortable: KEY_SORTS, defaultSort: "createdAt", defaultDir: "desc" }, filters);
}

/** Whether the user narrowed a key list (the scope it is restricted to does not count): empty states differ. */
export function keyFiltersApplied({ ownerId: _scope, ...filters }: KeyFilters): boolean {
  return Object.values(filters).some(Boolean);
}

export function auditListParams(searchParams: SearchParams) {
  const filters: AuditFilters = {
    actor: param(searchParams, "actor"),
    event: oneOf(AUDIT_EVENTS, param(searchParams, "event")),
    clientId: param(searchParams, "clientId"),
    from: param(searchParams, "from"),
    to: param(searchParams, "to"),
  };
  return parseListParams(searchParams, { sortable: AUDIT_SORTS, defaultSort: "at", defaultDir: "desc" }, filters);
}

export function notificationListParams(searchParams: SearchParams) {
  const filters: NotificationFilters = {
    recipient: param(searchParams, "recipient"),
    status: oneOf(NOTIFICATION_STATUSES, param(searchParams, "status")),
  };
  return parseListParams(
    searchParams,
    { sortable: NOTIFICATION_SORTS, defaultSort: "createdAt", defaultDir: "desc" },
    filters,
  );
}

import { DomainError } from "./errors";
import type { SelfServiceLevel } from "./settings";

export const ROLES = ["admin", "auditor", "user"] as const;
export type Role = (typeof ROLES)[number];

/** Who is acting: always re-read from the database for each request, never trusted from the session. */
export type Actor = {
  id: number;
  username: string;
  role: Role;
  status: "active" | "inactive";
};

const EVERYONE: readonly Role[] = ROLES;
const STAFF: readonly Role[] = ["admin", "auditor"];
const ADMIN: readonly Role[] = ["admin"];
const KEY_HOLDERS: readonly Role[] = ["admin", "user"];

// The one table of who may do what. Pages, server actions and API handlers all ask it.
const GRANTS = {
  "users:read": STAFF,
  "users:write": ADMIN,
  "keys:read": STAFF,
  "keys:write": ADMIN,
  "settings:read": STAFF,
  "settings:write": ADMIN,
  "audit:read": STAFF,
  "notifications:read": STAFF,
  "account:write": EVERYONE,
  // One's own keys through self-service (My API Keys, the REST API), as far as selfServiceLevel
  // allows: everyone may look; auditors change nothing, not even their own keys.
  "own-keys:read": EVERYONE,
  "own-keys:write": KEY_HOLDERS,
  // Introspection of any client's tokens (a key of this role's owner), not only the key's own.
  "tokens:introspect-any": STAFF,
  "tokens:revoke-any": ADMIN,
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof GRANTS;

export function can(actor: Actor | null | undefined, permission: Permission): boolean {
  if (actor?.status !== "active") return false;
  return roleMay(actor.role, permission);
}

/** The table itself, for a role known without a whole actor (a client key's owner, active by authentication). */
export function roleMay(role: Role, permission: Permission): boolean {
  return (GRANTS[permission] as readonly Role[]).includes(role);
}

/** The roles holding a permission, e.g. who counts as an administrator for the last-admin rule. */
export function rolesWith(permission: Permission): readonly Role[] {
  return GRANTS[permission];
}

/** Throws "forbidden" unless the actor holds the permission. */
export function authorize(actor: Actor | null | undefined, permission: Permission): Actor {
  if (!can(actor, permission) || !actor) throw new DomainError("forbidden", "forbidden");
  return actor;
}

/** Where a signed-in user lands first: staff on Users, others on their keys when they may see them. */
export function homePath(actor: Actor, canSeeOwnKeys = false): string {
  if (can(actor, "users:read")) return "/admin/users";
  return canSeeOwnKeys ? "/me/api-keys" : "/me/account";
}

/** What users may do with their own keys, by the site's self-service level. */
export type SelfServiceOperation = "view" | "manage" | "create" | "delete";

const SELF_SERVICE_NEEDS: Record<SelfServiceOperation, SelfServiceLevel> = {
  view: "view",
  manage: "manage", // activate, deactivate, regenerate, revoke
  create: "full",
  delete: "full",
};
const SELF_SERVICE_RANK: Record<SelfServiceLevel, number> = { none: 0, view: 1, manage: 2, full: 3 };

export function selfServiceAllows(level: SelfServiceLevel, operation: SelfServiceOperation): boolean {
  return SELF_SERVICE_RANK[level] >= SELF_SERVICE_RANK[SELF_SERVICE_NEEDS[operation]];
}

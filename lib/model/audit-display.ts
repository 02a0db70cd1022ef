import type { AuditEventType } from "./audit";
import { formatDateTime } from "./format";
import { settingLabel } from "./settings-labels";

/**
 * Audit events in words, for people (the Audit page, a key's history). The codes stay what the
 * database, the filters' URLs and the REST API carry; this is the one place that names them.
 */
export const AUDIT_EVENT_LABELS: Record<AuditEventType, string> = {
  "auth.sign_in": "Signed in",
  "auth.sign_in_failed": "Sign-in failed",
  "auth.sign_out": "Signed out",
  "user.create": "User created",
  "user.update": "User edited",
  "user.activate": "User activated",
  "user.deactivate": "User deactivated",
  "user.delete": "User deleted",
  "user.password_change": "Password changed",
  "key.create": "Key created",
  "key.update": "Key edited",
  "key.activate": "Key activated",
  "key.deactivate": "Key deactivated",
  "key.revoke": "Key revoked",
  "key.regenerate": "Key regenerated",
  "key.delete": "Key deleted",
  "setting.update": "Setting changed",
  "api.auth": "API authentication",
  "token.issue": "Access token issued",
  "token.revoke": "Access token revoked",
};

/** The words for an event code; a code this version does not know (an older row) shows as stored. */
export function auditEventLabel(code: string): string {
  return (AUDIT_EVENT_LABELS as Record<string, string | undefined>)[code] ?? code;
}

/**
 * Why an attempt failed, in words: the reason codes sign-in (lib/sign-in.ts, checkCredentials in
 * lib/services/users.ts) and API authentication (lib/api/authenticate.ts) store with a failure.
 */
export const AUDIT_REASON_LABELS: Record<string, string> = {
  throttled: "Too many attempts",
  unknown_user: "Unknown user",
  wrong_password: "Wrong password",
  inactive: "User inactive",
  password_auth_disabled: "Passwords not accepted",
  missing_credentials: "No credentials",
  unsupported_scheme: "Unsupported authorization scheme",
  malformed_credentials: "Malformed credentials",
  malformed_secret: "Malformed secret",
  unknown_secret: "Unknown secret",
  invalid_client: "Wrong client ID or secret",
  bearer_keys_disabled: "Bearer keys turned off",
  bearer_not_enabled: "Key not enabled as bearer token",
  key_inactive: "Key inactive",
  key_revoked: "Key revoked",
  key_expired: "Key expired",
  owner_inactive: "Owner inactive",
  malformed_token: "Malformed token",
  unknown_token: "Unknown token",
  token_revoked: "Token revoked",
  token_expired: "Token expired",
};

/** The words for a failure's reason code; a code this version does not know shows as stored. */
export function auditReasonLabel(code: string): string {
  return AUDIT_REASON_LABELS[code] ?? code;
}

/** An event's outcome as the Audit page and a key's history show it: "Success", "Failure (Key revoked)". */
export function auditOutcomeLabel(outcome: string, reason: string | null | undefined): string {
  if (outcome === "success") return "Success";
  return reason ? `Failure (${auditReasonLabel(reason)})` : "Failure";
}

const FIELD_LABELS: Record<string, string> = {
  owner: "Owner",
  expiresAt: "Expires",
  bearerEnabled: "Bearer token",
  changed: "Changed",
  from: "From",
  to: "To",
  name: "Name",
  description: "Description",
  username: "Username",
  fullName: "Full name",
  email: "Email",
  role: "Role",
  password: "Password",
  status: "Status",
  keysDeleted: "Keys deleted",
  via: "Via",
  count: "Attempts",
  expiresIn: "Lifetime",
};

const WORDS: Record<string, string> = {
  active: "Active",
  inactive: "Inactive",
  revoked: "Revoked",
  expired: "Expired",
  admin: "Administrator",
  auditor: "Auditor",
  user: "User",
  never: "Never",
};

/** How an API caller authenticated (an api.auth event's "via"). */
const VIA_WORDS: Record<string, string> = {
  bearer_key: "Bearer key",
  access_token: "Access token",
  password: "Password",
  client_credentials: "Client credentials",
  none: "Not yet known",
};

/** "someField" → "Some field", for a detail this map does not name yet. */
function humanize(key: string): string {
  const words = key
    .replace(/[_.]/g, " ")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

function valueText(value: unknown, key?: string): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (key === "expiresIn" && typeof value === "number") return `${value} seconds`;
  if (key === "via" && typeof value === "string") return VIA_WORDS[value] ?? value;
  if (typeof value === "string")
    return ISO_TIME.test(value) ? formatDateTime(new Date(value)) : (WORDS[value] ?? value);
  if (typeof value === "number") return String(value);
  if (Array.isArray(value)) return value.length ? value.map((item) => valueText(item)).join(", ") : "none";
  if (typeof value === "object" && "from" in value && "to" in value) {
    return `${valueText(value.from, key)} → ${valueText(value.to, key)}`;
  }
  return JSON.stringify(value);
}

export type DetailItem = { label: string; value: string };

/**
 * An event's details (stored as JSON) as labelled values: `{"from":1800,"to":3600}` of a setting
 * reads "Setting: Access token lifetime (seconds), From: 1800, To: 3600".
 */
export function auditDetails(event: string, details: string | null): DetailItem[] {
  if (!details) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(details);
  } catch {
    return [{ label: "Details", value: details }];
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return [{ label: "Details", value: details }];
  const entries = Object.entries(parsed as Record<string, unknown>);
  if (event === "setting.update") {
    return entries.map(([key, value]) => ({
      label: key === "name" ? "Setting" : (FIELD_LABELS[key] ?? humanize(key)),
      value: key === "name" && typeof value === "string" ? settingLabel(value) : valueText(value),
    }));
  }
  return entries.map(([key, value]) => ({
    label: FIELD_LABELS[key] ?? humanize(key),
    value:
      key === "changed" && Array.isArray(value)
        ? value.map((field) => FIELD_LABELS[String(field)] ?? humanize(String(field))).join(", ")
        : valueText(value, key),
  }));
}

// The expected answer of every REST API route to every kind of caller (lib/api/matrix.test.ts).
//
// A cell is the HTTP status, or for introspection and revocation what happened to the token
// ("200 active" / "200 inactive"; "200 revoked" / "200 kept"). A pair is [own target, someone else's
// target]: the caller's own key (or token) versus a key (or token) of another user.
// Row keys are caller names or groups; every caller must match exactly one key of every row.

import { type Cell as GenericCell, type Row as GenericRow, resolveCell } from "@/test/support/matrix";

export type Outcome = number | string;
type Cell = GenericCell<Outcome>;
type Row = GenericRow<Outcome>;

const LEVELS = ["none", "view", "manage", "full"] as const;
const both = (role: string) => [`${role} key`, `${role} token`];
const BLOCKED = ["inactive owner", "deactivated", "revoked", "expired"].flatMap(both);

export const GROUPS: Record<string, readonly string[]> = {
  // No Authorization, a browser session cookie, a user's password (apiKeyOnly is on), or a key
  // (and the access tokens it issued while good) that may no longer authenticate.
  "no valid credential": ["anonymous", "session cookie", "password", ...BLOCKED],
  "access tokens": ["admin token", "auditor token", ...LEVELS.map((level) => `user@${level} token`)],
  admin: both("admin"),
  auditor: both("auditor"),
  ...Object.fromEntries(LEVELS.map((level) => [`user@${level}`, both(`user@${level}`)])),
  users: LEVELS.flatMap((level) => both(`user@${level}`)),
};
GROUPS.everyone = [...new Set(Object.values(GROUPS).flat()), "bearer-disabled key"];

export const resolveRow = (row: Row | undefined, caller: string): Cell => resolveCell(row, caller, GROUPS);

/** One cell per self-service level, for a user's key or token. */
const byLevel = (none: Cell, view: Cell, manage: Cell, full: Cell): Row => ({
  "user@none": none,
  "user@view": view,
  "user@manage": manage,
  "user@full": full,
});

/** Resource routes: no valid credential is a 401, and so is a key without "bearer enabled". */
const refused = { "no valid credential": 401, "bearer-disabled key": 401 };
/** OAuth client endpoints take a key's client ID and secret: an access token is no client credential. */
const clients = { "no valid credential": 401, "access tokens": 401 };
const userKeys = (cell: Cell): Row => Object.fromEntries(LEVELS.map((level) => [`user@${level} key`, cell]));

/** Administrators change any key; users their own from `manage` up; auditors and `none`/`view` nothing. */
const keyChange = {
  ...refused,
  admin: [200, 200],
  auditor: 403,
  ...byLevel(403, 403, [200, 404], [200, 404]),
} as const;

export const MATRIX: Record<string, Row> = {
  "GET /api/v1/openapi.json": { everyone: 200 },
  "GET /.well-known/oauth-authorization-server": { everyone: 200 },

  "POST /api/v1/oauth/token": {
    ...clients,
    "admin key": 200,
    "auditor key": 200,
    ...userKeys(200), // the self-service level governs managing keys, not using them
    "bearer-disabled key": 200,
  },
  "POST /api/v1/oauth/introspect": {
    ...clients,
    "admin key": ["200 active", "200 active"],
    "auditor key": ["200 active", "200 active"],
    ...userKeys(["200 active", "200 inactive"]),
    "bearer-disabled key": ["200 active", "200 inactive"],
  },
  "POST /api/v1/oauth/revoke": {
    ...clients,
    "admin key": ["200 revoked", "200 revoked"],
    "auditor key": ["200 revoked", "200 kept"],
    ...userKeys(["200 revoked", "200 kept"]),
    "bearer-disabled key": ["200 revoked", "200 kept"],
  },

  "GET /api/v1/me": { ...refused, admin: 200, auditor: 200, users: 200 },
  "GET /api/v1/users": { ...refused, admin: 200, auditor: 200, users: 403 },
  "GET /api/v1/audit-events": { ...refused, admin: 200, auditor: 200, users: 403 },
  "GET /api/v1/access-keys": { ...refused, admin: 200, auditor: 200, ...byLevel(403, 200, 200, 200) },
  "POST /api/v1/access-keys": { ...refused, admin: [201, 201], auditor: 403, ...byLevel(403, 403, 403, [201, 403]) },
  "GET /api/v1/access-keys/:id": {
    ...refused,
    admin: [200, 200],
    auditor: [200, 200],
    ...byLevel(403, [200, 404], [200, 404], [200, 404]),
  },
  // Editing is for administrators only; a user learns no more about another's key than "not found".
  "PATCH /api/v1/access-keys/:id": {
    ...refused,
    admin: [200, 200],
    auditor: 403,
    ...byLevel(403, [403, 404], [403, 404], [403, 404]),
  },
  "DELETE /api/v1/access-keys/:id": {
    ...refused,
    admin: [204, 204],
    auditor: 403,
    ...byLevel(403, 403, 403, [204, 404]),
  },
  "POST /api/v1/access-keys/:id/activate": keyChange,
  "POST /api/v1/access-keys/:id/deactivate": keyChange,
  "POST /api/v1/access-keys/:id/revoke": keyChange,
  "POST /api/v1/access-keys/:id/regenerate": keyChange,
};

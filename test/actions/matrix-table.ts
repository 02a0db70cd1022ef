// The expected outcome of every server action for every kind of caller (actions-matrix.test.ts).
//
// "ok": the action did its work; "forbidden": `{ ok: false, message: "forbidden" }` and nothing
// changed; "not found": someone else's key, answered as if it did not exist; "refused": another
// domain refusal. A pair is [the caller's own key, someone else's key].
// Row keys are caller names or groups; every caller must match exactly one key of every row.

import { type Cell, type Row, resolveCell } from "@/test/support/matrix";
import type { Outcome } from "./helpers";

const LEVELS = ["none", "view", "manage", "full"] as const;
const USERS = LEVELS.map((level) => `user@${level}`);
/** No actor: no session, a session ended by a password reset, a deactivated or a deleted user. */
const SIGNED_OUT = ["anonymous", "stale session", "inactive user", "deleted user"];
const ADMINS = ["admin@view", "admin@full"];
const AUDITORS = ["auditor@view", "auditor@full"];

export const CALLERS = [...SIGNED_OUT, ...ADMINS, ...AUDITORS, ...USERS];

export const GROUPS: Record<string, readonly string[]> = {
  everyone: CALLERS,
  "signed out": SIGNED_OUT,
  "signed in": [...ADMINS, ...AUDITORS, ...USERS],
  admins: ADMINS,
  "not admins": [...SIGNED_OUT, ...AUDITORS, ...USERS],
  auditors: AUDITORS,
};

export const resolveRow = (row: Row<Outcome> | undefined, caller: string) => resolveCell(row, caller, GROUPS);

const byLevel = (none: Cell<Outcome>, view: Cell<Outcome>, manage: Cell<Outcome>, full: Cell<Outcome>) => ({
  "user@none": none,
  "user@view": view,
  "user@manage": manage,
  "user@full": full,
});

const adminOnly: Row<Outcome> = { admins: "ok", "not admins": "forbidden" };

/**
 * My API Keys: the self-service level applies to everyone's own keys (administrators manage other
 * keys on the admin pages); auditors change nothing, not even their own keys.
 */
const manageOwn: Row<Outcome> = {
  "signed out": "forbidden",
  auditors: "forbidden",
  "admin@view": "forbidden",
  "admin@full": ["ok", "not found"],
  ...byLevel("forbidden", "forbidden", ["ok", "not found"], ["ok", "not found"]),
};

export const MATRIX: Record<string, Row<Outcome>> = {
  // app/(app)/actions.ts
  signOutAction: { everyone: "ok" },
  changePasswordAction: { "signed out": "forbidden", "signed in": "ok" },
  // app/(app)/admin/users/actions.ts
  createUserAction: adminOnly,
  updateUserAction: adminOnly,
  setUserStatusAction: adminOnly,
  deleteUserAction: adminOnly,
  // app/(app)/admin/access-keys/actions.ts
  createAccessKeyAction: adminOnly,
  regenerateAccessKeyAction: adminOnly,
  updateAccessKeyAction: adminOnly,
  setAccessKeyStatusAction: adminOnly,
  deleteAccessKeyAction: adminOnly,
  bulkAccessKeysAction: adminOnly,
  searchOwnersAction: adminOnly,
  // app/(app)/admin/settings/actions.ts
  saveSettingsAction: adminOnly,
  // app/(app)/me/api-keys/actions.ts
  createOwnKeyAction: {
    "signed out": "forbidden",
    auditors: "forbidden",
    "admin@view": "forbidden",
    "admin@full": "ok",
    ...byLevel("forbidden", "forbidden", "forbidden", "ok"),
  },
  regenerateOwnKeyAction: manageOwn,
  setOwnKeyStatusAction: manageOwn,
  deleteOwnKeyAction: {
    ...manageOwn,
    ...byLevel("forbidden", "forbidden", "forbidden", ["ok", "not found"]),
  },
  // Public: sign-in (Auth.js itself is stubbed here: any well-formed attempt is handed to it) and
  // first-run setup, which refuses once a user exists.
  signInAction: { everyone: "ok" },
  setupAction: { everyone: "refused" },
};

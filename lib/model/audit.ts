/** Every kind of audit event Keyward writes. */
export const AUDIT_EVENTS = [
  "auth.sign_in",
  "auth.sign_in_failed",
  "auth.sign_out",
  "user.create",
  "user.update",
  "user.activate",
  "user.deactivate",
  "user.delete",
  "user.password_change",
  "key.create",
  "key.update",
  "key.activate",
  "key.deactivate",
  "key.revoke",
  "key.regenerate",
  "key.delete",
  "setting.update",
  "api.auth",
  "token.issue",
  "token.revoke",
] as const;
export type AuditEventType = (typeof AUDIT_EVENTS)[number];

/** Who did it and from where: passed from the request into every write that records an event. */
export type AuditContext = {
  actorId: number | null;
  actorUsername: string | null;
  ip: string | null;
  userAgent: string | null;
};

export type AuditEntry = {
  event: AuditEventType;
  outcome?: "success" | "failure";
  targetType?: "user" | "access_key" | "setting";
  targetId?: number;
  targetLabel?: string;
  clientId?: string;
  reason?: string;
  /** Changed fields and the like; never a secret, token or password. */
  details?: Record<string, unknown>;
};

export const systemContext: AuditContext = {
  actorId: null,
  actorUsername: null,
  ip: null,
  userAgent: null,
};

// ——— the Audit page ———

export const AUDIT_SORTS = ["at"] as const;
export type AuditSort = (typeof AUDIT_SORTS)[number];
export type AuditFilters = {
  /** Exact username of the actor (indexed with the time). */
  actor?: string;
  event?: string;
  clientId?: string;
  /** yyyy-mm-dd, UTC days, inclusive. */
  from?: string;
  to?: string;
};

/** One stored audit event, as the Audit page and GET /api/v1/audit list it. */
export type AuditListRow = {
  id: number;
  at: Date;
  event: string;
  outcome: "success" | "failure";
  actorId: number | null;
  actorUsername: string | null;
  targetType: string | null;
  targetId: number | null;
  targetLabel: string | null;
  clientId: string | null;
  ip: string | null;
  userAgent: string | null;
  reason: string | null;
  details: string | null;
};

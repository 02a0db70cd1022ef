/**
 * The key state machine: the stored statuses, the status the grid shows, which transitions each
 * status allows, and the words for a transition done or skipped. Pure: the services apply it, the
 * row menus offer what it allows.
 */

export type KeyStatus = "active" | "inactive" | "revoked";
export type EffectiveKeyStatus = KeyStatus | "expired";

export function isExpired(expiresAt: Date | null, now = new Date()): boolean {
  return expiresAt !== null && expiresAt.getTime() <= now.getTime();
}

/** What the grid shows: revoked wins, then expired (derived), then the stored status. */
export function effectiveStatus(
  key: { status: KeyStatus; expiresAt: Date | null },
  now = new Date(),
): EffectiveKeyStatus {
  if (key.status === "revoked") return "revoked";
  return isExpired(key.expiresAt, now) ? "expired" : key.status;
}

/** A key authenticates only when it is active, not expired, and its owner is active. */
export function canAuthenticate(
  key: { status: KeyStatus; expiresAt: Date | null },
  ownerStatus: "active" | "inactive",
  now = new Date(),
): boolean {
  return key.status === "active" && !isExpired(key.expiresAt, now) && ownerStatus === "active";
}

export type KeyTransition = "activate" | "deactivate" | "revoke";

/** Each transition's target, the stored statuses it starts from, and the refusal from any other. */
export const TRANSITIONS: Readonly<
  Record<KeyTransition, { to: KeyStatus; from: readonly KeyStatus[]; refusal: string }>
> = {
  activate: {
    to: "active",
    from: ["inactive"],
    refusal: "Only an inactive key can be activated; a revoked key can only be regenerated.",
  },
  deactivate: { to: "inactive", from: ["active"], refusal: "Only an active key can be deactivated." },
  revoke: { to: "revoked", from: ["active", "inactive"], refusal: "This key is already revoked." },
};

const ALL_TRANSITIONS = Object.keys(TRANSITIONS) as KeyTransition[];

/** The transitions a key with this stored status allows, in menu order (Deactivate/Activate, Revoke). */
export function allowedTransitions(status: KeyStatus): KeyTransition[] {
  return ALL_TRANSITIONS.filter((action) => TRANSITIONS[action].from.includes(status));
}

export type BulkKeyAction = "deactivate" | "revoke" | "delete";

const SKIP_REASONS: Record<KeyTransition, Partial<Record<KeyStatus, string>>> = {
  activate: { active: "already active", revoked: "revoked: only Regenerate brings it back" },
  deactivate: { inactive: "already inactive", revoked: "revoked" },
  revoke: { revoked: "already revoked" },
};

/** Why a bulk action leaves a key with this status as it was, in words ("already revoked"). */
export function skipReason(action: KeyTransition, status: KeyStatus): string {
  return SKIP_REASONS[action][status] ?? `status ${status}`;
}

export const PAST_TENSE = { activate: "activated", deactivate: "deactivated", revoke: "revoked" } as const;

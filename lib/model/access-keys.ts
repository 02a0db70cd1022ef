import type { EffectiveKeyStatus, KeyStatus } from "./key-state";

/** A key as it may leave storage: everything but the secret's hash. */
export type KeyRow = {
  id: number;
  clientId: string;
  name: string;
  description: string;
  ownerId: number;
  ownerUsername: string;
  ownerStatus: "active" | "inactive";
  ownerEmail: string;
  createdById: number | null;
  createdByUsername: string;
  createdAt: Date;
  updatedAt: Date;
  expiresAt: Date | null;
  status: KeyStatus;
  secretHint: string;
  bearerEnabled: boolean;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
};

/** A key with the status the grid shows (revoked, expired, or the stored one). */
export type AccessKey = KeyRow & { effectiveStatus: EffectiveKeyStatus };

/** A key just created or regenerated, with its secret: shown once, never stored. */
export type IssuedKey = { key: AccessKey; secret: string };

/** A key a bulk action left as it was, and why in words ("already revoked"). */
export type SkippedKey = { id: number; name: string | null; clientId: string | null; reason: string };

export const KEY_SORTS = [
  "name",
  "clientId",
  "owner",
  "ownerStatus",
  "email",
  "status",
  "createdBy",
  "createdAt",
  "expiresAt",
  "lastUsedAt",
] as const;
export type KeySort = (typeof KEY_SORTS)[number];
export const KEY_STATUS_FILTERS = ["active", "inactive", "revoked", "expired"] as const;

export type KeyFilters = {
  name?: string;
  clientId?: string;
  status?: EffectiveKeyStatus;
  owner?: string;
  createdBy?: string;
  /** Keys expiring on or before the end of this UTC day (yyyy-mm-dd). */
  expiresBy?: string;
  neverExpires?: boolean;
  /** Keys not revoked that expire between now and this many days from now. */
  expiresWithin?: number;
  /** Only this owner's keys (My API Keys). */
  ownerId?: number;
};

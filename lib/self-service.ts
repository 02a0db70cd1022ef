import {
  createAccessKey,
  deleteAccessKey,
  regenerateAccessKey,
  setAccessKeyStatus,
} from "@/db/queries/access-key-changes";
import { getSettings } from "@/db/queries/settings";
import type { AuditContext } from "./model/audit";
import { type Actor, can } from "./model/authz";
import { DomainError } from "./model/errors";
import type { KeyTransition } from "./model/key-state";
import type { SelfServiceLevel } from "./model/settings";
import type { CreateAccessKeyInput } from "./validation/access-keys";

/** What users may do with their own keys, by `selfServiceLevel` (SPEC §1 Site settings). */
export type SelfServiceOperation = "view" | "manage" | "create" | "delete";

const NEEDED: Record<SelfServiceOperation, SelfServiceLevel> = {
  view: "view",
  manage: "manage", // activate, deactivate, regenerate, revoke
  create: "full",
  delete: "full",
};
const RANK: Record<SelfServiceLevel, number> = { none: 0, view: 1, manage: 2, full: 3 };

export function selfServiceAllows(level: SelfServiceLevel, operation: SelfServiceOperation): boolean {
  return RANK[level] >= RANK[NEEDED[operation]];
}

/** Checks the level as it is *now* (settings are read per call): a change applies to the next request. */
async function allow(actor: Actor, operation: SelfServiceOperation): Promise<{ ownerId: number }> {
  if (!can(actor, operation === "view" ? "own-keys:read" : "own-keys:write"))
    throw new DomainError("forbidden", "forbidden");
  if (!selfServiceAllows((await getSettings()).selfServiceLevel, operation)) {
    throw new DomainError("forbidden", "forbidden");
  }
  return { ownerId: actor.id };
}

/*
 * Self-service on one's own keys. Each function checks the level itself, and passes the caller as
 * the key's required owner, checked inside the write transaction: another user's key is "not found".
 * The UI's server actions and the REST API both go through these.
 */

export async function createOwnKey(actor: Actor, input: Omit<CreateAccessKeyInput, "ownerId">, ctx: AuditContext) {
  const { ownerId } = await allow(actor, "create");
  return createAccessKey({ ...input, ownerId }, ctx);
}

export async function regenerateOwnKey(actor: Actor, id: number, ctx: AuditContext) {
  return regenerateAccessKey(id, ctx, await allow(actor, "manage"));
}

export async function setOwnKeyStatus(actor: Actor, id: number, action: KeyTransition, ctx: AuditContext) {
  return setAccessKeyStatus(id, action, ctx, await allow(actor, "manage"));
}

export async function deleteOwnKey(actor: Actor, id: number, ctx: AuditContext) {
  return deleteAccessKey(id, ctx, await allow(actor, "delete"));
}

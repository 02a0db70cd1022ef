import {
  createAccessKey,
  deleteAccessKey,
  regenerateAccessKey,
  setAccessKeyStatus,
  updateAccessKey,
} from "@/db/queries/access-key-changes";
import { getAccessKey, listAccessKeys } from "@/db/queries/access-keys";
import { getSettings } from "@/db/queries/settings";
import type { AccessKey, KeyFilters, KeySort } from "@/lib/model/access-keys";
import type { ListParams } from "./list-params";
import type { AuditContext } from "./model/audit";
import { type Actor, can } from "./model/authz";
import { DomainError, forbidden, notFound } from "./model/errors";
import type { KeyTransition } from "./model/key-state";
import { createOwnKey, deleteOwnKey, regenerateOwnKey, selfServiceAllows, setOwnKeyStatus } from "./self-service";
import type { CreateAccessKeyInput, UpdateAccessKeyInput } from "./validation/access-keys";

/**
 * Key operations for a caller of any role, as the REST API needs them: administrators act on every
 * key, ordinary users on their own as far as `selfServiceLevel` allows, auditors read only. The
 * rules themselves live in db/queries/access-key-changes.ts and lib/self-service.ts; this only
 * chooses between them, exactly as the admin pages and My API Keys do.
 */
const isAdmin = (actor: Actor) => can(actor, "keys:write");

async function mayViewOwn(actor: Actor): Promise<boolean> {
  return actor.status === "active" && selfServiceAllows((await getSettings()).selfServiceLevel, "view");
}

export async function listKeysFor(actor: Actor, params: ListParams<KeySort, KeyFilters>) {
  if (can(actor, "keys:read")) return listAccessKeys(params);
  if (!(await mayViewOwn(actor))) throw forbidden();
  return listAccessKeys({ ...params, filters: { ...params.filters, ownerId: actor.id } });
}

export async function getKeyFor(actor: Actor, id: number): Promise<AccessKey> {
  const key = await getAccessKey(id);
  if (key && can(actor, "keys:read")) return key;
  if (key && key.ownerId === actor.id && (await mayViewOwn(actor))) return key;
  if (!can(actor, "keys:read") && !(await mayViewOwn(actor))) throw forbidden();
  throw notFound("The access key");
}

export async function createKeyFor(
  actor: Actor,
  input: Omit<CreateAccessKeyInput, "ownerId"> & { ownerId?: number },
  ctx: AuditContext,
) {
  if (isAdmin(actor)) return createAccessKey({ ...input, ownerId: input.ownerId ?? actor.id }, ctx);
  if (!can(actor, "own-keys:write")) throw forbidden();
  if (input.ownerId !== undefined && input.ownerId !== actor.id) {
    throw new DomainError("forbidden", "You may create keys only for yourself.");
  }
  return createOwnKey(actor, input, ctx);
}

export async function updateKeyFor(actor: Actor, input: UpdateAccessKeyInput, ctx: AuditContext) {
  if (!isAdmin(actor)) throw forbidden();
  return updateAccessKey(input, ctx);
}

export async function setKeyStatusFor(actor: Actor, id: number, action: KeyTransition, ctx: AuditContext) {
  if (isAdmin(actor)) return setAccessKeyStatus(id, action, ctx);
  if (!can(actor, "own-keys:write")) throw forbidden();
  return setOwnKeyStatus(actor, id, action, ctx);
}

export async function regenerateKeyFor(actor: Actor, id: number, ctx: AuditContext) {
  if (isAdmin(actor)) return regenerateAccessKey(id, ctx);
  if (!can(actor, "own-keys:write")) throw forbidden();
  return regenerateOwnKey(actor, id, ctx);
}

export async function deleteKeyFor(actor: Actor, id: number, ctx: AuditContext) {
  if (isAdmin(actor)) return deleteAccessKey(id, ctx);
  if (!can(actor, "own-keys:write")) throw forbidden();
  return deleteOwnKey(actor, id, ctx);
}

import type { Tx } from "@/db/client";
import {
  deleteKeyTx,
  dropTokensTx,
  insertKeyTx,
  keyStatusesTx,
  updateKeyTx,
  userStatusTx,
} from "@/db/queries/access-key-writes";
import { countLimitedKeys, getAccessKey, getAccessKeyTx, listAccessKeys } from "@/db/queries/access-keys";
import { listAuditEventsForTarget } from "@/db/queries/audit";
import { getSettings, getSettingsTx } from "@/db/queries/settings";
import { generateClientId, issueSecret } from "@/lib/keys";
import type { AccessKey, IssuedKey, KeyFilters, KeySort, SkippedKey } from "@/lib/model/access-keys";
import type { AuditContext, AuditEventType } from "@/lib/model/audit";
import { type Actor, can, type SelfServiceOperation, selfServiceAllows } from "@/lib/model/authz";
import { DomainError, forbidden, notFound } from "@/lib/model/errors";
import { type BulkKeyAction, type KeyTransition, skipReason, TRANSITIONS } from "@/lib/model/key-state";
import type { ListParams } from "@/lib/model/list-params";
import { limitMessage, resolveExpiry } from "@/lib/model/policy";
import type { SelfServiceLevel } from "@/lib/model/settings";
import type { CreateAccessKeyInput, UpdateAccessKeyInput } from "@/lib/validation/access-keys";
import { type Effects, audit as recordAudit, writeWithEffects } from "./effects";
import { notifyKeyEvent } from "./notifications";

/*
 * Every operation on access keys, and the one home of their rules: who may act on which key (the
 * permission table, and the self-service level read inside the write transaction), the owner, the
 * per-user limit, the expiry policy, the state machine, the audit event and the owner's e-mail, all
 * in one write transaction.
 *
 * `reach` says which keys the caller means: "any" (the admin pages, the REST API) lets the actor's
 * role decide, so administrators act on every key and others on their own; "own" (My API Keys)
 * means the actor's own keys only, as far as the self-service level allows, whatever the role.
 */
export type KeyReach = "any" | "own";

/** Self-service passes the caller as `ownerId`: someone else's key is "not found", checked in the transaction. */
export type KeyScope = { ownerId?: number };

/**
 * Which keys the actor may act on for this operation; throws "forbidden" when none. `level` reads
 * the self-service level only when it matters, inside the write transaction for a change.
 */
function scopeOf(actor: Actor, operation: SelfServiceOperation, reach: KeyReach, level: () => SelfServiceLevel) {
  const reading = operation === "view";
  if (reach === "any" && can(actor, reading ? "keys:read" : "keys:write")) return {};
  if (!can(actor, reading ? "own-keys:read" : "own-keys:write")) throw forbidden();
  if (!selfServiceAllows(level(), operation)) throw forbidden();
  return { ownerId: actor.id } satisfies KeyScope;
}

/** In the write transaction: a level lowered a moment ago applies to this change. */
const writeScope = (tx: Tx, actor: Actor, operation: SelfServiceOperation, reach: KeyReach): KeyScope =>
  scopeOf(actor, operation, reach, () => getSettingsTx(tx).selfServiceLevel);

function load(tx: Tx, id: number, now: Date, scope: KeyScope = {}): AccessKey {
  const key = getAccessKeyTx(tx, id, now);
  if (!key || (scope.ownerId !== undefined && key.ownerId !== scope.ownerId)) throw notFound("The access key");
  return key;
}

function audit(tx: Tx, ctx: AuditContext, event: AuditEventType, key: AccessKey, details?: Record<string, unknown>) {
  recordAudit(tx, ctx, {
    event,
    targetType: "access_key",
    targetId: key.id,
    targetLabel: key.name,
    clientId: key.clientId,
    details: { owner: key.ownerUsername, ...details },
  });
}

function assertUnderLimit(tx: Tx, ownerId: number, now: Date, exceptKeyId?: number): void {
  const { maxKeysPerUser } = getSettingsTx(tx);
  if (countLimitedKeys(tx, ownerId, now, exceptKeyId) >= maxKeysPerUser) {
    throw new DomainError("limit", limitMessage(maxKeysPerUser));
  }
}

// ——— reads ———

/** A page of the keys the actor may see: every key for staff (reach "any"), else their own. */
export async function listKeys(actor: Actor, params: ListParams<KeySort, KeyFilters>, reach: KeyReach = "any") {
  const scope = await readScope(actor, reach);
  return listAccessKeys(
    scope.ownerId === undefined ? params : { ...params, filters: { ...params.filters, ownerId: scope.ownerId } },
  );
}

/** One key the actor may see; another user's key is "not found" to those who may see only their own. */
export async function getKey(actor: Actor, id: number, reach: KeyReach = "any"): Promise<AccessKey> {
  const scope = await readScope(actor, reach);
  const key = await getAccessKey(id);
  if (!key || (scope.ownerId !== undefined && key.ownerId !== scope.ownerId)) throw notFound("The access key");
  return key;
}

/** A key and its history (newest first), for its page; the history is as visible as the key. */
export async function getKeyWithHistory(actor: Actor, id: number, reach: KeyReach = "any") {
  const key = await getKey(actor, id, reach);
  return { key, history: await listAuditEventsForTarget("access_key", key.id) };
}

/** Whether the actor may see their own keys now (the navigation and home page ask). */
export async function ownKeysVisible(actor: Actor): Promise<boolean> {
  return can(actor, "own-keys:read") && selfServiceAllows((await getSettings()).selfServiceLevel, "view");
}

async function readScope(actor: Actor, reach: KeyReach): Promise<KeyScope> {
  const { selfServiceLevel } = await getSettings();
  return scopeOf(actor, "view", reach, () => selfServiceLevel);
}

// ——— writes, decided per actor ———

type CreateInput = Omit<CreateAccessKeyInput, "ownerId"> & { ownerId?: number };

export async function createKey(actor: Actor, input: CreateInput, ctx: AuditContext, reach: KeyReach = "any") {
  const issued = issueSecret();
  // Through the API a user naming someone else as owner is told so; My API Keys ignores the field.
  const forSomeoneElse = input.ownerId !== undefined && input.ownerId !== actor.id;
  if (reach === "any" && forSomeoneElse && !can(actor, "keys:write") && can(actor, "own-keys:write")) {
    throw new DomainError("forbidden", "You may create keys only for yourself.");
  }
  return writeWithEffects((tx, fx) => {
    const scope = writeScope(tx, actor, "create", reach);
    return create(tx, fx, { ...input, ownerId: scope.ownerId ?? input.ownerId ?? actor.id }, ctx, issued);
  });
}

export async function regenerateKey(actor: Actor, id: number, ctx: AuditContext, reach: KeyReach = "any") {
  const issued = issueSecret();
  return writeWithEffects((tx, fx) => regenerate(tx, fx, id, ctx, issued, writeScope(tx, actor, "manage", reach)));
}

export async function setKeyStatus(
  actor: Actor,
  id: number,
  action: KeyTransition,
  ctx: AuditContext,
  reach: KeyReach = "any",
): Promise<AccessKey> {
  return writeWithEffects((tx, fx) =>
    transition(tx, fx, id, action, ctx, new Date(), writeScope(tx, actor, "manage", reach)),
  );
}

export async function deleteKey(actor: Actor, id: number, ctx: AuditContext, reach: KeyReach = "any") {
  return writeWithEffects((tx, fx) => remove(tx, fx, id, ctx, new Date(), writeScope(tx, actor, "delete", reach)));
}

/** Editing a key is an administrator's: self-service never edits. */
export async function updateKey(actor: Actor, input: UpdateAccessKeyInput, ctx: AuditContext): Promise<AccessKey> {
  if (!can(actor, "keys:write")) throw forbidden();
  return writeWithEffects((tx) => update(tx, input, ctx));
}

/**
 * Bulk actions are an administrator's. One action on many keys in one transaction; keys it does not
 * apply to are skipped, not failed, and named with the reason (a key deleted meanwhile has no name
 * left to give).
 */
export async function bulkUpdateKeys(
  actor: Actor,
  ids: number[],
  action: BulkKeyAction,
  ctx: AuditContext,
): Promise<{ done: number; skipped: SkippedKey[] }> {
  if (!can(actor, "keys:write")) throw forbidden();
  return writeWithEffects((tx, fx) => {
    const now = new Date();
    const existing = keyStatusesTx(tx, ids);
    let done = 0;
    const skipped: SkippedKey[] = [];
    for (const { id, status, name, clientId } of existing) {
      if (action === "delete") remove(tx, fx, id, ctx, now);
      else if (TRANSITIONS[action].from.includes(status)) transition(tx, fx, id, action, ctx, now);
      else {
        skipped.push({ id, name, clientId, reason: skipReason(action, status) });
        continue;
      }
      done += 1;
    }
    const found = new Set(existing.map((key) => key.id));
    for (const id of new Set(ids)) {
      if (!found.has(id)) skipped.push({ id, name: null, clientId: null, reason: "no longer exists" });
    }
    return { done, skipped };
  });
}

// ——— the operations themselves, once the caller's scope is known ———

/**
 * Creates a key. The limit is counted and the row inserted in one BEGIN IMMEDIATE transaction, so
 * concurrent creations (from any process) cannot exceed it.
 */
function create(
  tx: Tx,
  fx: Effects,
  input: CreateAccessKeyInput,
  ctx: AuditContext,
  issued: ReturnType<typeof issueSecret>,
): IssuedKey {
  const now = new Date();
  const ownerStatus = userStatusTx(tx, input.ownerId);
  if (!ownerStatus) throw new DomainError("invalid", "Choose an owner.", { ownerId: ["This user no longer exists."] });
  if (ownerStatus !== "active") {
    throw new DomainError("invalid", "The owner must be an active user.", { ownerId: ["This user is inactive."] });
  }
  const expiresAt = resolveExpiry(input.expiresAt, getSettingsTx(tx), now);
  assertUnderLimit(tx, input.ownerId, now);
  const id = insertKeyTx(tx, {
    clientId: generateClientId(),
    name: input.name,
    description: input.description,
    ownerId: input.ownerId,
    createdById: ctx.actorId,
    createdByUsername: ctx.actorUsername ?? "system",
    createdAt: now,
    updatedAt: now,
    expiresAt,
    status: "active",
    secretHash: issued.secretHash,
    secretHint: issued.secretHint,
    bearerEnabled: input.bearerEnabled,
  });
  const key = load(tx, id, now);
  audit(tx, ctx, "key.create", key, {
    expiresAt: key.expiresAt?.toISOString() ?? null,
    bearerEnabled: key.bearerEnabled,
  });
  notifyKeyEvent(tx, fx, ctx, "create", key, now);
  return { key, secret: issued.secret };
}

/** A new secret for the same client ID: the old one and its tokens stop working; the key is active again. */
function regenerate(
  tx: Tx,
  fx: Effects,
  id: number,
  ctx: AuditContext,
  issued: ReturnType<typeof issueSecret>,
  scope: KeyScope,
): IssuedKey {
  const now = new Date();
  const before = load(tx, id, now, scope);
  // A key that already counts is replaced by itself; a revoked or expired one comes back and must fit.
  assertUnderLimit(tx, before.ownerId, now, before.id);
  const expiresAt = resolveExpiry(undefined, getSettingsTx(tx), now);
  updateKeyTx(tx, id, {
    secretHash: issued.secretHash,
    secretHint: issued.secretHint,
    status: "active",
    expiresAt,
    updatedAt: now,
  });
  dropTokensTx(tx, id);
  const key = load(tx, id, now);
  audit(tx, ctx, "key.regenerate", key, {
    from: before.effectiveStatus,
    expiresAt: key.expiresAt?.toISOString() ?? null,
  });
  notifyKeyEvent(tx, fx, ctx, "regenerate", key, now);
  return { key, secret: issued.secret };
}

function transition(
  tx: Tx,
  fx: Effects,
  id: number,
  action: KeyTransition,
  ctx: AuditContext,
  now: Date,
  scope: KeyScope = {},
): AccessKey {
  const before = load(tx, id, now, scope);
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(before.status)) throw new DomainError("conflict", rule.refusal);
  updateKeyTx(tx, id, { status: rule.to, updatedAt: now });
  if (rule.to !== "active") dropTokensTx(tx, id); // tokens issued from a key die with it
  const key = load(tx, id, now);
  audit(tx, ctx, `key.${action}`, key, { from: before.status, to: rule.to });
  if (action === "revoke") notifyKeyEvent(tx, fx, ctx, "revoke", key, now);
  return key;
}

function remove(tx: Tx, fx: Effects, id: number, ctx: AuditContext, now: Date, scope: KeyScope = {}): AccessKey {
  const key = load(tx, id, now, scope);
  deleteKeyTx(tx, id);
  audit(tx, ctx, "key.delete", key);
  notifyKeyEvent(tx, fx, ctx, "delete", key, now);
  return key;
}

function update(tx: Tx, input: UpdateAccessKeyInput, ctx: AuditContext): AccessKey {
  const now = new Date();
  const before = load(tx, input.id, now);
  const keepExpiry = (input.expiresAt ?? "") === (before.expiresAt?.toISOString().slice(0, 10) ?? "");
  const expiresAt = keepExpiry ? before.expiresAt : resolveExpiry(input.expiresAt, getSettingsTx(tx), now);
  updateKeyTx(tx, input.id, {
    name: input.name,
    description: input.description,
    bearerEnabled: input.bearerEnabled,
    expiresAt,
    updatedAt: now,
  });
  const key = load(tx, input.id, now);
  const changed: string[] = (["name", "description", "bearerEnabled"] as const).filter((f) => before[f] !== key[f]);
  if (before.expiresAt?.getTime() !== key.expiresAt?.getTime()) changed.push("expiresAt");
  audit(tx, ctx, "key.update", key, { changed });
  return key;
}

import { eq, inArray } from "drizzle-orm";
import { generateClientId, issueSecret } from "@/lib/keys";
import type { AccessKey, IssuedKey, SkippedKey } from "@/lib/model/access-keys";
import type { AuditContext, AuditEventType } from "@/lib/model/audit";
import { DomainError, notFound } from "@/lib/model/errors";
import { type BulkKeyAction, type KeyTransition, skipReason, TRANSITIONS } from "@/lib/model/key-state";
import { limitMessage, resolveExpiry } from "@/lib/model/policy";
import type { CreateAccessKeyInput, UpdateAccessKeyInput } from "@/lib/validation/access-keys";
import { type Tx, writeTransaction } from "../client";
import { accessKeys, issuedTokens, users } from "../schema";
import { countLimitedKeys, getAccessKeyTx } from "./access-keys";

export type { IssuedKey, SkippedKey } from "@/lib/model/access-keys";

import { insertAuditEvent } from "./audit";
import { notifyKeyEventTx } from "./notifications";
import { getSettingsTx } from "./settings";

/** A key together with its new secret: returned once, by create and regenerate, to be shown once. */

/** Self-service passes the caller as `ownerId`: someone else's key is "not found", checked in the transaction. */
export type KeyScope = { ownerId?: number };

function load(tx: Tx, id: number, now: Date, scope: KeyScope = {}): AccessKey {
  const key = getAccessKeyTx(tx, id, now);
  if (!key || (scope.ownerId !== undefined && key.ownerId !== scope.ownerId)) throw notFound("The access key");
  return key;
}

function audit(tx: Tx, ctx: AuditContext, event: AuditEventType, key: AccessKey, details?: Record<string, unknown>) {
  insertAuditEvent(tx, ctx, {
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

/** Tokens issued from a key die with its secret. */
function dropTokens(tx: Tx, keyId: number): void {
  tx.delete(issuedTokens).where(eq(issuedTokens.keyId, keyId)).run();
}

/**
 * Creates a key. The limit is counted and the row inserted in one BEGIN IMMEDIATE transaction, so
 * concurrent creations (from any process) cannot exceed it.
 */
export async function createAccessKey(input: CreateAccessKeyInput, ctx: AuditContext): Promise<IssuedKey> {
  const issued = issueSecret();
  return writeTransaction((tx) => {
    const now = new Date();
    const owner = tx.select({ status: users.status }).from(users).where(eq(users.id, input.ownerId)).get();
    if (!owner) throw new DomainError("invalid", "Choose an owner.", { ownerId: ["This user no longer exists."] });
    if (owner.status !== "active") {
      throw new DomainError("invalid", "The owner must be an active user.", { ownerId: ["This user is inactive."] });
    }
    const expiresAt = resolveExpiry(input.expiresAt, getSettingsTx(tx), now);
    assertUnderLimit(tx, input.ownerId, now);
    const { id } = tx
      .insert(accessKeys)
      .values({
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
      })
      .returning({ id: accessKeys.id })
      .get();
    const key = load(tx, id, now);
    audit(tx, ctx, "key.create", key, {
      expiresAt: key.expiresAt?.toISOString() ?? null,
      bearerEnabled: key.bearerEnabled,
    });
    notifyKeyEventTx(tx, ctx, "create", key, now);
    return { key, secret: issued.secret };
  });
}

/** A new secret for the same client ID: the old one and its tokens stop working; the key is active again. */
export async function regenerateAccessKey(id: number, ctx: AuditContext, scope: KeyScope = {}): Promise<IssuedKey> {
  const issued = issueSecret();
  return writeTransaction((tx) => {
    const now = new Date();
    const before = load(tx, id, now, scope);
    // A key that already counts is replaced by itself; a revoked or expired one comes back and must fit.
    assertUnderLimit(tx, before.ownerId, now, before.id);
    const expiresAt = resolveExpiry(undefined, getSettingsTx(tx), now);
    tx.update(accessKeys)
      .set({
        secretHash: issued.secretHash,
        secretHint: issued.secretHint,
        status: "active",
        expiresAt,
        updatedAt: now,
      })
      .where(eq(accessKeys.id, id))
      .run();
    dropTokens(tx, id);
    const key = load(tx, id, now);
    audit(tx, ctx, "key.regenerate", key, {
      from: before.effectiveStatus,
      expiresAt: key.expiresAt?.toISOString() ?? null,
    });
    notifyKeyEventTx(tx, ctx, "regenerate", key, now);
    return { key, secret: issued.secret };
  });
}

function transition(
  tx: Tx,
  id: number,
  action: KeyTransition,
  ctx: AuditContext,
  now: Date,
  scope: KeyScope = {},
): AccessKey {
  const before = load(tx, id, now, scope);
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(before.status)) throw new DomainError("conflict", rule.refusal);
  tx.update(accessKeys).set({ status: rule.to, updatedAt: now }).where(eq(accessKeys.id, id)).run();
  if (rule.to !== "active") dropTokens(tx, id);
  const key = load(tx, id, now);
  audit(tx, ctx, `key.${action}`, key, { from: before.status, to: rule.to });
  if (action === "revoke") notifyKeyEventTx(tx, ctx, "revoke", key, now);
  return key;
}

export async function setAccessKeyStatus(
  id: number,
  action: KeyTransition,
  ctx: AuditContext,
  scope: KeyScope = {},
): Promise<AccessKey> {
  return writeTransaction((tx) => transition(tx, id, action, ctx, new Date(), scope));
}

function remove(tx: Tx, id: number, ctx: AuditContext, now: Date, scope: KeyScope = {}): AccessKey {
  const key = load(tx, id, now, scope);
  tx.delete(accessKeys).where(eq(accessKeys.id, id)).run(); // issued tokens go by cascade
  audit(tx, ctx, "key.delete", key);
  notifyKeyEventTx(tx, ctx, "delete", key, now);
  return key;
}

export async function deleteAccessKey(id: number, ctx: AuditContext, scope: KeyScope = {}): Promise<AccessKey> {
  return writeTransaction((tx) => remove(tx, id, ctx, new Date(), scope));
}

export async function updateAccessKey(input: UpdateAccessKeyInput, ctx: AuditContext): Promise<AccessKey> {
  return writeTransaction((tx) => {
    const now = new Date();
    const before = load(tx, input.id, now);
    const keepExpiry = (input.expiresAt ?? "") === (before.expiresAt?.toISOString().slice(0, 10) ?? "");
    const expiresAt = keepExpiry ? before.expiresAt : resolveExpiry(input.expiresAt, getSettingsTx(tx), now);
    tx.update(accessKeys)
      .set({
        name: input.name,
        description: input.description,
        bearerEnabled: input.bearerEnabled,
        expiresAt,
        updatedAt: now,
      })
      .where(eq(accessKeys.id, input.id))
      .run();
    const key = load(tx, input.id, now);
    const changed: string[] = (["name", "description", "bearerEnabled"] as const).filter((f) => before[f] !== key[f]);
    if (before.expiresAt?.getTime() !== key.expiresAt?.getTime()) changed.push("expiresAt");
    audit(tx, ctx, "key.update", key, { changed });
    return key;
  });
}

/**
 * Applies one action to many keys in one transaction; keys it does not apply to are skipped, not
 * failed, and named with the reason (a key deleted meanwhile has no name left to give).
 */
export async function bulkUpdateAccessKeys(
  ids: number[],
  action: BulkKeyAction,
  ctx: AuditContext,
): Promise<{ done: number; skipped: SkippedKey[] }> {
  return writeTransaction((tx) => {
    const now = new Date();
    const existing = tx
      .select({ id: accessKeys.id, status: accessKeys.status, name: accessKeys.name, clientId: accessKeys.clientId })
      .from(accessKeys)
      .where(inArray(accessKeys.id, ids))
      .all();
    let done = 0;
    const skipped: SkippedKey[] = [];
    for (const { id, status, name, clientId } of existing) {
      if (action === "delete") remove(tx, id, ctx, now);
      else if (TRANSITIONS[action].from.includes(status)) transition(tx, id, action, ctx, now);
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

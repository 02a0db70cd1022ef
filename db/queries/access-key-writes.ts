import { eq, inArray } from "drizzle-orm";
import type { KeyStatus } from "@/lib/model/key-state";
import type { Tx } from "../client";
import { accessKeys, issuedTokens, users } from "../schema";

/*
 * The writes of the key lifecycle, inside the caller's transaction. Rows in, nothing decided:
 * lib/services/access-keys.ts holds the rules (owner, limit, expiry, state machine, audit, mail).
 */

export type NewKeyRow = typeof accessKeys.$inferInsert;
export type KeyChanges = Partial<
  Pick<
    typeof accessKeys.$inferInsert,
    "name" | "description" | "bearerEnabled" | "expiresAt" | "status" | "secretHash" | "secretHint" | "updatedAt"
  >
>;

/** A user's status, or undefined when there is no such user. */
export function userStatusTx(tx: Tx, userId: number): "active" | "inactive" | undefined {
  return tx.select({ status: users.status }).from(users).where(eq(users.id, userId)).get()?.status;
}

export function insertKeyTx(tx: Tx, row: NewKeyRow): number {
  return tx.insert(accessKeys).values(row).returning({ id: accessKeys.id }).get().id;
}

export function updateKeyTx(tx: Tx, id: number, changes: KeyChanges): void {
  tx.update(accessKeys).set(changes).where(eq(accessKeys.id, id)).run();
}

/** Deletes a key; its issued tokens go by cascade. */
export function deleteKeyTx(tx: Tx, id: number): void {
  tx.delete(accessKeys).where(eq(accessKeys.id, id)).run();
}

/** Drops the access tokens issued from a key. */
export function dropTokensTx(tx: Tx, keyId: number): void {
  tx.delete(issuedTokens).where(eq(issuedTokens.keyId, keyId)).run();
}

/** The stored status (and name, for the result) of each of these keys that still exists. */
export function keyStatusesTx(
  tx: Tx,
  ids: number[],
): { id: number; status: KeyStatus; name: string; clientId: string }[] {
  return tx
    .select({ id: accessKeys.id, status: accessKeys.status, name: accessKeys.name, clientId: accessKeys.clientId })
    .from(accessKeys)
    .where(inArray(accessKeys.id, ids))
    .all();
}

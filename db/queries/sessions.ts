import { and, eq, gt, lte, ne } from "drizzle-orm";
import type { Actor } from "@/lib/model/authz";
import { getDb, type Tx, writeTransaction } from "../client";
import { sessions, users } from "../schema";

/** Rows are keyed by a hash of the session id (lib/sessions.ts): the id itself is never stored. */
export function insertSession(tx: Tx, idHash: string, userId: number, expiresAt: Date): void {
  tx.insert(sessions).values({ idHash, userId, expiresAt }).run();
}

/** The session's user, re-read on every request, while the session has not ended or expired. */
export async function getSessionActor(idHash: string, now = new Date()): Promise<Actor | undefined> {
  return getDb()
    .select({ id: users.id, username: users.username, role: users.role, status: users.status })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.idHash, idHash), gt(sessions.expiresAt, now)))
    .get();
}

/** Sign-out: this session only. */
export function deleteSessionTx(tx: Tx, idHash: string): void {
  tx.delete(sessions).where(eq(sessions.idHash, idHash)).run();
}

/** Every session of the user (deactivation, a password set by an administrator), or all but `keep` (own password change). */
export function deleteSessionsOf(tx: Tx, userId: number, keep?: string): number {
  const mine = eq(sessions.userId, userId);
  return tx
    .delete(sessions)
    .where(keep === undefined ? mine : and(mine, ne(sessions.idHash, keep)))
    .run().changes;
}

/** Expired rows, deleted by the jobs pass. */
export async function purgeExpiredSessions(now = new Date()): Promise<number> {
  return writeTransaction((tx) => tx.delete(sessions).where(lte(sessions.expiresAt, now)).run().changes);
}

import type Database from "better-sqlite3";
import { eq, inArray, lt } from "drizzle-orm";
import { fingerprint, hashesEqual, hashSecret } from "@/lib/keys";
import type { AuditContext, AuditEntry } from "@/lib/model/audit";
import type { Role } from "@/lib/model/authz";
import type { KeyStatus } from "@/lib/model/key-state";
import { databaseVersion, getSqlite, perConnection, type Tx, writeTransaction } from "../client";
import { issuedTokens } from "../schema";
import { insertAuditEvent } from "./audit";

/**
 * The verification hot path: plain prepared statements on the process's one connection (no query
 * building per request), one indexed lookup each. The hashes are compared here and never returned.
 */

/** A key and its owner, as every authentication needs them. */
export type KeyPrincipal = {
  keyId: number;
  clientId: string;
  keyName: string;
  keyStatus: KeyStatus;
  keyExpiresAt: number | null;
  bearerEnabled: boolean;
  ownerId: number;
  ownerUsername: string;
  ownerFullName: string;
  ownerEmail: string;
  ownerRole: Role;
  ownerStatus: "active" | "inactive";
};
export type TokenPrincipal = KeyPrincipal & { tokenExpiresAt: number; tokenIssuedAt: number; tokenRevoked: boolean };

const KEY_COLUMNS = `k.id as keyId, k.client_id as clientId, k.name as keyName, k.status as keyStatus,
  k.expires_at as keyExpiresAt, k.bearer_enabled as bearerEnabled, k.secret_hash as secretHash,
  u.id as ownerId, u.username as ownerUsername, u.full_name as ownerFullName, u.email as ownerEmail,
  u.role as ownerRole, u.status as ownerStatus`;

type Raw = Omit<KeyPrincipal, "bearerEnabled"> & { bearerEnabled: number; secretHash: string };
type RawToken = Raw & {
  tokenHash: string;
  tokenExpiresAt: number;
  tokenIssuedAt: number;
  tokenRevokedAt: number | null;
};

const join = "from access_keys k join users u on u.id = k.owner_id";
const statements = perConnection((sqlite) => ({
  bySecretHash: sqlite.prepare<[string], Raw>(`select ${KEY_COLUMNS} ${join} where k.secret_hash = ?`),
  byClientId: sqlite.prepare<[string], Raw>(`select ${KEY_COLUMNS} ${join} where k.client_id = ?`),
  byTokenHash: sqlite.prepare<[string], RawToken>(
    `select ${KEY_COLUMNS}, t.token_hash as tokenHash, t.expires_at as tokenExpiresAt,
       t.created_at as tokenIssuedAt, t.revoked_at as tokenRevokedAt
     from issued_tokens t join access_keys k on k.id = t.key_id join users u on u.id = k.owner_id
     where t.token_hash = ?`,
  ),
  // Usage batches update thousands of keys a second: building each query would cost ten times the update.
  // Only ever forward: a batch committed late (handed back, retried) never overwrites a newer use.
  lastUsed: sqlite.prepare<[{ at: number; ip: string | null; keyId: number }]>(
    `update access_keys set last_used_at = @at, last_used_ip = @ip
     where id = @keyId and (last_used_at is null or last_used_at <= @at)`,
  ),
}));

/**
 * Verifications made since the database last changed. Any write, by this process or another, starts
 * the memo afresh (see `databaseVersion`), so a deactivated, revoked or regenerated key is refused on
 * the very next request; between writes (usage is flushed once a second) a secret, client or token
 * verified before is answered from memory: no HMAC, no SQLite read, the same finished principal.
 *
 * The memo is keyed by a SHA-256 fingerprint of what was presented (never the secret or token itself:
 * a secret is never kept in memory longer than its request). A hit means the very same value was
 * verified against the database before, which is as good as verifying it again; a miss pays for the
 * HMAC and the lookup, whether the value turns out right or wrong, so a wrong secret and an unknown
 * client still take the same time.
 */
type Memo = {
  version: string;
  sqlite: Database.Database;
  size: number;
  secrets: Map<string, KeyPrincipal | null>;
  clients: Map<string, KeyPrincipal | null>;
  tokens: Map<string, TokenPrincipal | null>;
};
const MEMO_LIMIT = 10_000;
let memo: Memo | undefined;

function currentMemo(version: string): Memo {
  const sqlite = getSqlite();
  if (!memo || memo.sqlite !== sqlite || memo.version !== version || memo.size >= MEMO_LIMIT) {
    memo = { version, sqlite, size: 0, secrets: new Map(), clients: new Map(), tokens: new Map() };
  }
  return memo;
}

function remembered<T>(
  version: string,
  pick: (memo: Memo) => Map<string, T | null>,
  presented: string,
  verify: () => T | undefined,
): T | undefined {
  const current = currentMemo(version);
  const verified = pick(current);
  const print = fingerprint(presented);
  const known = verified.get(print);
  if (known !== undefined) return known ?? undefined;
  const found = verify();
  verified.set(print, found ?? null);
  current.size += 1;
  return found;
}

// Shared by every request until the next change: frozen, so no caller can alter another's view.
function toPrincipal({ secretHash: _hash, bearerEnabled, ...rest }: Raw): KeyPrincipal {
  return Object.freeze({ ...rest, bearerEnabled: bearerEnabled === 1 });
}

/** The row's key, if `hash` is the secret hash it stores (compared in constant time). */
function keyIfItsHash(row: Raw | undefined, hash: string): KeyPrincipal | undefined {
  return row && hashesEqual(row.secretHash, hash) ? toPrincipal(row) : undefined;
}

// The lookups below take the `databaseVersion()` their request read once (each read costs a
// WAL-index check): every lookup of one request then sees the database as it was at that instant.

/** The key whose secret this is (the caller has checked the format), or undefined. */
export function findKeyBySecret(secret: string, version = databaseVersion()): KeyPrincipal | undefined {
  return remembered(
    version,
    (m) => m.secrets,
    secret,
    () => {
      const hash = hashSecret(secret);
      return keyIfItsHash(statements().bySecretHash.get(hash), hash);
    },
  );
}

/**
 * Client authentication: the key with this client ID, if the secret is its secret (the memo's key
 * gives the client ID's length, so no other client ID and secret can spell the same). An unknown
 * client ID still pays for the hash, so both failures take the same time.
 */
export function findKeyByClientCredentials(
  clientId: string,
  secret: string,
  version = databaseVersion(),
): KeyPrincipal | undefined {
  return remembered(
    version,
    (m) => m.clients,
    `${clientId.length}:${clientId}${secret}`,
    () => keyIfItsHash(statements().byClientId.get(clientId), hashSecret(secret)),
  );
}

export function findAccessToken(token: string, version = databaseVersion()): TokenPrincipal | undefined {
  return remembered(
    version,
    (m) => m.tokens,
    token,
    () => {
      const hash = hashSecret(token);
      const row = statements().byTokenHash.get(hash);
      if (!row || !hashesEqual(row.tokenHash, hash)) return undefined;
      const { tokenHash: _t, tokenExpiresAt, tokenIssuedAt, tokenRevokedAt, ...key } = row;
      return Object.freeze({
        ...toPrincipal(key),
        tokenExpiresAt,
        tokenIssuedAt,
        tokenRevoked: tokenRevokedAt !== null,
      });
    },
  );
}

/** Stores a new access token's hash (the token itself is returned to the client once). */
export function insertAccessTokenTx(tx: Tx, tokenHash: string, keyId: number, expiresAt: Date): void {
  tx.insert(issuedTokens).values({ tokenHash, keyId, expiresAt }).run();
}

/** Marks a token revoked; true when there was such a token. */
export function revokeAccessTokenTx(tx: Tx, tokenHash: string, now: Date): boolean {
  return tx.update(issuedTokens).set({ revokedAt: now }).where(eq(issuedTokens.tokenHash, tokenHash)).run().changes > 0;
}

/** How long an expired token's row is kept: a token that just expired still answers as expired, not unknown. */
export const EXPIRED_TOKEN_RETENTION_MS = 86_400_000;
const PURGE_CHUNK = 5_000;

/**
 * Deletes the tokens that expired more than EXPIRED_TOKEN_RETENTION_MS before `now` (revoked or
 * not: either way they answer as inactive once expired), `chunkSize` rows per write transaction so
 * that a large backlog never holds the write lock for long. Returns the number of rows deleted.
 */
export async function purgeExpiredTokens(now: Date, chunkSize = PURGE_CHUNK): Promise<number> {
  const cutoff = new Date(now.getTime() - EXPIRED_TOKEN_RETENTION_MS);
  let purged = 0;
  for (;;) {
    const deleted = writeTransaction((tx) => {
      const chunk = tx
        .select({ id: issuedTokens.id })
        .from(issuedTokens)
        .where(lt(issuedTokens.expiresAt, cutoff))
        .limit(chunkSize);
      return tx.delete(issuedTokens).where(inArray(issuedTokens.id, chunk)).run().changes;
    });
    purged += deleted;
    if (deleted < chunkSize) return purged;
    // Between chunks, let whatever else this thread has to do (usage batches, requests) run.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** One flush of API usage: last used at/from per key, and the aggregated authentication events. */
export type UsageBatch = {
  lastUsed: { keyId: number; at: Date; ip: string | null }[];
  events: { ctx: AuditContext; entry: AuditEntry; at: Date }[];
};

export async function recordApiUsage(batch: UsageBatch): Promise<void> {
  if (batch.lastUsed.length === 0 && batch.events.length === 0) return;
  // Usage records are already up to a second stale by design, so their commit skips the fsync that
  // every other write pays (synchronous=NORMAL: in WAL mode still atomic and consistent, durable at
  // the next checkpoint). In the server this runs on the worker thread, unless the worker cannot
  // take a batch (see lib/api/usage.ts).
  const sqlite = getSqlite();
  sqlite.pragma("synchronous = NORMAL");
  try {
    writeTransaction((tx) => {
      const { lastUsed } = statements();
      for (const use of batch.lastUsed) lastUsed.run({ at: use.at.getTime(), ip: use.ip, keyId: use.keyId });
      for (const { ctx, entry, at } of batch.events) insertAuditEvent(tx, ctx, entry, at);
    });
  } finally {
    sqlite.pragma("synchronous = FULL");
  }
}

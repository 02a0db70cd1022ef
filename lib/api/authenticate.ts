import { databaseVersion } from "@/db/client";
import { getSettings } from "@/db/queries/settings";
import {
  findAccessToken,
  findKeyByClientCredentials,
  findKeyBySecret,
  type KeyPrincipal,
} from "@/db/queries/verification";
import { checkCredentials } from "@/lib/services/users";
import { ACCESS_TOKEN_PREFIX, isWellFormedAccessToken, isWellFormedSecret, SECRET_PREFIX } from "../keys";
import type { Actor } from "../model/authz";
import { canAuthenticate } from "../model/key-state";
import { releaseSignIn, reserveSignIn } from "../sign-in";
import { ThreadSharedThrottle } from "../throttle";
import { ApiError, splitAuthorization } from "./http";
import { usage } from "./usage";

/** Who is calling the API: a key (directly or through a token it obtained) acting as its owner. */
export type Principal = {
  actor: Actor;
  via: "bearer_key" | "access_token" | "password";
  key: KeyPrincipal | null;
  fullName: string;
  email: string;
};

export type Caller = { ip: string; userAgent: string | null };

// Shared by the resource API and the OAuth endpoints, in memory (they are on the hot path), and kept in
// step with the server's other thread, which answers the API's writes (globalThis keeps one copy
// should this module be loaded twice).
const registry = globalThis as unknown as {
  __keywardApiThrottle?: { byClientId: ThreadSharedThrottle; byIp: ThreadSharedThrottle };
};
export function apiThrottle() {
  registry.__keywardApiThrottle ??= {
    byClientId: new ThreadSharedThrottle("api-client-id", 10, 5 * 60_000),
    byIp: new ThreadSharedThrottle("api-ip", 50, 5 * 60_000),
  };
  return registry.__keywardApiThrottle;
}

function throttled(ms: number): ApiError {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  return new ApiError(429, "too_many_requests", `Too many failed attempts. Retry after ${seconds} seconds.`, {
    "Retry-After": String(seconds),
  });
}

/** Refuses (and audits) a caller whose IP (or client ID) has failed too often, before any lookup. */
export function assertNotThrottled(caller: Caller, clientId?: string, via = "none"): void {
  const throttle = apiThrottle();
  const byClient = clientId ? throttle.byClientId.retryAfterMs(clientId) : 0;
  const wait = Math.max(throttle.byIp.retryAfterMs(caller.ip), byClient);
  if (wait > 0) {
    recordThrottled(caller, via, byClient > 0 ? clientId : undefined);
    throw throttled(wait);
  }
}

/**
 * A refused attempt from a throttled caller, aggregated per address (and per blocked client ID, of
 * which an address can have caused only a few): whatever a flood varies (user agent, client IDs),
 * it adds a handful of audit rows per flush, not one per request.
 */
function recordThrottled(caller: Caller, via: string, blockedClientId?: string): void {
  record({ ...caller, userAgent: null }, { outcome: "failure", reason: "throttled", via, clientId: blockedClientId });
}

/** One authentication attempt for the batched audit (see usage.ts). */
function record(
  caller: Caller,
  attempt: { outcome: "success" | "failure"; reason?: string; via: string; clientId?: string | null },
  key?: KeyPrincipal,
  user?: { id: number; username: string },
): void {
  usage().record({
    outcome: attempt.outcome,
    reason: attempt.reason,
    via: attempt.via,
    clientId: key?.clientId ?? attempt.clientId ?? null,
    keyId: key?.keyId ?? null,
    ownerId: key?.ownerId ?? user?.id ?? null,
    ownerUsername: key?.ownerUsername ?? user?.username ?? null,
    ip: caller.ip,
    userAgent: caller.userAgent,
  });
}

/** Why a key may not authenticate right now, or null when it may. */
export function keyRefusal(key: KeyPrincipal, now = Date.now()): string | null {
  if (
    canAuthenticate(
      { status: key.keyStatus, expiresAt: key.keyExpiresAt === null ? null : new Date(key.keyExpiresAt) },
      key.ownerStatus,
      new Date(now),
    )
  ) {
    return null;
  }
  if (key.ownerStatus !== "active") return "owner_inactive";
  if (key.keyStatus === "revoked") return "key_revoked";
  if (key.keyStatus === "inactive") return "key_inactive";
  return "key_expired";
}

// RFC 6750 §3.1: a request without credentials (or with a scheme the API does not take) gets the
// challenge alone; only credentials that were presented and refused are an invalid_token.
const NO_CREDENTIALS: ReadonlySet<string> = new Set(["missing_credentials", "unsupported_scheme"]);
const BEARER_CHALLENGE = 'Bearer realm="keyward"';
const INVALID_TOKEN_CHALLENGE = 'Bearer realm="keyward", error="invalid_token"';

/**
 * Records a failed attempt (audit + throttle) and returns the one answer every failure gets.
 * `rightSecret`: the secret was the key's own and the key is blocked (inactive, revoked, expired,
 * owner inactive). That is no guess at the secret, so it counts against the address but not against
 * the client ID: otherwise clients that kept calling a deactivated key would lock it out for the
 * whole window after it is activated again (on every server, since the counters are per process).
 */
export function authFailure(
  caller: Caller,
  reason: string,
  via: string,
  key?: KeyPrincipal,
  clientId?: string,
  options: { counted?: boolean; rightSecret?: boolean } = {},
): ApiError {
  const throttle = apiThrottle();
  const id = key?.clientId ?? clientId;
  if (!options.counted) {
    throttle.byIp.fail(caller.ip);
    if (id && !options.rightSecret) throttle.byClientId.fail(id);
  }
  record(caller, { outcome: "failure", reason, via, clientId: id ?? null }, key);
  // Unknown key, wrong secret, revoked key, inactive owner…: the same status and body for all.
  return new ApiError(401, "invalid_credentials", "The credentials are missing, invalid or no longer valid.", {
    "WWW-Authenticate": NO_CREDENTIALS.has(reason) ? BEARER_CHALLENGE : INVALID_TOKEN_CHALLENGE,
  });
}

export function recordSuccess(caller: Caller, key: KeyPrincipal, via: string): void {
  record(caller, { outcome: "success", via }, key);
}

function fromKey(key: KeyPrincipal, via: Principal["via"]): Principal {
  return {
    actor: { id: key.ownerId, username: key.ownerUsername, role: key.ownerRole, status: key.ownerStatus },
    via,
    key,
    fullName: key.ownerFullName,
    email: key.ownerEmail,
  };
}

async function bearer(value: string, caller: Caller): Promise<Principal> {
  const now = Date.now();
  if (value.startsWith(SECRET_PREFIX)) {
    // Format and checksum first: a malformed secret never reaches the database.
    if (!isWellFormedSecret(value)) throw authFailure(caller, "malformed_secret", "bearer_key");
    const version = databaseVersion(); // one check for the settings and the lookup
    if (!(await getSettings(version)).bearerKeys) throw authFailure(caller, "bearer_keys_disabled", "bearer_key");
    const key = findKeyBySecret(value, version);
    if (!key) throw authFailure(caller, "unknown_secret", "bearer_key");
    assertNotThrottled(caller, key.clientId, "bearer_key");
    const refusal = key.bearerEnabled ? keyRefusal(key, now) : "bearer_not_enabled";
    if (refusal) throw authFailure(caller, refusal, "bearer_key", key, undefined, { rightSecret: true });
    recordSuccess(caller, key, "bearer_key");
    return fromKey(key, "bearer_key");
  }
  if (value.startsWith(ACCESS_TOKEN_PREFIX)) {
    if (!isWellFormedAccessToken(value)) throw authFailure(caller, "malformed_token", "access_token");
    const token = findAccessToken(value);
    if (!token) throw authFailure(caller, "unknown_token", "access_token");
    const refusal = token.tokenRevoked
      ? "token_revoked"
      : token.tokenExpiresAt <= now
        ? "token_expired"
        : keyRefusal(token, now);
    if (refusal) throw authFailure(caller, refusal, "access_token", token, undefined, { rightSecret: true });
    recordSuccess(caller, token, "access_token");
    return fromKey(token, "access_token");
  }
  throw authFailure(caller, "malformed_credentials", "bearer");
}

async function password(value: string, caller: Caller): Promise<Principal> {
  if ((await getSettings()).apiKeyOnly) {
    record(caller, { outcome: "failure", reason: "password_auth_disabled", via: "password" });
    throw new ApiError(401, "password_auth_disabled", "This API accepts only access tokens and keys, not passwords.", {
      "WWW-Authenticate": BEARER_CHALLENGE,
    });
  }
  const decoded = Buffer.from(value, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon <= 0) throw authFailure(caller, "malformed_credentials", "password");
  const username = decoded.slice(0, colon);
  // The sign-in page's per-username limit applies here too (shared by every thread and process),
  // so the API is no way around it; the address counts against the API's own limit. Both count the
  // attempt before the slow bcrypt check, so guesses sent all at once cannot all slip past the
  // limits while the first ones are still being checked; a success takes it back.
  const wait = reserveSignIn(username);
  if (wait > 0) {
    recordThrottled(caller, "password");
    throw throttled(wait);
  }
  const byIp = apiThrottle().byIp;
  byIp.fail(caller.ip);
  const check = await checkCredentials(username, decoded.slice(colon + 1));
  if (!check.ok) {
    throw authFailure(caller, check.reason, "password", undefined, undefined, { counted: true });
  }
  releaseSignIn(username);
  byIp.release(caller.ip);
  const { user } = check;
  record(caller, { outcome: "success", via: "password" }, undefined, user);
  return {
    actor: { id: user.id, username: user.username, role: user.role, status: user.status },
    via: "password",
    key: null,
    fullName: user.fullName,
    email: user.email,
  };
}

/**
 * Authenticates a resource request from its Authorization header only: cookies are never looked
 * at, so a browser session cannot be used against the API.
 */
export async function authenticate(authorization: string | undefined, caller: Caller): Promise<Principal> {
  assertNotThrottled(caller);
  if (!authorization) throw authFailure(caller, "missing_credentials", "none");
  const { scheme, credentials } = splitAuthorization(authorization);
  if (scheme === "bearer") return bearer(credentials, caller);
  if (scheme === "basic") return password(credentials, caller);
  throw authFailure(caller, "unsupported_scheme", "none");
}

/**
 * OAuth client authentication (token, introspection, revocation endpoints): client ID + secret,
 * from HTTP Basic (client_secret_basic, form-encoded per RFC 6749 §2.3.1) or the body.
 */
export function authenticateClient(
  credentials: { clientId: string; secret: string } | null,
  caller: Caller,
  version?: string,
): { key: KeyPrincipal } | { error: ApiError } {
  if (!credentials) return { error: authFailure(caller, "missing_credentials", "client_credentials") };
  const { clientId, secret } = credentials;
  assertNotThrottled(caller, clientId, "client_credentials");
  if (!isWellFormedSecret(secret))
    return { error: authFailure(caller, "malformed_secret", "client_credentials", undefined, clientId) };
  const key = findKeyByClientCredentials(clientId, secret, version);
  if (!key) return { error: authFailure(caller, "invalid_client", "client_credentials", undefined, clientId) };
  const refusal = keyRefusal(key);
  if (refusal)
    return { error: authFailure(caller, refusal, "client_credentials", key, undefined, { rightSecret: true }) };
  recordSuccess(caller, key, "client_credentials");
  return { key };
}

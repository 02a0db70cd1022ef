// Shared by the lib/api tests: a running API server, request helpers, key fixtures, and the one
// table of "not authenticated" cases every protected endpoint must refuse the same way.
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, vi } from "vitest";
import { getDb, getSqlite } from "@/db/client";
import * as verification from "@/db/queries/verification";
import { accessKeys } from "@/db/schema";
import { usage } from "@/lib/api/usage";
import { generateAccessToken, generateClientId, generateSecret } from "@/lib/keys";
import type { Role } from "@/lib/model/authz";
import { createKey, setKeyStatus } from "@/lib/services/access-keys";
import { setUserStatus } from "@/lib/services/users";
import { makeUser, testContext } from "@/test/db/fixtures";
import { rootActor } from "@/test/support/actors";
import { departures } from "./contract";
import { startApiServer } from "./server";

// X-Forwarded-For is trusted, so each request can come from its own address (see freshIp).
process.env.TRUST_PROXY = "1";

const ipPrefix = `10.${randomBytes(1)[0]}`;
let ipCounter = 0;
/** A client address no other request in this process has used: keeps the per-IP throttle out of the way. */
export function freshIp(): string {
  ipCounter += 1;
  return `${ipPrefix}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
}

/**
 * Starts the API on a loopback port for the file; `server.url` is set once beforeAll has run. The
 * file fails if any of its responses departed from the OpenAPI document (test/api/contract.ts).
 */
export function apiServerForFile(): { url: string } {
  const server = { url: "" };
  let close: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const started = await startApiServer();
    server.url = started.url;
    close = started.close;
  });
  afterAll(async () => {
    await usage().flush();
    await close?.();
    expect([...new Set(departures)], "responses that depart from the OpenAPI document").toEqual([]);
  });
  return server;
}

export type CallOptions = {
  method?: string;
  auth?: string;
  /** An object is sent as JSON; a string as is (set its Content-Type in `headers`). */
  body?: unknown;
  headers?: Record<string, string>;
  ip?: string;
};

export function call(base: string, path: string, options: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { "X-Forwarded-For": options.ip ?? freshIp(), ...options.headers };
  if (options.auth !== undefined) headers.Authorization = options.auth;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === "content-type"))
      headers["Content-Type"] = "application/json";
  }
  return fetch(base + path, { method: options.method ?? (body === undefined ? "GET" : "POST"), headers, body });
}

export const bearer = (value: string) => `Bearer ${value}`;
const formEncode = (value: string) => encodeURIComponent(value).replace(/%20/g, "+");
/** client_secret_basic: each part form-url-encoded (RFC 6749 §2.3.1). */
export const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${formEncode(user)}:${formEncode(password)}`).toString("base64")}`;
/** Plain HTTP Basic (RFC 7617), as a user's username and password are sent. */
export const passwordBasic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
export const form = (fields: Record<string, string>) => ({
  body: new URLSearchParams(fields).toString(),
  headers: { "Content-Type": "application/x-www-form-urlencoded" },
});

export type TestUser = Awaited<ReturnType<typeof makeUser>>;
export type TestKey = { id: number; clientId: string; secret: string; ownerId: number };

export async function makeKey(owner: { id: number }, options: { bearerEnabled?: boolean; name?: string } = {}) {
  const { key, secret } = await createKey(
    rootActor,
    {
      ownerId: owner.id,
      name: options.name ?? `Key ${randomBytes(3).toString("hex")}`,
      description: "",
      expiresAt: undefined,
      bearerEnabled: options.bearerEnabled ?? true,
    },
    testContext,
  );
  return { id: key.id, clientId: key.clientId, secret, ownerId: owner.id } satisfies TestKey;
}

/** A fresh user of `role` with one bearer-enabled key. */
export async function userWithKey(role: Role = "user", options: { bearerEnabled?: boolean } = {}) {
  const user = await makeUser(role);
  return { user, key: await makeKey(user, options) };
}

/** An access token from the token endpoint (client_secret_post). */
export async function getToken(base: string, key: Pick<TestKey, "clientId" | "secret">): Promise<string> {
  const res = await call(base, "/api/v1/oauth/token", {
    ...form({ grant_type: "client_credentials", client_id: key.clientId, client_secret: key.secret }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** A key row without last_used_at / last_used_ip, which the batched usage flush may update at any time. */
export function withoutUse(row: unknown) {
  const { last_used_at: _at, last_used_ip: _ip, ...rest } = row as Record<string, unknown>;
  return rest;
}

export function expireKey(id: number): void {
  getDb()
    .update(accessKeys)
    .set({ expiresAt: new Date(Date.now() - 60_000) })
    .where(eq(accessKeys.id, id))
    .run();
}

/** Asserts the documented error body `{"error":{"code","message"}}` and returns its `error`. */
export async function expectApiError(res: Response, status: number, code?: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  const body = (await res.json()) as { error: { code: string; message: string; fields?: Record<string, string[]> } };
  expect(body).toEqual({ error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }) });
  expect(body.error.message).not.toMatch(/\bat .+:\d+:\d+/); // never a stack trace
  if (code) expect(body.error.code).toBe(code);
  return body.error;
}

/** An RFC 6749 §5.2 error body: `{"error","error_description"}`. */
export async function expectOAuthError(res: Response, status: number, error: string) {
  expect(res.status).toBe(status);
  const body = (await res.json()) as { error: string; error_description?: string };
  expect(body.error).toBe(error);
  if (status === 401) expect(res.headers.get("www-authenticate")).toMatch(/^Basic /);
  return body;
}

export type AuthEvent = {
  outcome: string;
  reason: string | null;
  client_id: string | null;
  ip: string | null;
  user_agent: string | null;
  actor_id: number | null;
  target_id: number | null;
  details: string | null;
};

/** `api.auth` audit events from one client address (after flushing the batched usage). */
export async function authEvents(ip: string): Promise<AuthEvent[]> {
  await usage().flush();
  return getSqlite()
    .prepare("select * from audit_events where event = 'api.auth' and ip = ? order by id")
    .all(ip) as AuthEvent[];
}

/** Sends `authorization` (or none) with `extra` headers; `keyId` names a key the caller does not own. */
export type AuthedRequest = (
  authorization: string | undefined,
  extra: { headers: Record<string, string>; keyId: number },
) => Promise<Response>;

export type UnauthenticatedOptions = {
  /** "bearer": `Bearer <secret>` against resources; "client": HTTP Basic client credentials (OAuth endpoints). */
  credentials?: "bearer" | "client";
  /** Error body style: the API's `{"error":{"code","message"}}` or RFC 6749's `{"error":"invalid_client"}`. */
  format?: "api" | "oauth";
  /** The endpoint is about one key: using another user's key id must give 403 or 404 and change nothing. */
  keyResource?: boolean;
};

/**
 * Every way of not being authenticated, refused with 401 and the documented body: no credentials,
 * a malformed secret (refused before any database lookup), a wrong secret, an unknown client (the
 * same bytes as a wrong secret), a deactivated, revoked or expired key, an inactive owner, and a
 * browser session cookie instead of credentials. With `keyResource`, another user's key is 403/404.
 */
export async function expectUnauthenticatedCases(request: AuthedRequest, options: UnauthenticatedOptions = {}) {
  const { credentials = "bearer", format = "api", keyResource = false } = options;
  const stranger = await userWithKey("user");
  const header = (key: Pick<TestKey, "clientId" | "secret">) =>
    credentials === "bearer" ? bearer(key.secret) : basic(key.clientId, key.secret);
  const send = (authorization: string | undefined, headers: Record<string, string> = {}) => {
    const ip = freshIp();
    return {
      ip,
      response: request(authorization, { headers: { "X-Forwarded-For": ip, ...headers }, keyId: stranger.key.id }),
    };
  };
  const refused = async (res: Response, what: string) => {
    expect(res.status, what).toBe(401);
    if (format === "oauth") {
      await expectOAuthError(res, 401, "invalid_client");
    } else {
      expect(res.headers.get("www-authenticate"), what).toMatch(/^Bearer /);
      await expectApiError(res, 401, "invalid_credentials");
    }
  };

  // The valid credentials get past authentication (so the refusals below are about the credentials).
  const valid = await userWithKey("user");
  const ok = await send(header(valid.key)).response;
  expect(ok.status, "valid credentials").not.toBe(401);

  await refused(await send(undefined).response, "no credentials");
  await refused(
    await send(undefined, { Cookie: "authjs.session-token=eyJhbGciOiJkaXIifQ.x.y; __Secure-authjs.session-token=z" })
      .response,
    "session cookie",
  );

  // A mistyped secret: the checksum no longer matches, so no query is made.
  const lookups = [
    vi.spyOn(verification, "findKeyBySecret"),
    vi.spyOn(verification, "findKeyByClientCredentials"),
    vi.spyOn(verification, "findAccessToken"),
  ];
  const last = valid.key.secret.at(-1);
  const mistyped = { ...valid.key, secret: valid.key.secret.slice(0, -1) + (last === "a" ? "b" : "a") };
  const malformed = send(header(mistyped));
  await refused(await malformed.response, "malformed secret");
  for (const spy of lookups) {
    expect(spy, "no lookup for a malformed secret").not.toHaveBeenCalled();
    spy.mockRestore();
  }
  expect((await authEvents(malformed.ip)).map((e) => [e.outcome, e.reason])).toEqual([["failure", "malformed_secret"]]);

  // A wrong secret for a real client, and an unknown client: byte-identical answers.
  const wrong = await send(header({ clientId: valid.key.clientId, secret: generateSecret() })).response;
  const unknown = await send(
    credentials === "bearer" ? bearer(generateAccessToken()) : basic(generateClientId(), generateSecret()),
  ).response;
  expect(unknown.status).toBe(wrong.status);
  expect(unknown.headers.get("www-authenticate")).toBe(wrong.headers.get("www-authenticate"));
  const [wrongText, unknownText] = [await wrong.clone().text(), await unknown.clone().text()];
  expect(unknownText).toBe(wrongText);
  await refused(wrong, "wrong secret");
  await refused(unknown, "unknown client");

  // Keys that may not authenticate any more.
  const deactivated = await userWithKey("user");
  await setKeyStatus(rootActor, deactivated.key.id, "deactivate", testContext);
  await refused(await send(header(deactivated.key)).response, "deactivated key");

  const revoked = await userWithKey("user");
  await setKeyStatus(rootActor, revoked.key.id, "revoke", testContext);
  await refused(await send(header(revoked.key)).response, "revoked key");

  const expired = await userWithKey("user");
  expireKey(expired.key.id);
  await refused(await send(header(expired.key)).response, "expired key");

  const orphan = await userWithKey("user");
  await setUserStatus(rootActor, orphan.user.id, "inactive", testContext);
  await refused(await send(header(orphan.key)).response, "inactive owner");

  if (keyResource) {
    const row = () => withoutUse(getSqlite().prepare("select * from access_keys where id = ?").get(stranger.key.id));
    const before = row();
    const res = await send(header(valid.key)).response;
    expect([403, 404], "another user's key").toContain(res.status);
    await expectApiError(res, res.status);
    expect(row()).toEqual(before);
  }
}

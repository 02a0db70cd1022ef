// Authorization for the REST API (session cookies count for nothing): every endpoint × every kind
// of caller, with the expected answer, from one table. The routes come from the router's own
// arrays, so an endpoint added without a row here fails the suite. A refused request changes
// nothing.
import { encode } from "next-auth/jwt";
import { beforeAll, describe, expect, it } from "vitest";
import { getSqlite } from "@/db/client";
import { setKeyStatus } from "@/lib/services/access-keys";
import { saveSettings } from "@/lib/services/settings";
import { setUserStatus } from "@/lib/services/users";
import {
  apiServerForFile,
  basic,
  bearer,
  type CallOptions,
  call,
  expireKey,
  form,
  getToken,
  makeKey,
  passwordBasic,
  type TestKey,
  type TestUser,
  userWithKey,
} from "@/test/api/helpers";
import { MATRIX, type Outcome, resolveRow } from "@/test/api/matrix-table";
import { makeUser, testContext } from "@/test/db/fixtures";
import { rootActor } from "@/test/support/actors";
import { dbState } from "@/test/support/db-state";
import { cellFor } from "@/test/support/matrix";
import type { SelfServiceLevel } from "../model/settings";
import { oauthRoutes } from "./oauth";
import { resourceRoutes } from "./resources";
import type { Route } from "./router";

const server = apiServerForFile();
const routes: Route[] = [...oauthRoutes, ...resourceRoutes];
const routeName = (route: Pick<Route, "method" | "path">) => `${route.method} ${route.path}`;

type Credential =
  | { kind: "none" | "cookie" | "password" }
  | { kind: "key"; key: TestKey }
  | { kind: "token"; key: TestKey; token: string };
type Caller = {
  name: string;
  valid: boolean;
  credential: Credential;
  level?: SelfServiceLevel;
  owner?: TestUser;
  /** A key of the owner's, for the read-only routes (mutating ones get a fresh key per request). */
  ownKey?: TestKey;
};

const callers = new Map<string, Caller>();
let stranger: TestUser;
let strangerKey: TestKey;
let admin: TestUser;
let cookie = "";

const LEVELS: SelfServiceLevel[] = ["none", "view", "manage", "full"];
const setLevel = (selfServiceLevel: SelfServiceLevel) => saveSettings(rootActor, { selfServiceLevel }, testContext);
const add = (caller: Caller) => callers.set(caller.name, caller);

beforeAll(async () => {
  // This file's own throwaway database: durability is not what is tested here, speed is welcome.
  getSqlite().pragma("synchronous = OFF");
  await saveSettings(rootActor, { maxKeysPerUser: 100 }, testContext);
  stranger = await makeUser("user");
  strangerKey = await makeKey(stranger);
  const withToken = async (name: string, pair: { user: TestUser; key: TestKey }, level?: SelfServiceLevel) => {
    const token = await getToken(server.url, pair.key);
    const common = { owner: pair.user, ownKey: await makeKey(pair.user), level, valid: true };
    add({ name: `${name} key`, ...common, credential: { kind: "key", key: pair.key } });
    add({ name: `${name} token`, ...common, credential: { kind: "token", key: pair.key, token } });
  };
  const adminPair = await userWithKey("admin");
  admin = adminPair.user;
  await withToken("admin", adminPair);
  await withToken("auditor", await userWithKey("auditor"));
  for (const level of LEVELS) await withToken(`user@${level}`, await userWithKey("user"), level);
  const noBearer = await userWithKey("user", { bearerEnabled: false });
  add({
    name: "bearer-disabled key",
    owner: noBearer.user,
    ownKey: await makeKey(noBearer.user),
    valid: true,
    credential: { kind: "key", key: noBearer.key },
  });

  // Keys (and the tokens they issued while still good) that may no longer authenticate.
  const blocked: [string, (pair: { user: TestUser; key: TestKey }) => Promise<unknown>][] = [
    ["inactive owner", (p) => setUserStatus(rootActor, p.user.id, "inactive", testContext)],
    ["deactivated", (p) => setKeyStatus(rootActor, p.key.id, "deactivate", testContext)],
    ["revoked", (p) => setKeyStatus(rootActor, p.key.id, "revoke", testContext)],
    ["expired", async (p) => expireKey(p.key.id)],
  ];
  for (const [name, block] of blocked) {
    const pair = await userWithKey("admin"); // an administrator's key: its refusal is not about the role
    const token = await getToken(server.url, pair.key);
    await block(pair);
    add({ name: `${name} key`, valid: false, credential: { kind: "key", key: pair.key } });
    add({ name: `${name} token`, valid: false, credential: { kind: "token", key: pair.key, token } });
  }
  add({ name: "anonymous", valid: false, credential: { kind: "none" } });
  add({ name: "password", valid: false, credential: { kind: "password" } });
  // A well-formed Auth.js session cookie (an encrypted JWT, as Next sets it) naming an administrator:
  // the API must not even look at it.
  const session = await encode({
    token: { sub: String(admin.id), uid: String(admin.id), sv: 0 },
    secret: "matrix-test-secret",
    salt: "authjs.session-token",
  });
  cookie = `authjs.session-token=${session}`;
  add({ name: "session cookie", valid: false, credential: { kind: "cookie" } });
});

/** The Authorization (or Cookie) a caller sends: OAuth client endpoints take client credentials. */
function credentialHeaders(caller: Caller, route: Route): CallOptions {
  const { credential } = caller;
  const clientAuth = !route.auth && route.errors === "oauth";
  switch (credential.kind) {
    case "none":
      return {};
    case "cookie":
      return { headers: { Cookie: cookie } };
    case "password":
      return { auth: passwordBasic(admin.username, admin.password) };
    case "key":
      return {
        auth: clientAuth ? basic(credential.key.clientId, credential.key.secret) : bearer(credential.key.secret),
      };
    case "token":
      return { auth: bearer(credential.token) };
  }
}

type Target = "own" | "other";
/** Routes about one key or token, asked about the caller's own and about someone else's. */
const targeted = (route: Route) =>
  route.path.includes(":id") ||
  routeName(route) === "POST /api/v1/access-keys" ||
  route.path === "/api/v1/oauth/introspect" ||
  route.path === "/api/v1/oauth/revoke";
type Prepared = { path: string; options: CallOptions; created: number[]; token?: string };

/**
 * The request for `route` about `target`. Mutating routes get a fresh key each time, so that no
 * request's effect decides another's answer; callers that cannot authenticate never get that far.
 */
async function prepare(route: Route, caller: Caller, target: Target): Promise<Prepared> {
  const owner = target === "own" && caller.owner ? caller.owner : stranger;
  const created: number[] = [];
  let path = route.path;
  let options: CallOptions = {};
  if (path.includes(":id")) {
    let key = (target === "own" && caller.ownKey) || strangerKey;
    if (route.method !== "GET" && caller.valid) {
      key = await makeKey(owner);
      created.push(key.id);
      if (path.endsWith("/activate")) await setKeyStatus(rootActor, key.id, "deactivate", testContext);
    }
    path = path.replace(":id", String(key.id));
  }
  if (route.method === "PATCH") options = { body: { name: "Renamed by matrix" } };
  if (routeName(route) === "POST /api/v1/access-keys") {
    options = { body: { name: "Matrix key", ...(target === "other" ? { ownerId: stranger.id } : {}) } };
  }
  if (route.path === "/api/v1/oauth/token") options = form({ grant_type: "client_credentials" });
  let token: string | undefined;
  if (route.path === "/api/v1/oauth/introspect" || route.path === "/api/v1/oauth/revoke") {
    const own = target === "own" && caller.valid && "key" in caller.credential ? caller.credential.key : undefined;
    token = await getToken(server.url, own ?? strangerKey);
    options = form({ token });
  }
  return { path, options, created, token };
}

/** The answer, as the table spells it: the status, and for introspection/revocation what it did. */
async function observe(res: Response, route: Route, prepared: Prepared): Promise<Outcome> {
  const body = res.status === 204 ? {} : ((await res.json()) as Record<string, unknown>);
  if (res.status === 201) prepared.created.push((body.accessKey as { id: number }).id);
  if (res.status >= 400) {
    // The documented error bodies: RFC 6749 §5.2 on the OAuth endpoints, {"error":{code,message}} elsewhere.
    const error = body.error as unknown;
    expect(typeof error === "string" || (typeof error === "object" && error !== null && "code" in error)).toBe(true);
    return res.status;
  }
  if (route.path === "/api/v1/oauth/introspect") return `${res.status} ${body.active ? "active" : "inactive"}`;
  if (route.path === "/api/v1/oauth/revoke" && prepared.token) {
    const check = await call(server.url, "/api/v1/me", { auth: bearer(prepared.token) });
    return `${res.status} ${check.status === 401 ? "revoked" : "kept"}`;
  }
  return res.status;
}

/** Every caller, by the name the table uses (built in beforeAll). */
const CALLERS = [
  "anonymous",
  "session cookie",
  "password",
  ...["admin", "auditor", "user@none", "user@view", "user@manage", "user@full"].flatMap((n) => [
    `${n} key`,
    `${n} token`,
  ]),
  "bearer-disabled key",
  ...["inactive owner", "deactivated", "revoked", "expired"].flatMap((n) => [`${n} key`, `${n} token`]),
];

async function expectRow(caller: Caller): Promise<string[]> {
  const mismatches: string[] = [];
  const created: number[] = [];
  await setLevel(caller.level ?? "view");
  for (const route of routes) {
    const expected = resolveRow(MATRIX[routeName(route)], caller.name);
    const targets: Target[] = targeted(route) && caller.owner ? ["own", "other"] : ["other"];
    for (const target of targets) {
      const want = cellFor(expected, target);
      const prepared = await prepare(route, caller, target);
      created.push(...prepared.created);
      // Each caller's earlier refusals must not turn into 429s: throttling is proven in its own tests.
      delete (globalThis as { __keywardApiThrottle?: unknown }).__keywardApiThrottle;
      const before = dbState(["audit_events"]);
      const credentials = credentialHeaders(caller, route);
      const res = await call(server.url, prepared.path, {
        method: route.method,
        ...prepared.options,
        ...credentials,
        headers: { ...prepared.options.headers, ...credentials.headers },
      });
      const got = await observe(res, route, prepared);
      if (got !== want) mismatches.push(`${routeName(route)} on ${target}: ${got}, expected ${want}`);
      if (typeof got === "number" && got >= 400) {
        expect(dbState(["audit_events"]), `${routeName(route)} on ${target}`).toEqual(before);
      }
    }
  }
  getSqlite()
    .prepare(`delete from access_keys where id in (${created.map(Number).join(",") || "0"})`)
    .run();
  return mismatches;
}

describe("the authorization matrix of the REST API", () => {
  it("has exactly one row per route, and each row one answer per caller", () => {
    expect(Object.keys(MATRIX).sort()).toEqual(routes.map(routeName).sort());
    expect([...callers.keys()].sort()).toEqual([...CALLERS].sort());
    for (const route of routes) {
      for (const name of CALLERS) expect(() => resolveRow(MATRIX[routeName(route)], name)).not.toThrow();
    }
  });

  it("a valid session cookie next to a user's key adds nothing: the key's owner is the caller", async () => {
    const user = callers.get("user@view key")?.credential;
    if (user?.kind !== "key") throw new Error("no user key");
    const res = await call(server.url, "/api/v1/users", { auth: bearer(user.key.secret), headers: { Cookie: cookie } });
    expect(res.status).toBe(403);
  });

  for (const name of CALLERS) {
    it(`every route as ${name}`, async () => {
      const caller = callers.get(name);
      if (!caller) throw new Error(`no caller ${name}`);
      expect(await expectRow(caller)).toEqual([]);
    });
  }
});

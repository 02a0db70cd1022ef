// Secret hygiene on the API path (issue 7): secrets and access tokens are issued, used, rotated,
// revoked and misused (sent in the wrong field, in the URL, in a user agent, to a blocked key, by a
// throttled caller, typed into the sign-in form) with everything the process prints captured. Then
// every log line, every response, the database file with its WAL and shared memory, and every row
// of every table are scanned for well-formed secrets and tokens (lib/keys.ts: prefix, shape and
// CRC32 checksum; no list needed). Only the one response that issued each may hold it.
import { readFileSync } from "node:fs";
import { format } from "node:util";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { databasePath, getSqlite } from "@/db/client";
import * as verification from "@/db/queries/verification";
import { saveSettings } from "@/lib/services/settings";
import {
  apiServerForFile,
  basic,
  bearer,
  type CallOptions,
  call,
  form,
  makeKey,
  passwordBasic,
  type TestKey,
} from "@/test/api/helpers";
import { makeUser, testContext } from "@/test/db/fixtures";
import { rootActor } from "@/test/support/actors";
import { findWellFormedSecrets } from "../keys";
import { attemptSignIn } from "../sign-in";
import { usage } from "./usage";

const server = apiServerForFile();

// Everything printed through console or straight to stdout/stderr while the scenario runs.
const printed: string[] = [];
beforeAll(() => {
  for (const method of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      printed.push(format(...args));
    });
  }
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    vi.spyOn(stream, "write").mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
      printed.push(String(chunk));
      return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write);
  }
});
afterAll(() => {
  vi.restoreAllMocks();
});

type Recorded = { what: string; text: string; issued?: string };
const responses: Recorded[] = [];
/** Every secret and token issued in this file. */
const issued = new Set<string>();

/** A request whose whole answer (status line, headers, body) is recorded for the scan. */
async function send(what: string, path: string, options: CallOptions = {}) {
  const res = await call(server.url, path, options);
  const text = `${res.status} ${JSON.stringify([...res.headers])}\n${await res.clone().text()}`;
  responses.push({ what, text });
  return res;
}

/** A request that issues a secret (create, regenerate) or a token: the one response allowed to hold it. */
async function issue(what: string, path: string, options: CallOptions, field: "secret" | "access_token") {
  const res = await send(what, path, options);
  expect(res.status, what).toBeLessThan(300);
  const value = ((await res.json()) as Record<string, string>)[field] as string;
  expect(findWellFormedSecrets(value), what).toEqual([value]);
  issued.add(value);
  (responses.at(-1) as Recorded).issued = value;
  return value;
}

const tokenFor = (key: Pick<TestKey, "clientId" | "secret">, style: "basic" | "post" | "json") =>
  issue(
    `token (${style})`,
    "/api/v1/oauth/token",
    style === "basic"
      ? { ...form({ grant_type: "client_credentials" }), auth: basic(key.clientId, key.secret) }
      : style === "post"
        ? form({ grant_type: "client_credentials", client_id: key.clientId, client_secret: key.secret })
        : { body: { grant_type: "client_credentials", client_id: key.clientId, client_secret: key.secret } },
    "access_token",
  );

it("no secret or token appears in logs, other responses, the database file, its WAL or any table", async () => {
  const adminUser = await makeUser("admin");
  const admin = await makeKey(adminUser, { bearerEnabled: true });
  issued.add(admin.secret);
  const owner = await makeUser("user");
  const asAdmin = (what: string, path: string, options: CallOptions = {}) =>
    send(what, path, { method: "POST", auth: bearer(admin.secret), ...options });

  // Issue: tokens three ways, keys through the API, then rotate them.
  const adminToken = await tokenFor(admin, "basic");
  await tokenFor(admin, "post");
  await tokenFor(admin, "json");
  const keys: TestKey[] = [];
  for (const name of ["Hygiene one", "Hygiene two"]) {
    const res = await send("create", "/api/v1/access-keys", {
      auth: bearer(adminToken),
      body: { name, ownerId: owner.id, bearerEnabled: true },
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { accessKey: { id: number; clientId: string }; secret: string };
    issued.add(body.secret);
    (responses.at(-1) as Recorded).issued = body.secret;
    keys.push({ id: body.accessKey.id, clientId: body.accessKey.clientId, secret: body.secret, ownerId: owner.id });
  }
  const [one, two] = keys as [TestKey, TestKey];
  const oldSecret = one.secret;
  one.secret = await issue(
    "regenerate",
    `/api/v1/access-keys/${one.id}/regenerate`,
    { method: "POST", auth: bearer(admin.secret) },
    "secret",
  );

  // Use them: bearer key, tokens, introspection, revocation.
  const userToken = await tokenFor(one, "post");
  for (const credential of [one.secret, two.secret, userToken, adminToken]) {
    expect((await send("me", "/api/v1/me", { auth: bearer(credential) })).status).toBe(200);
  }
  await send("introspect", "/api/v1/oauth/introspect", {
    ...form({ token: userToken }),
    auth: basic(one.clientId, one.secret),
  });
  await send("introspect (admin)", "/api/v1/oauth/introspect", {
    ...form({ token: userToken }),
    auth: basic(admin.clientId, admin.secret),
  });
  await send("revoke token", "/api/v1/oauth/revoke", {
    ...form({ token: userToken }),
    auth: basic(one.clientId, one.secret),
  });
  await send("me, revoked token", "/api/v1/me", { auth: bearer(userToken) });
  await send("list keys", "/api/v1/access-keys?pageSize=100", { auth: bearer(adminToken) });
  await send("audit events", "/api/v1/audit-events?pageSize=100", { auth: bearer(adminToken) });

  // Misuse: the old secret, secrets in the wrong fields and places.
  await send("me, old secret", "/api/v1/me", { auth: bearer(oldSecret) });
  await send("token, old secret", "/api/v1/oauth/token", {
    ...form({ grant_type: "client_credentials", client_id: one.clientId, client_secret: oldSecret }),
  });
  await send("token, secret as client_id", "/api/v1/oauth/token", {
    ...form({ grant_type: "client_credentials", client_id: two.secret, client_secret: two.clientId }),
  });
  await send("token, secret in both fields", "/api/v1/oauth/token", {
    ...form({ grant_type: "client_credentials", client_id: two.secret, client_secret: two.secret }),
  });
  await send("token, token as client_id", "/api/v1/oauth/token", {
    body: { grant_type: "client_credentials", client_id: adminToken, client_secret: "x" },
  });
  await send("secret as a Basic username", "/api/v1/me", { auth: passwordBasic(two.secret, "whatever password") });
  await saveSettings(rootActor, { apiKeyOnly: false }, testContext);
  await send("secret as a Basic username (passwords on)", "/api/v1/me", {
    auth: passwordBasic(two.secret, "whatever password"),
  });
  await send("secret as a Basic password (passwords on)", "/api/v1/me", {
    auth: passwordBasic(owner.username, two.secret),
  });
  await saveSettings(rootActor, { apiKeyOnly: true }, testContext);
  await send("secret in the path", `/api/v1/access-keys/${two.secret}`, { auth: bearer(adminToken) });
  await send("secret in the query", `/api/v1/access-keys?name=${two.secret}`, { auth: bearer(adminToken) });
  await send("secret in a user agent", "/api/v1/me", {
    auth: bearer(two.secret),
    headers: { "User-Agent": two.secret },
  });
  await send("secret as a key name", "/api/v1/access-keys", {
    auth: bearer(adminToken),
    body: { name: `${two.secret}!`, ownerId: owner.id },
  });
  await send("secret in malformed JSON", "/api/v1/access-keys", {
    auth: bearer(adminToken),
    body: `{"name": "${two.secret}"`,
    headers: { "Content-Type": "application/json" },
  });
  await send("secret, unknown scheme", "/api/v1/me", { auth: `Token ${two.secret}` });
  const mistyped = `${two.secret.slice(0, -1)}${two.secret.endsWith("a") ? "b" : "a"}`;
  await send("mistyped secret", "/api/v1/me", { auth: bearer(mistyped) });

  // Block the keys, then keep calling with them until the caller is throttled.
  await asAdmin("deactivate", `/api/v1/access-keys/${two.id}/deactivate`);
  for (let i = 0; i < 12; i++) {
    await send("me, deactivated key", "/api/v1/me", { auth: bearer(two.secret), ip: "10.250.0.1" });
    await send("token, wrong secret", "/api/v1/oauth/token", {
      ...form({ grant_type: "client_credentials", client_id: two.clientId, client_secret: oldSecret }),
      ip: "10.250.0.2",
    });
  }
  await asAdmin("revoke", `/api/v1/access-keys/${one.id}/revoke`);
  await send("me, revoked key", "/api/v1/me", { auth: bearer(one.secret) });
  await asAdmin("delete", `/api/v1/access-keys/${two.id}`, { method: "DELETE" });
  await send("me, deleted key", "/api/v1/me", { auth: bearer(two.secret) });

  // An unexpected error whose message carries a secret (a driver quoting its input): logged, redacted.
  const lookup = vi.spyOn(verification, "findKeyBySecret").mockImplementationOnce((secret) => {
    throw new Error(`lookup failed for ${secret}`);
  });
  expect((await send("internal error", "/api/v1/me", { auth: bearer(one.secret) })).status).toBe(500);
  lookup.mockRestore();
  expect(printed.filter((line) => line.includes("lookup failed for kws_[redacted]"))).toHaveLength(1);

  // The sign-in form: a secret pasted into the username field, and into the password field.
  await attemptSignIn(two.secret, "some password here", { ip: "10.250.0.3", userAgent: "hygiene" });
  await attemptSignIn(owner.username, one.secret, { ip: "10.250.0.3", userAgent: "hygiene" });
  await usage().flush();

  // 1. Logs.
  expect(printed.flatMap((line) => findWellFormedSecrets(line))).toEqual([]);
  // 2. Responses: each issued value in its issuing response only; nothing else holds any.
  for (const response of responses) {
    expect(findWellFormedSecrets(response.text), response.what).toEqual(response.issued ? [response.issued] : []);
  }
  expect(responses.filter((r) => r.issued).length).toBe(issued.size - 1); // all but the seeded admin key
  // 3. The database file, its WAL and shared memory, byte for byte.
  const files = ["", "-wal", "-shm"].map((suffix) => `${databasePath()}${suffix}`);
  for (const file of files) expect(findWellFormedSecrets(readFileSync(file)), file).toEqual([]);
  // 4. Every value of every table (audit events and notifications included).
  const sqlite = getSqlite();
  const tables = sqlite.prepare("select name from sqlite_master where type = 'table'").pluck().all() as string[];
  const rows = tables.flatMap((table) => sqlite.prepare(`select * from "${table}"`).all() as Record<string, unknown>[]);
  expect(rows.flatMap((row) => findWellFormedSecrets(JSON.stringify(row)))).toEqual([]);
  // The misuse was recorded, with the secret redacted (a scan that found nothing must have looked).
  const redacted = sqlite
    .prepare(
      "select event, reason, client_id, actor_username, user_agent from audit_events where instr(coalesce(client_id, '') || coalesce(actor_username, '') || coalesce(user_agent, ''), '[redacted]') > 0",
    )
    .all();
  expect(redacted.length).toBeGreaterThanOrEqual(3);
  expect(issued.size).toBeGreaterThanOrEqual(8);
  vi.restoreAllMocks();
  console.info(
    `hygiene: ${issued.size} secrets and tokens issued; ${responses.length} responses, ${printed.length} log writes, ` +
      `${files.length} database files and ${rows.length} rows of ${tables.length} tables scanned: none found`,
  );
});

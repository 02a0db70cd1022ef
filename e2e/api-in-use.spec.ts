// A key created in the browser, used by a machine against the REST API of the same running
// product (scripts/start.ts serves the API beside Next): client credentials, bearer key, token
// introspection; then regenerated in the browser, after which the old secret and its tokens are
// refused on the very next call. Every API answer is recorded for the secret-hygiene sweep.
import type { APIRequestContext, APIResponse, Page } from "@playwright/test";
import { confirm, hex, KEYS_PATH, pickOwner, rowAction } from "./support/access-keys";
import { recordApi } from "./support/api-log";
import { ADMIN_STATE } from "./support/env";
import { createTestUser, expect, test, uniqueIp } from "./support/fixtures";
import { auditEvents } from "./support/settings";

test.use({ storageState: ADMIN_STATE });

const secretDialog = (page: Page, name: string) => page.getByRole("dialog", { name: `Secret for ${name}` });

async function readAndClose(page: Page, name: string) {
  const dialog = secretDialog(page, name);
  await expect(dialog).toBeVisible();
  const clientId = await dialog.getByLabel("Client ID").inputValue();
  const secret = await dialog.getByLabel("Secret").inputValue();
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();
  return { clientId, secret };
}

/** The machine's side: its own HTTP client (no browser cookies), from an address of its own. */
function machine(request: APIRequestContext) {
  const ip = uniqueIp();
  const headers = { "X-Forwarded-For": ip };
  const basic = (clientId: string, secret: string) =>
    `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString("base64")}`;
  return {
    ip,
    token: async (clientId: string, secret: string) => {
      const res = await request.post("/api/v1/oauth/token", {
        headers: { ...headers, Authorization: basic(clientId, secret) },
        form: { grant_type: "client_credentials" },
      });
      const token = res.ok() ? ((await res.json()) as { access_token: string }).access_token : undefined;
      return { res: await recordApi("token", res, token), token };
    },
    me: async (credential: string) =>
      recordApi(
        "me",
        await request.get("/api/v1/me", { headers: { ...headers, Authorization: `Bearer ${credential}` } }),
      ),
    introspect: async (client: { clientId: string; secret: string }, token: string) =>
      recordApi(
        "introspect",
        await request.post("/api/v1/oauth/introspect", {
          headers: { ...headers, Authorization: basic(client.clientId, client.secret) },
          form: { token },
        }),
      ),
  };
}

/** Whether introspection says the token is active (throws unless the answer is a 200). */
async function introspectedActive(res: APIResponse): Promise<boolean> {
  expect(res.status()).toBe(200);
  return ((await res.json()) as { active: boolean }).active;
}

test("a key made in the browser works against the REST API, and dies there when regenerated in the browser", async ({
  page,
  request,
}) => {
  const owner = await createTestUser("user");
  const name = `Machine ${hex()}`;
  const api = machine(request);

  await page.goto(KEYS_PATH);
  await page.getByRole("button", { name: "Create access key" }).click();
  const dialog = page.getByRole("dialog", { name: "Create access key" });
  await pickOwner(dialog, page, owner.username);
  await dialog.getByLabel("API key name").fill(name);
  await dialog.getByLabel("Bearer token").check();
  await dialog.getByRole("button", { name: "Create", exact: true }).click();
  const first = await readAndClose(page, name);

  // The machine: a token by client credentials, then the API with the token and with the bearer key.
  const { res: tokenRes, token } = await api.token(first.clientId, first.secret);
  expect(tokenRes.status()).toBe(200);
  expect(token).toMatch(/^kwt_/);
  for (const credential of [token as string, first.secret]) {
    const me = await api.me(credential);
    expect(me.status()).toBe(200);
    expect(((await me.json()) as { user: { username: string } }).user.username).toBe(owner.username);
  }
  expect(await introspectedActive(await api.introspect(first, token as string))).toBe(true);

  // The browser's session cookie is no credential for the API.
  const withCookie = await page.request.get("/api/v1/me", { headers: { "X-Forwarded-For": uniqueIp() } });
  await recordApi("me with the browser's cookie", withCookie);
  expect(withCookie.status()).toBe(401);

  // Regenerated in the browser: the old secret and its token are refused on the next call.
  await page.goto(`${KEYS_PATH}?owner=${encodeURIComponent(owner.username)}`);
  await rowAction(page, name, "Regenerate");
  await confirm(page, "Regenerate");
  const second = await readAndClose(page, name);
  expect(second.clientId).toBe(first.clientId);
  expect((await api.me(first.secret)).status()).toBe(401);
  expect((await api.me(token as string)).status()).toBe(401);
  expect((await api.token(first.clientId, first.secret)).res.status()).toBe(401);
  expect(await introspectedActive(await api.introspect(second, token as string))).toBe(false);
  expect((await api.me(second.secret)).status()).toBe(200);

  // Every one of those attempts is in the audit log (the server commits them in batches, about a
  // second later), and the key was last used from the machine's address.
  await expect
    .poll(() => apiAttempts(api.ip), { timeout: 15_000 })
    .toEqual({
      "success client_credentials": 3, // token, introspect, introspect
      "success access_token": 1,
      "success bearer_key": 2,
      "failure bearer_key unknown_secret": 1,
      "failure access_token": 1,
      "failure client_credentials invalid_client": 1,
    });
  expect(await lastUsedFrom(first.clientId)).toBe(api.ip);
});

/** The API authentication attempts audited for an address, counted by outcome, route and reason. */
async function apiAttempts(ip: string): Promise<Record<string, number>> {
  const tally: Record<string, number> = {};
  for (const row of await auditEvents({ event: "api.auth", ip })) {
    const { via, count } = row.details as { via: string; count: number };
    // A refused token's reason depends on how the regeneration retired it: not asserted.
    const key = [row.outcome, via, via === "access_token" ? null : row.reason].filter(Boolean).join(" ");
    tally[key] = (tally[key] ?? 0) + count;
  }
  return tally;
}

async function lastUsedFrom(clientId: string): Promise<unknown> {
  const { getSqlite } = await import("../db/client");
  return getSqlite().prepare("select last_used_ip from access_keys where client_id = ?").pluck().get(clientId);
}

test("a client ID guessed at too often is refused on every thread: failures at the token endpoint block its introspection", async ({
  request,
}) => {
  // The token endpoint writes, so the server answers it on its worker thread; introspection is
  // answered on the API thread. The failure count per client ID is one for both.
  const owner = await createTestUser("user");
  const { createKey } = await import("../lib/services/access-keys");
  const { rootActor } = await import("../test/support/actors");
  const { generateSecret } = await import("../lib/keys");
  const ctx = { actorId: null, actorUsername: "e2e", ip: null, userAgent: "playwright" };
  const { key, secret } = await createKey(
    rootActor,
    { ownerId: owner.id, name: `Guessed ${hex()}`, description: "", expiresAt: undefined, bearerEnabled: false },
    ctx,
  );
  const guesser = machine(request);
  for (let i = 0; i < 10; i++) expect((await guesser.token(key.clientId, generateSecret())).res.status()).toBe(401);

  const owners = machine(request); // the key's rightful user, from another address, with the right secret
  const res = await owners.introspect({ clientId: key.clientId, secret }, "kwt_unknown");
  expect(res.status()).toBe(429);
  expect(Number(res.headers()["retry-after"])).toBeGreaterThan(0);
  expect(((await res.json()) as { error: string }).error).toBe("invalid_client");
});

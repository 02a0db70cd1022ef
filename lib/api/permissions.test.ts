// A key acts with its owner's permissions, evaluated at each request (SPEC §3, §4.6): users see
// and touch only their own keys as far as selfServiceLevel allows, auditors read everything and
// change nothing; the bearerKeys and apiKeyOnly settings decide which credentials count.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { getSqlite } from "@/db/client";
import type { SelfServiceLevel, Settings } from "@/lib/model/settings";
import { saveSettings } from "@/lib/services/settings";
import { updateUser } from "@/lib/services/users";
import {
  apiServerForFile,
  bearer,
  type CallOptions,
  call,
  expectApiError,
  getToken,
  makeKey,
  passwordBasic,
  type TestKey,
  type TestUser,
  userWithKey,
  withoutUse,
} from "@/test/api/helpers";
import { makeUser, testContext } from "@/test/db/fixtures";
import { rootActor } from "@/test/support/actors";

const server = apiServerForFile();
const setSettings = (changes: Partial<Settings>) => saveSettings(rootActor, changes, testContext);
const level = (selfServiceLevel: SelfServiceLevel) => setSettings({ selfServiceLevel });
afterEach(() => setSettings({ selfServiceLevel: "view", bearerKeys: true, apiKeyOnly: true }));

const as = (key: Pick<TestKey, "secret">, path: string, options: CallOptions = {}) =>
  call(server.url, path, { auth: bearer(key.secret), ...options });
const keyPath = (id: number, action = "") => `/api/v1/access-keys/${id}${action && `/${action}`}`;
// Every key row but the "last used" columns, which any authenticated request may update.
const snapshot = () => getSqlite().prepare("select * from access_keys order by id").all().map(withoutUse);

let someoneElse: { user: TestUser; key: TestKey };
beforeAll(async () => {
  someoneElse = await userWithKey("user");
});

describe("a user-owned key", () => {
  it("gets 403 from /users and /audit-events", async () => {
    const { key } = await userWithKey("user");
    await expectApiError(await as(key, "/api/v1/users"), 403, "forbidden");
    await expectApiError(await as(key, "/api/v1/audit-events"), 403, "forbidden");
  });

  it("lists and reads only its owner's keys at level view; another user's key is 404", async () => {
    const { user, key } = await userWithKey("user");
    const second = await makeKey(user);
    const body = await (await as(key, "/api/v1/access-keys?owner=")).json();
    expect(body.items.map((k: { id: number }) => k.id).sort()).toEqual([key.id, second.id].sort());
    expect(body.total).toBe(2);
    expect((await as(key, keyPath(second.id))).status).toBe(200);
    await expectApiError(await as(key, keyPath(someoneElse.key.id)), 404, "not_found");
  });

  it("gets 403 for its own keys at level none", async () => {
    await level("none");
    const { key } = await userWithKey("user");
    await expectApiError(await as(key, "/api/v1/access-keys"), 403);
    await expectApiError(await as(key, keyPath(key.id)), 403);
    expect((await as(key, "/api/v1/me")).status).toBe(200);
  });

  it("manages its own keys at level manage, not below; never another user's", async () => {
    const { user, key } = await userWithKey("user");
    const target = await makeKey(user);
    const before = snapshot();
    await expectApiError(await as(key, keyPath(target.id, "deactivate"), { method: "POST" }), 403);
    await expectApiError(await as(key, keyPath(target.id, "regenerate"), { method: "POST" }), 403);
    expect(snapshot()).toEqual(before);

    await level("manage");
    expect((await (await as(key, keyPath(target.id, "deactivate"), { method: "POST" })).json()).status).toBe(
      "inactive",
    );
    expect((await (await as(key, keyPath(target.id, "activate"), { method: "POST" })).json()).status).toBe("active");
    const regenerated = await as(key, keyPath(target.id, "regenerate"), { method: "POST" });
    expect((await regenerated.json()).secret).toMatch(/^kws_/);
    const others = snapshot().filter((row) => (row as { owner_id: number }).owner_id !== user.id);
    for (const action of ["deactivate", "revoke", "regenerate"]) {
      await expectApiError(await as(key, keyPath(someoneElse.key.id, action), { method: "POST" }), 404);
    }
    await expectApiError(await as(key, keyPath(target.id), { method: "DELETE" }), 403);
    await expectApiError(await as(key, "/api/v1/access-keys", { body: { name: "New" } }), 403);
    expect(snapshot().filter((row) => (row as { owner_id: number }).owner_id !== user.id)).toEqual(others);
  });

  it("creates and deletes its own keys only at level full", async () => {
    const { user, key } = await userWithKey("user");
    await level("manage");
    await expectApiError(await as(key, "/api/v1/access-keys", { body: { name: "Mine" } }), 403);
    await level("full");
    const created = await as(key, "/api/v1/access-keys", { body: { name: "Mine" } });
    expect(created.status).toBe(201);
    const { accessKey } = await created.json();
    expect(accessKey.owner.id).toBe(user.id);
    await expectApiError(
      await as(key, "/api/v1/access-keys", { body: { name: "Theirs", ownerId: someoneElse.user.id } }),
      403,
    );
    await expectApiError(await as(key, keyPath(someoneElse.key.id), { method: "DELETE" }), 404);
    expect((await as(key, keyPath(accessKey.id), { method: "DELETE" })).status).toBe(204);
  });

  it("may not edit keys (administrators only), even its own at level full", async () => {
    await level("full");
    const { key } = await userWithKey("user");
    await expectApiError(await as(key, keyPath(key.id), { method: "PATCH", body: { name: "Renamed" } }), 403);
  });

  it("gains and loses permissions with its owner's role, on the next request", async () => {
    await makeUser("admin"); // so that demoting this one again is allowed
    const { user, key } = await userWithKey("user");
    await expectApiError(await as(key, "/api/v1/users"), 403);
    await updateUser(rootActor, { ...user, role: "admin", password: undefined }, testContext);
    expect((await as(key, "/api/v1/users")).status).toBe(200);
    await updateUser(rootActor, { ...user, role: "user", password: undefined }, testContext);
    await expectApiError(await as(key, "/api/v1/users"), 403);
  });
});

describe("an auditor-owned key", () => {
  it("reads everything and changes nothing, not even its own key", async () => {
    await level("full");
    const { key } = await userWithKey("auditor");
    for (const path of ["/api/v1/users", "/api/v1/audit-events", "/api/v1/access-keys", keyPath(someoneElse.key.id)]) {
      expect((await as(key, path)).status, path).toBe(200);
    }
    const before = snapshot();
    const attempts: [string, string, unknown?][] = [
      ["POST", "/api/v1/access-keys", { name: "Nope" }],
      ["POST", "/api/v1/access-keys", { name: "Nope", ownerId: someoneElse.user.id }],
      ["PATCH", keyPath(someoneElse.key.id), { name: "Nope" }],
      ["DELETE", keyPath(someoneElse.key.id)],
      ["DELETE", keyPath(key.id)],
    ];
    for (const target of [someoneElse.key.id, key.id]) {
      for (const action of ["activate", "deactivate", "revoke", "regenerate"])
        attempts.push(["POST", keyPath(target, action)]);
    }
    for (const [method, path, body] of attempts) {
      await expectApiError(await as(key, path, { method, body }), 403, "forbidden");
    }
    expect(snapshot()).toEqual(before);
  });
});

describe("which credentials count", () => {
  it("bearerKeys off: key secrets are refused as bearer credentials, tokens still work", async () => {
    const { key } = await userWithKey("user", { bearerEnabled: true });
    expect((await as(key, "/api/v1/me")).status).toBe(200);
    await setSettings({ bearerKeys: false });
    await expectApiError(await as(key, "/api/v1/me"), 401, "invalid_credentials");
    expect((await as({ secret: await getToken(server.url, key) }, "/api/v1/me")).status).toBe(200);
    await setSettings({ bearerKeys: true });
    expect((await as(key, "/api/v1/me")).status).toBe(200);
  });

  it("a key without bearer enabled: its secret is refused as bearer, but gets tokens", async () => {
    const { key } = await userWithKey("user", { bearerEnabled: false });
    await expectApiError(await as(key, "/api/v1/me"), 401, "invalid_credentials");
    expect((await as({ secret: await getToken(server.url, key) }, "/api/v1/me")).status).toBe(200);
  });

  it("apiKeyOnly on: HTTP Basic with a user's password is refused; off: accepted as that user", async () => {
    const user = await makeUser("auditor");
    const withPassword = (password: string) =>
      call(server.url, "/api/v1/users", { auth: passwordBasic(user.username, password) });
    await expectApiError(await withPassword(user.password), 401);
    await setSettings({ apiKeyOnly: false });
    const res = await withPassword(user.password);
    expect(res.status).toBe(200);
    const me = await (
      await call(server.url, "/api/v1/me", { auth: passwordBasic(user.username, user.password) })
    ).json();
    expect(me).toMatchObject({ user: { id: user.id, role: "auditor" }, authenticatedWith: "password", key: null });
    await expectApiError(await withPassword("not the password"), 401, "invalid_credentials");
    await expectApiError(
      await call(server.url, "/api/v1/me", { auth: passwordBasic("no-such-user", "whatever") }),
      401,
      "invalid_credentials",
    );
  });

  it("ignores the browser session cookie next to valid credentials, and alone", async () => {
    const { key } = await userWithKey("user");
    const cookie = { Cookie: "authjs.session-token=anything" };
    expect((await as(key, "/api/v1/me", { headers: cookie })).status).toBe(200);
    await expectApiError(await call(server.url, "/api/v1/users", { headers: cookie }), 401);
  });
});

// Every resource endpoint of /api/v1: the happy path with an administrator's key, the error paths
// (400 with fields, 404, 409), and the shared "not authenticated" table. Permissions by role and
// settings are in permissions.test.ts; hostile input in bad-input.test.ts.
import { beforeAll, describe, expect, it } from "vitest";
import { getSqlite } from "@/db/client";
import { setUserStatus } from "@/lib/services/users";
import {
  apiServerForFile,
  bearer,
  type CallOptions,
  call,
  expectApiError,
  expectUnauthenticatedCases,
  getToken,
  type TestKey,
  type TestUser,
  userWithKey,
} from "@/test/api/helpers";
import { makeUser, testContext } from "@/test/db/fixtures";
import { rootActor } from "@/test/support/actors";
import { oauthRoutes } from "./oauth";
import { resourceRoutes } from "./resources";

const server = apiServerForFile();
let admin: { user: TestUser; key: TestKey };
let adminToken: string;

beforeAll(async () => {
  admin = await userWithKey("admin");
  adminToken = await getToken(server.url, admin.key);
});

const asAdmin = (path: string, options: CallOptions = {}) =>
  call(server.url, path, { auth: bearer(adminToken), ...options });
const keyPath = (id: number | string, action = "") => `/api/v1/access-keys/${id}${action && `/${action}`}`;

/** A user owning one fresh key, made by the administrator through the API (so the secret is from the response). */
async function keyFor(owner: TestUser, body: Record<string, unknown> = {}) {
  const res = await asAdmin("/api/v1/access-keys", { body: { name: "Made by API", ownerId: owner.id, ...body } });
  expect(res.status).toBe(201);
  return (await res.json()) as { accessKey: { id: number; clientId: string; status: string }; secret: string };
}

// Issue 12, item 9: RFC 6750 §3.1, and HEAD wherever GET.
describe("the challenge, and HEAD", () => {
  it("a request without credentials gets the challenge without an error code; refused credentials invalid_token", async () => {
    const none = await call(server.url, "/api/v1/me");
    expect(none.headers.get("www-authenticate")).toBe('Bearer realm="keyward"');
    await expectApiError(none, 401, "invalid_credentials");
    const otherScheme = await call(server.url, "/api/v1/me", { auth: "Token abc" });
    expect(otherScheme.headers.get("www-authenticate")).toBe('Bearer realm="keyward"');
    const refused = await call(server.url, "/api/v1/me", { auth: bearer("kwt_not-a-token") });
    expect(refused.headers.get("www-authenticate")).toBe('Bearer realm="keyward", error="invalid_token"');
  });

  it("HEAD answers every GET endpoint with GET's status and headers, and no body", async () => {
    const gets = [...oauthRoutes, ...resourceRoutes].filter((route) => route.method === "GET");
    expect(gets.length).toBeGreaterThan(5);
    for (const route of gets) {
      const path = route.path.replace(":id", String(admin.key.id));
      const get = await asAdmin(path);
      const head = await asAdmin(path, { method: "HEAD" });
      expect(head.status, path).toBe(get.status);
      expect(head.headers.get("content-type"), path).toBe(get.headers.get("content-type"));
      expect(await head.text(), path).toBe("");
    }
    const anonymous = await call(server.url, "/api/v1/me", { method: "HEAD" });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toBe('Bearer realm="keyward"');
  });

  it("a method a resource does not have is 405 with Allow", async () => {
    for (const [method, path, allow] of [
      ["PUT", "/api/v1/access-keys", "GET, HEAD, POST"],
      ["POST", `/api/v1/access-keys/${admin.key.id}`, "GET, HEAD, PATCH, DELETE"],
      ["GET", `/api/v1/access-keys/${admin.key.id}/revoke`, "POST"],
      ["DELETE", "/api/v1/openapi.json", "GET, HEAD"],
    ] as const) {
      const res = await asAdmin(path, { method });
      expect(res.headers.get("allow"), `${method} ${path}`).toBe(allow);
      await expectApiError(res, 405, "method_not_allowed");
    }
    await expectApiError(await asAdmin("/api/v1/nothing-here", { method: "PUT" }), 404, "not_found");
  });
});

describe("GET /api/v1/me", () => {
  it("names the owner and the key, and how the caller authenticated", async () => {
    const res = await asAdmin("/api/v1/me");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      user: {
        id: admin.user.id,
        username: admin.user.username,
        fullName: admin.user.fullName,
        email: admin.user.email,
        role: "admin",
      },
      authenticatedWith: "access_token",
      key: { id: admin.key.id, clientId: admin.key.clientId, name: expect.any(String), expiresAt: expect.any(String) },
    });
    const direct = await call(server.url, "/api/v1/me", { auth: bearer(admin.key.secret) });
    expect((await direct.json()).authenticatedWith).toBe("bearer_key");
  });
});

describe("GET /api/v1/users", () => {
  it("pages and filters users; invalid list parameters fall back to defaults", async () => {
    const someone = await makeUser("auditor");
    const res = await asAdmin(`/api/v1/users?q=${someone.username}&pageSize=10`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ total: 1, page: 1, pageSize: 10, pageCount: 1 });
    expect(body.items).toEqual([expect.objectContaining({ id: someone.id, role: "auditor", status: "active" })]);
    expect(JSON.stringify(body)).not.toMatch(/password/i);
    const odd = await asAdmin("/api/v1/users?page=-3&pageSize=7&sort=password_hash&dir=sideways&role=root");
    const error = await expectApiError(odd, 400, "invalid_request");
    expect(Object.keys(error.fields ?? {}).sort()).toEqual(["dir", "page", "pageSize", "role", "sort"]);
  });
});

// Issue 12, item 8: a value the document does not allow is refused with the parameter named, never
// replaced by a default (the pages' URLs still fall back: lib/list-params.test.ts).
describe("list query parameters the document constrains", () => {
  it.each([
    ["/api/v1/access-keys?pageSize=7", "pageSize"],
    ["/api/v1/access-keys?page=0", "page"],
    ["/api/v1/access-keys?page=abc", "page"],
    ["/api/v1/access-keys?page=1.5", "page"],
    ["/api/v1/access-keys?dir=sideways", "dir"],
    ["/api/v1/access-keys?status=bogus", "status"],
    ["/api/v1/access-keys?sort=password", "sort"],
    ["/api/v1/access-keys?sort=toString", "sort"],
    ["/api/v1/access-keys?expiresBy=2027-02-30", "expiresBy"],
    ["/api/v1/access-keys?expiresWithin=0", "expiresWithin"],
    ["/api/v1/access-keys?neverExpires=maybe", "neverExpires"],
    ["/api/v1/users?role=root", "role"],
    ["/api/v1/users?status=bogus", "status"],
    ["/api/v1/audit-events?from=notadate", "from"],
    ["/api/v1/audit-events?to=2027-13-01", "to"],
    ["/api/v1/audit-events?event=drop%20table", "event"],
  ])("%s → 400 naming %s", async (path, field) => {
    const error = await expectApiError(await asAdmin(path), 400, "invalid_request");
    expect(Object.keys(error.fields ?? {})).toEqual([field]);
    expect(error.fields?.[field]?.[0]).toEqual(expect.any(String));
  });

  it("allowed values are taken; empty values and undocumented parameters are absent", async () => {
    const ok = await asAdmin(
      "/api/v1/access-keys?page=2&pageSize=10&sort=name&dir=asc&status=active&expiresBy=2099-12-31&neverExpires=false&expiresWithin=30",
    );
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ page: 2, pageSize: 10 });
    for (const path of [
      "/api/v1/access-keys?page=&status=&sort=%20",
      "/api/v1/access-keys?size=7&bogus=1",
      "/api/v1/audit-events?from=2026-01-01&to=2026-12-31&event=key.create",
    ]) {
      const res = await asAdmin(path);
      expect(res.status, path).toBe(200);
      expect(await res.json(), path).toMatchObject({ page: 1, pageSize: 20 });
    }
  });
});

describe("GET /api/v1/access-keys and GET /api/v1/access-keys/{id}", () => {
  it("lists and reads keys without their secret or its hash", async () => {
    const owner = await makeUser("user");
    const { accessKey, secret } = await keyFor(owner);
    const list = await asAdmin(`/api/v1/access-keys?clientId=${accessKey.clientId}`);
    const listed = await list.text();
    expect(JSON.parse(listed)).toMatchObject({ total: 1, items: [{ id: accessKey.id, owner: { id: owner.id } }] });
    const one = await asAdmin(keyPath(accessKey.id));
    const read = await one.text();
    expect(JSON.parse(read)).toMatchObject({ id: accessKey.id, status: "active", secretHint: secret.slice(-4) });
    for (const text of [listed, read]) {
      expect(text).not.toContain(secret);
      expect(text).not.toMatch(/secret_?hash/i);
      expect(text).not.toMatch(/"secret"/);
    }
  });

  it("answers 404 for an unknown or nonsensical id", async () => {
    for (const id of ["999999", "0", "-1", "abc", "1.5", "99999999999999999999"]) {
      await expectApiError(await asAdmin(keyPath(id)), 404, "not_found");
    }
  });
});

describe("POST /api/v1/access-keys", () => {
  it("creates a key and shows its secret in this response only", async () => {
    const owner = await makeUser("user");
    const created = await keyFor(owner, { description: "CI", bearerEnabled: true });
    expect(created.secret).toMatch(/^kws_/);
    expect(created.accessKey).toMatchObject({ status: "active", clientId: expect.stringMatching(/^kwc_/) });
    const stored = JSON.stringify(
      getSqlite().prepare("select * from access_keys where id = ?").get(created.accessKey.id),
    );
    expect(stored).not.toContain(created.secret);
    // The secret works right away (as a bearer credential, since it is bearer-enabled).
    expect((await call(server.url, "/api/v1/me", { auth: bearer(created.secret) })).status).toBe(200);
  });

  it("refuses bad input with 400 naming the fields", async () => {
    const owner = await makeUser("user");
    const bad = await expectApiError(
      await asAdmin("/api/v1/access-keys", { body: { name: "no/slashes!", ownerId: owner.id, expiresAt: "tomorrow" } }),
      400,
    );
    expect(Object.keys(bad.fields ?? {}).sort()).toEqual(["expiresAt", "name"]);
    const extra = await expectApiError(
      await asAdmin("/api/v1/access-keys", { body: { name: "Ok", ownerId: owner.id, secret: "mine" } }),
      400,
    );
    expect(extra.fields).toBeDefined();
    const nobody = await expectApiError(
      await asAdmin("/api/v1/access-keys", { body: { name: "Ok", ownerId: 987654 } }),
      400,
    );
    expect(nobody.fields?.ownerId).toBeDefined();
    const late = await expectApiError(
      await asAdmin("/api/v1/access-keys", { body: { name: "Ok", ownerId: owner.id, expiresAt: "2999-01-01" } }),
      400,
    );
    expect(late.fields?.expiresAt?.[0]).toMatch(/cannot be later/);
    const impossible = await expectApiError(
      await asAdmin("/api/v1/access-keys", { body: { name: "Ok", ownerId: owner.id, expiresAt: "2030-02-30" } }),
      400,
    );
    expect(impossible.fields?.expiresAt).toEqual(["Enter a valid date (yyyy-mm-dd)."]);
    const inactive = await makeUser("user");
    await setUserStatus(rootActor, inactive.id, "inactive", testContext);
    const refused = await expectApiError(
      await asAdmin("/api/v1/access-keys", { body: { name: "Ok", ownerId: inactive.id } }),
      400,
    );
    expect(refused.fields?.ownerId).toBeDefined();
    expect(
      getSqlite().prepare("select count(*) as n from access_keys where owner_id in (?, ?)").get(owner.id, inactive.id),
    ).toEqual({ n: 0 });
  });

  it("refuses a key over the per-user limit with 409 naming the limit", async () => {
    const owner = await makeUser("user");
    await keyFor(owner);
    await keyFor(owner);
    const error = await expectApiError(
      await asAdmin("/api/v1/access-keys", { body: { name: "Third", ownerId: owner.id } }),
      409,
      "limit",
    );
    expect(error.message).toMatch(/limit per user is 2/);
  });
});

describe("PATCH /api/v1/access-keys/{id}", () => {
  it("edits name, description and bearer flag, keeping what is not sent", async () => {
    const owner = await makeUser("user");
    const { accessKey } = await keyFor(owner, { description: "before" });
    const res = await asAdmin(keyPath(accessKey.id), {
      method: "PATCH",
      body: { name: "Renamed", bearerEnabled: true },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      name: "Renamed",
      description: "before",
      bearerEnabled: true,
      status: "active",
    });
  });

  it("refuses bad input with 400, and an unknown key with 404", async () => {
    const owner = await makeUser("user");
    const { accessKey } = await keyFor(owner);
    const error = await expectApiError(
      await asAdmin(keyPath(accessKey.id), { method: "PATCH", body: { name: "", bearerEnabled: "yes" } }),
      400,
    );
    expect(Object.keys(error.fields ?? {}).sort()).toEqual(["bearerEnabled", "name"]);
    await expectApiError(await asAdmin(keyPath(999999), { method: "PATCH", body: { name: "X" } }), 404);
    expect((await (await asAdmin(keyPath(accessKey.id))).json()).name).toBe("Made by API");
  });
});

describe("DELETE /api/v1/access-keys/{id}", () => {
  it("deletes the key (204), then it is not found", async () => {
    const owner = await makeUser("user");
    const { accessKey } = await keyFor(owner);
    const res = await asAdmin(keyPath(accessKey.id), { method: "DELETE" });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
    await expectApiError(await asAdmin(keyPath(accessKey.id)), 404);
    await expectApiError(await asAdmin(keyPath(accessKey.id), { method: "DELETE" }), 404);
  });
});

describe("POST /api/v1/access-keys/{id}/{activate|deactivate|revoke|regenerate}", () => {
  const act = (id: number, action: string) => asAdmin(keyPath(id, action), { method: "POST" });

  it("moves a key through its lifecycle; refused transitions are 409", async () => {
    const owner = await makeUser("user");
    const { accessKey } = await keyFor(owner);
    await expectApiError(await act(accessKey.id, "activate"), 409, "conflict");
    expect((await (await act(accessKey.id, "deactivate")).json()).status).toBe("inactive");
    await expectApiError(await act(accessKey.id, "deactivate"), 409);
    expect((await (await act(accessKey.id, "activate")).json()).status).toBe("active");
    expect((await (await act(accessKey.id, "revoke")).json()).status).toBe("revoked");
    await expectApiError(await act(accessKey.id, "revoke"), 409);
    const revokedActivate = await expectApiError(await act(accessKey.id, "activate"), 409);
    expect(revokedActivate.message).toMatch(/regenerated/);
    const regenerated = await act(accessKey.id, "regenerate");
    const body = await regenerated.json();
    expect(body).toMatchObject({
      accessKey: { id: accessKey.id, status: "active" },
      secret: expect.stringMatching(/^kws_/),
    });
    expect(await (await asAdmin(keyPath(accessKey.id))).text()).not.toContain(body.secret);
    for (const action of ["activate", "deactivate", "revoke", "regenerate"]) {
      await expectApiError(await act(999999, action), 404);
    }
  });

  it("regenerating a revoked key over the limit is 409 naming the limit", async () => {
    const owner = await makeUser("user");
    const { accessKey } = await keyFor(owner);
    await act(accessKey.id, "revoke");
    await keyFor(owner);
    await keyFor(owner);
    const error = await expectApiError(await act(accessKey.id, "regenerate"), 409, "limit");
    expect(error.message).toMatch(/limit per user is 2/);
  });
});

describe("GET /api/v1/audit-events", () => {
  it("pages events newest first, filtered by event and client ID", async () => {
    const owner = await makeUser("user");
    const { accessKey } = await keyFor(owner);
    const res = await asAdmin(`/api/v1/audit-events?event=key.create&clientId=${accessKey.clientId}`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.total).toBe(1);
    expect(body.items[0]).toMatchObject({
      event: "key.create",
      actorUsername: admin.user.username,
      details: { owner: owner.username },
    });
    expect(new Date(body.items[0].at).toISOString()).toBe(body.items[0].at);
    const odd = await asAdmin("/api/v1/audit-events?from=nonsense&event=drop%20table");
    const error = await expectApiError(odd, 400, "invalid_request");
    expect(Object.keys(error.fields ?? {}).sort()).toEqual(["event", "from"]);
  });
});

describe("every protected endpoint refuses the unauthenticated", () => {
  const endpoints: [string, (id: number) => string, boolean, unknown?][] = [
    ["GET", () => "/api/v1/me", false],
    ["GET", () => "/api/v1/users", false],
    ["GET", () => "/api/v1/access-keys", false],
    ["POST", () => "/api/v1/access-keys", false, { name: "Should not exist" }],
    ["GET", (id) => keyPath(id), true],
    ["PATCH", (id) => keyPath(id), true, { name: "Hijacked" }],
    ["DELETE", (id) => keyPath(id), true],
    ["POST", (id) => keyPath(id, "activate"), true],
    ["POST", (id) => keyPath(id, "deactivate"), true],
    ["POST", (id) => keyPath(id, "revoke"), true],
    ["POST", (id) => keyPath(id, "regenerate"), true],
    ["GET", () => "/api/v1/audit-events", false],
  ];
  for (const [method, path, keyResource, body] of endpoints) {
    it(`${method} ${path(0).replace("/0", "/{id}")}`, async () => {
      await expectUnauthenticatedCases(
        (authorization, { headers, keyId }) =>
          call(server.url, path(keyId), { method, auth: authorization, headers, body }),
        { keyResource },
      );
    });
  }
});

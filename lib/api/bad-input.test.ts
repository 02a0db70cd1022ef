// Bad input anywhere in the REST API gets a clear 4xx with the documented error body — 413 for
// bodies over 64 KiB, 400 for malformed JSON, 415 for other content types — never a 500, never a
// stack trace, and nothing half-written.
import { request as httpRequest } from "node:http";
import { beforeAll, describe, expect, it } from "vitest";
import { getSqlite } from "@/db/client";
import {
  apiServerForFile,
  basic,
  bearer,
  type CallOptions,
  call,
  expectApiError,
  form,
  freshIp,
  getToken,
  type TestKey,
  type TestUser,
  userWithKey,
  withoutUse,
} from "@/test/api/helpers";
import { makeUser } from "@/test/db/fixtures";
import { failOnLoggedErrors } from "@/test/support/guards";
import { MAX_BODY_BYTES } from "./http";

const server = apiServerForFile();
let admin: { user: TestUser; key: TestKey };
let adminToken: string;
let target: { user: TestUser; key: TestKey };

beforeAll(async () => {
  admin = await userWithKey("admin");
  adminToken = await getToken(server.url, admin.key);
  target = await userWithKey("user");
});

// A 500 is logged by toApiError: no test here may cause one.
failOnLoggedErrors();

const asAdmin = (path: string, options: CallOptions = {}) =>
  call(server.url, path, { auth: bearer(adminToken), ...options });
const state = () => ({
  // (last_used_* change with every authenticated request, whenever the usage batch is flushed)
  keys: getSqlite().prepare("select * from access_keys order by id").all().map(withoutUse),
  users: getSqlite().prepare("select count(*) as n from users").get(),
  tokens: getSqlite().prepare("select count(*) as n from issued_tokens").get(),
});

/** The raw status and body of a request sent with node:http (fetch will not send some of these). */
function raw(path: string, headers: Record<string, string | number>, chunks: Buffer[]) {
  return new Promise<{ status: number; body: string; headers: Record<string, unknown> }>((resolve, reject) => {
    const req = httpRequest(
      `${server.url}${path}`,
      { method: "POST", headers: { "X-Forwarded-For": freshIp(), ...headers } },
      (res) => {
        let body = "";
        res.on("data", (chunk) => {
          body += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on("error", reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

describe("413 for bodies over 64 KiB", () => {
  const big = Buffer.alloc(MAX_BODY_BYTES + 1, "a");

  it("refuses a declared Content-Length over the limit", async () => {
    const res = await asAdmin("/api/v1/access-keys", {
      body: JSON.stringify({ name: "Big", description: "x".repeat(MAX_BODY_BYTES) }),
    });
    const error = await expectApiError(res, 413, "payload_too_large");
    expect(error.message).toMatch(/64 KiB/);
  });

  it("refuses a chunked body once it passes the limit", async () => {
    const half = big.subarray(0, big.length / 2);
    const res = await raw(
      "/api/v1/oauth/token",
      { "Content-Type": "application/x-www-form-urlencoded", "Transfer-Encoding": "chunked" },
      [half, half, Buffer.from("aa")],
    );
    expect(res.status).toBe(413);
    // The token endpoint answers in RFC 6749 §5.2's format, with a registered code.
    expect(JSON.parse(res.body)).toEqual({ error: "invalid_request", error_description: expect.any(String) });
  });

  it("accepts a body just under the limit", async () => {
    const padding = "x".repeat(MAX_BODY_BYTES - 200);
    const res = await asAdmin("/api/v1/access-keys", {
      body: { name: "Padded", ownerId: target.user.id, description: padding },
    });
    // Too long a description for the rules, but read and answered as bad input, not as too large.
    await expectApiError(res, 400, "invalid_request");
  });
});

describe("400 and 415 for bodies that are not what they claim", () => {
  it("invalid JSON, and JSON that is not an object, are 400", async () => {
    const before = state();
    for (const body of ["{", '{"name": "x",}', "nul", "{'name':'x'}", "\u0000"]) {
      await expectApiError(await asAdmin("/api/v1/access-keys", { body }), 400, "invalid_json");
    }
    for (const body of ["[]", '["name"]', "42", '"name"', "null", "true"]) {
      await expectApiError(await asAdmin("/api/v1/access-keys", { body }), 400, "invalid_body");
    }
    expect(state()).toEqual(before);
  });

  it("other content types are 415", async () => {
    for (const type of [
      "text/plain",
      "application/xml",
      "multipart/form-data; boundary=x",
      "application/merge-patch+json",
    ]) {
      const res = await asAdmin(`/api/v1/access-keys/${target.key.id}`, {
        method: "PATCH",
        body: '{"name":"X"}',
        headers: { "Content-Type": type },
      });
      await expectApiError(res, 415, "unsupported_media_type");
    }
    const token = await call(server.url, "/api/v1/oauth/token", {
      body: "grant_type=client_credentials",
      headers: { "Content-Type": "text/plain" },
      auth: basic(target.key.clientId, target.key.secret),
    });
    expect(token.status).toBe(415);
    // RFC 6749 §5.2's format with a registered code (not the API's unsupported_media_type).
    expect(await token.json()).toEqual({ error: "invalid_request", error_description: expect.any(String) });
  });

  it("a repeated form parameter is 400; unknown ones are ignored (RFC 6749 §3.2)", async () => {
    const auth = basic(target.key.clientId, target.key.secret);
    const repeated = await call(server.url, "/api/v1/oauth/token", {
      ...form({}),
      body: "grant_type=client_credentials&grant_type=password",
      auth,
    });
    expect(repeated.status).toBe(400);
    const extras = "grant_type=client_credentials&toString=1&constructor=x&__proto__=y&hasOwnProperty=z&foo=bar";
    const ok = await call(server.url, "/api/v1/oauth/token", { ...form({}), body: extras, auth });
    expect(ok.status).toBe(200);
  });
});

describe("never a 500 for hostile values", () => {
  const junk: unknown[] = [
    "\ud800", // a lone surrogate
    "\u202eevil\u202c",
    "zero\u200bwidth",
    "emoji 🔑",
    "nul\u0000byte",
    "'; drop table access_keys; --",
    "<script>alert(1)</script>",
    "x".repeat(10_000),
    1e308,
    -0,
    2 ** 64,
    -1,
    1.5,
    [],
    ["a", { b: [] }],
    {},
    { $gt: "" },
    { a: { b: { c: { d: { e: [1, [2, [3, [4]]]] } } } } },
    null,
    true,
  ];

  it("POST /api/v1/access-keys with junk in every field: 4xx, nothing written", async () => {
    const before = state();
    for (const value of junk) {
      for (const field of ["name", "description", "expiresAt", "bearerEnabled", "ownerId"]) {
        const body = { name: "Valid name", ownerId: target.user.id, [field]: value };
        const res = await asAdmin("/api/v1/access-keys", { body });
        // A few values are valid for some fields (e.g. true for bearerEnabled); the owner is at no limit then.
        if (res.status === 201) {
          const { accessKey } = await res.json();
          await asAdmin(`/api/v1/access-keys/${accessKey.id}`, { method: "DELETE" });
          continue;
        }
        expect(res.status, `${field}=${JSON.stringify(value)}`).toBeGreaterThanOrEqual(400);
        expect(res.status, `${field}=${JSON.stringify(value)}`).toBeLessThan(500);
        await expectApiError(res, res.status);
      }
    }
    expect(state().keys).toEqual(before.keys);
  });

  it("PATCH, the OAuth endpoints and query strings with junk: 4xx or ignored", async () => {
    const before = state();
    for (const value of junk) {
      const patch = await asAdmin(`/api/v1/access-keys/${target.key.id}`, {
        method: "PATCH",
        body: { name: value, description: value },
      });
      expect(patch.status).toBeLessThan(500);
      for (const endpoint of ["token", "introspect", "revoke"]) {
        const res = await call(server.url, `/api/v1/oauth/${endpoint}`, {
          body: { grant_type: value, client_id: value, client_secret: value, token: value },
        });
        expect([400, 401], `${endpoint} ${JSON.stringify(value)}`).toContain(res.status);
      }
      // (Kept under Node's 16 KiB header limit, which answers 431 on its own.)
      const text = encodeURIComponent(
        typeof value === "string" ? value.replace("\ud800", "").slice(0, 1000) : JSON.stringify(value),
      );
      // Free text (name, q) is taken as it is; a constrained parameter with junk is a 400 naming it.
      for (const path of ["/api/v1/access-keys", "/api/v1/users", "/api/v1/audit-events"]) {
        const res = await asAdmin(
          `${path}?page=${text}&pageSize=${text}&sort=${text}&dir=${text}&name=${text}&q=${text}&status=${text}&from=${text}&expiresBy=${text}`,
        );
        if (text === "") {
          expect(res.status, "empty parameters are absent").toBe(200);
          continue;
        }
        const error = await expectApiError(res, 400, "invalid_request");
        expect(Object.keys(error.fields ?? {}), `${path} ${text.slice(0, 40)}`).toEqual(
          expect.arrayContaining(["page", "pageSize", "sort", "dir"]),
        );
        expect(Object.keys(error.fields ?? {})).not.toContain("name");
        expect(Object.keys(error.fields ?? {})).not.toContain("q");
      }
    }
    expect(state().keys).toEqual(before.keys);
  });

  it("odd paths and ids are 404 or 400, not 500", async () => {
    for (const id of ["%00", "1%20OR%201%3D1", "%27", "1e3", "0x10", "-0", "Infinity", "NaN", "%F0%9F%94%91"]) {
      const res = await asAdmin(`/api/v1/access-keys/${id}`);
      expect([400, 404], id).toContain(res.status);
      await expectApiError(res, res.status);
    }
    await expectApiError(await asAdmin("/api/v1/access-keys/%E0%A4%A"), 400);
    await expectApiError(await asAdmin("/api/v1/nothing-here"), 404, "not_found");
    const wrongMethod = await asAdmin("/api/v1/me", { method: "DELETE" });
    await expectApiError(wrongMethod, 405, "method_not_allowed");
    expect(wrongMethod.headers.get("allow")).toBe("GET, HEAD");
  });

  it("odd Authorization headers are 401", async () => {
    for (const auth of [
      "Bearer",
      "Bearer ",
      "Bearer  ",
      "bearer kws_",
      `Bearer ${"kws_".repeat(2000)}`,
      "Basic",
      "Basic !!!",
      "Token abc",
      "Digest x",
      "Basic Og==",
      "Bearer kwt_x",
    ]) {
      await expectApiError(await call(server.url, "/api/v1/me", { auth }), 401);
    }
  });

  it("a valid description with odd Unicode is stored and read back as sent", async () => {
    const owner = await makeUser("user");
    const description = "emoji 🔑, RTL \u202eevil\u202c, zero\u200bwidth, <b>html</b> and 'quotes'";
    const res = await asAdmin("/api/v1/access-keys", { body: { name: "Unicode", ownerId: owner.id, description } });
    expect(res.status).toBe(201);
    const { accessKey } = await res.json();
    expect((await (await asAdmin(`/api/v1/access-keys/${accessKey.id}`)).json()).description).toBe(description);
  });
});

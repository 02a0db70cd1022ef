// The OAuth 2.0 endpoints against a real client library (oauth4webapi) and raw HTTP: discovery
// (RFC 8414), client credentials (RFC 6749 §4.4, errors per §5.2), introspection (RFC 7662) and
// revocation (RFC 7009) with the documented who-may-see-what policy.
import { request as httpRequest } from "node:http";
import * as oauth from "oauth4webapi";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { saveSettings } from "@/lib/services/settings";
import {
  apiServerForFile,
  basic,
  bearer,
  call,
  expectApiError,
  expectOAuthError,
  expectUnauthenticatedCases,
  form,
  freshIp,
  getToken,
  type TestKey,
  userWithKey,
} from "@/test/api/helpers";
import { testContext } from "@/test/db/fixtures";
import { rootActor } from "@/test/support/actors";
import { missingPublicUrlWarning } from ".";

const server = apiServerForFile();
// The test server speaks plain http on loopback; oauth4webapi allows that only when told so.
const insecure = { [oauth.allowInsecureRequests]: true } as const;
const opts = () => ({ ...insecure, headers: { "X-Forwarded-For": freshIp() } });

let as: oauth.AuthorizationServer;
async function discover() {
  const issuer = new URL(server.url);
  const response = await oauth.discoveryRequest(issuer, { algorithm: "oauth2", ...opts() });
  return oauth.processDiscoveryResponse(issuer, response);
}
beforeAll(async () => {
  as = await discover();
});

const clientOf = (key: TestKey): oauth.Client => ({ client_id: key.clientId });
const me = (token: string) => call(server.url, "/api/v1/me", { auth: bearer(token) });
const tokenRequest = (fields: Record<string, string>, auth?: string) =>
  call(server.url, "/api/v1/oauth/token", { ...form(fields), auth });
async function introspect(client: TestKey, token: string) {
  const res = await oauth.introspectionRequest(
    as,
    clientOf(client),
    oauth.ClientSecretPost(client.secret),
    token,
    opts(),
  );
  return oauth.processIntrospectionResponse(as, clientOf(client), res);
}

describe("discovery (RFC 8414)", () => {
  it("publishes the issuer and endpoints oauth4webapi expects", async () => {
    expect(as.issuer).toBe(server.url);
    expect(as.token_endpoint).toBe(`${server.url}/api/v1/oauth/token`);
    expect(as.introspection_endpoint).toBe(`${server.url}/api/v1/oauth/introspect`);
    expect(as.revocation_endpoint).toBe(`${server.url}/api/v1/oauth/revoke`);
    expect(as.grant_types_supported).toEqual(["client_credentials"]);
    expect(as.token_endpoint_auth_methods_supported).toEqual(["client_secret_basic", "client_secret_post"]);
  });

  it("advertises no response type: there is no authorization endpoint", async () => {
    const res = await call(server.url, "/.well-known/oauth-authorization-server");
    const body = await res.json();
    expect(body).not.toHaveProperty("response_types_supported");
    expect(body).not.toHaveProperty("authorization_endpoint");
  });

  it("is refused by oauth4webapi over http unless insecure requests are allowed", async () => {
    await expect(oauth.discoveryRequest(new URL(server.url), { algorithm: "oauth2" })).rejects.toThrow(/HTTPS/);
  });
});

describe("client credentials with oauth4webapi, through introspection and revocation", () => {
  for (const [method, auth] of [
    ["client_secret_basic", oauth.ClientSecretBasic],
    ["client_secret_post", oauth.ClientSecretPost],
  ] as const) {
    it(`issues, introspects and revokes a token (${method})`, async () => {
      const { user, key } = await userWithKey("user");
      const client = clientOf(key);
      const res = await oauth.clientCredentialsGrantRequest(as, client, auth(key.secret), {}, opts());
      expect(res.headers.get("cache-control")).toBe("no-store");
      const token = await oauth.processClientCredentialsResponse(as, client, res);
      expect(token.token_type).toBe("bearer");
      expect(token.expires_in).toBe(3600);
      expect(token.access_token).toMatch(/^kwt_/);
      expect((await me(token.access_token)).status).toBe(200);

      const info = await oauth.processIntrospectionResponse(
        as,
        client,
        await oauth.introspectionRequest(as, client, auth(key.secret), token.access_token, opts()),
      );
      expect(info).toMatchObject({ active: true, client_id: key.clientId, username: user.username, iss: as.issuer });
      expect(info.exp).toBeGreaterThan(info.iat as number);

      const revoked = await oauth.revocationRequest(as, client, auth(key.secret), token.access_token, opts());
      await expect(oauth.processRevocationResponse(revoked)).resolves.toBeUndefined();
      expect(await introspect(key, token.access_token)).toEqual({ active: false });
      await expectApiError(await me(token.access_token), 401, "invalid_credentials");
    });
  }
});

describe("POST /api/v1/oauth/token", () => {
  it("accepts a JSON body and answers with no-store", async () => {
    const { key } = await userWithKey("user");
    const res = await call(server.url, "/api/v1/oauth/token", {
      body: { client_id: key.clientId, client_secret: key.secret, grant_type: "client_credentials" },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("pragma")).toBe("no-cache");
    const body = await res.json();
    expect(body).toEqual({ access_token: expect.stringMatching(/^kwt_/), token_type: "Bearer", expires_in: 3600 });
    expect((await me(body.access_token)).status).toBe(200);
  });

  it("answers a wrong secret with 401 invalid_client and WWW-Authenticate", async () => {
    const { key } = await userWithKey("user");
    const res = await tokenRequest(
      { grant_type: "client_credentials" },
      basic(key.clientId, `${key.secret.slice(0, -6)}000000`),
    );
    const body = await expectOAuthError(res, 401, "invalid_client");
    expect(Object.keys(body).sort()).toEqual(["error", "error_description"]);
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("answers RFC 6749 §5.2 errors for bad requests", async () => {
    const { key } = await userWithKey("user");
    const auth = basic(key.clientId, key.secret);
    await expectOAuthError(await tokenRequest({}, auth), 400, "invalid_request");
    await expectOAuthError(
      await tokenRequest({ grant_type: "password", username: "a", password: "b" }, auth),
      400,
      "unsupported_grant_type",
    );
    await expectOAuthError(
      await tokenRequest({ grant_type: "authorization_code", code: "x" }, auth),
      400,
      "unsupported_grant_type",
    );
    const both = { grant_type: "client_credentials", client_id: key.clientId, client_secret: key.secret };
    await expectOAuthError(await tokenRequest(both, auth), 400, "invalid_request");
    const repeated = await call(server.url, "/api/v1/oauth/token", {
      body: "grant_type=client_credentials&grant_type=client_credentials",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      auth,
    });
    await expectOAuthError(repeated, 400, "invalid_request");
  });

  it("refuses every unauthenticated case the same way", async () => {
    await expectUnauthenticatedCases(
      (authorization, { headers }) =>
        call(server.url, "/api/v1/oauth/token", {
          ...form({ grant_type: "client_credentials" }),
          auth: authorization,
          headers: { ...form({}).headers, ...headers },
        }),
      { credentials: "client", format: "oauth" },
    );
  });
});

describe("token lifetime (tokenTtlSeconds)", () => {
  afterEach(async () => {
    vi.useRealTimers();
    await saveSettings(rootActor, { tokenTtlSeconds: 3600 }, testContext);
  });

  it("tokens live tokenTtlSeconds and are refused after", async () => {
    await saveSettings(rootActor, { tokenTtlSeconds: 60 }, testContext);
    const { key } = await userWithKey("user");
    const res = await tokenRequest({ grant_type: "client_credentials" }, basic(key.clientId, key.secret));
    const { access_token, expires_in } = await res.json();
    expect(expires_in).toBe(60);
    expect((await me(access_token)).status).toBe(200);

    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 59_000);
    expect((await me(access_token)).status).toBe(200);
    vi.setSystemTime(Date.now() + 2_000);
    await expectApiError(await me(access_token), 401, "invalid_credentials");
    expect(await introspect(key, access_token)).toEqual({ active: false });
    // The key itself still works: a new token is issued.
    expect((await me(await getToken(server.url, key))).status).toBe(200);
  });
});

describe("introspection and revocation policy", () => {
  it("a user's client sees only its own tokens; admin and auditor clients see any", async () => {
    const owner = await userWithKey("user");
    const other = await userWithKey("user");
    const admin = await userWithKey("admin");
    const auditor = await userWithKey("auditor");
    const token = await getToken(server.url, owner.key);
    expect(await introspect(other.key, token)).toEqual({ active: false });
    expect(await introspect(owner.key, token)).toMatchObject({ active: true, client_id: owner.key.clientId });
    expect(await introspect(admin.key, token)).toMatchObject({ active: true, client_id: owner.key.clientId });
    expect(await introspect(auditor.key, token)).toMatchObject({ active: true, sub: String(owner.user.id) });
    // Not a token at all, or a key secret: inactive, not an error.
    expect(await introspect(admin.key, "nonsense")).toEqual({ active: false });
    expect(await introspect(admin.key, owner.key.secret)).toEqual({ active: false });
  });

  it("another user's or an auditor's client cannot revoke a token; an administrator's can", async () => {
    const owner = await userWithKey("user");
    const other = await userWithKey("user");
    const auditor = await userWithKey("auditor");
    const admin = await userWithKey("admin");
    const token = await getToken(server.url, owner.key);
    for (const client of [other.key, auditor.key]) {
      const res = await oauth.revocationRequest(
        as,
        clientOf(client),
        oauth.ClientSecretBasic(client.secret),
        token,
        opts(),
      );
      await expect(oauth.processRevocationResponse(res)).resolves.toBeUndefined(); // 200 all the same
      expect((await me(token)).status).toBe(200);
    }
    const res = await oauth.revocationRequest(
      as,
      clientOf(admin.key),
      oauth.ClientSecretBasic(admin.key.secret),
      token,
      opts(),
    );
    await oauth.processRevocationResponse(res);
    await expectApiError(await me(token), 401);
  });

  it("revoking an unknown token is a 200 (RFC 7009 §2.2); a missing token is invalid_request", async () => {
    const { key } = await userWithKey("user");
    const res = await call(server.url, "/api/v1/oauth/revoke", {
      ...form({ token: "kwt_nope" }),
      auth: basic(key.clientId, key.secret),
    });
    expect(res.status).toBe(200);
    const missing = await call(server.url, "/api/v1/oauth/revoke", {
      ...form({ token_type_hint: "access_token" }),
      auth: basic(key.clientId, key.secret),
    });
    await expectOAuthError(missing, 400, "invalid_request");
  });

  for (const endpoint of ["introspect", "revoke"]) {
    it(`${endpoint} refuses every unauthenticated case the same way`, async () => {
      const subject = await userWithKey("user");
      const token = await getToken(server.url, subject.key);
      await expectUnauthenticatedCases(
        (authorization, { headers }) =>
          call(server.url, `/api/v1/oauth/${endpoint}`, {
            ...form({ token }),
            auth: authorization,
            headers: { ...form({}).headers, ...headers },
          }),
        { credentials: "client", format: "oauth" },
      );
      if (endpoint === "revoke") expect((await me(token)).status).toBe(200); // no refused caller revoked it
    });
  }
});

// Issue 12, item 4: without PUBLIC_URL the issuer follows the Host header, so no cache may keep it.
describe("the metadata's issuer and caching", () => {
  /** The metadata as asked for with this Host header (fetch will not send another Host). */
  const withHost = (host: string) =>
    new Promise<{ cacheControl: string | undefined; issuer: string }>((resolve, reject) => {
      const req = httpRequest(
        `${server.url}/.well-known/oauth-authorization-server`,
        { headers: { Host: host, "X-Forwarded-For": freshIp() } },
        (res) => {
          let body = "";
          res.on("data", (chunk) => {
            body += chunk;
          });
          res.on("end", () => resolve({ cacheControl: res.headers["cache-control"], issuer: JSON.parse(body).issuer }));
        },
      );
      req.on("error", reject);
      req.end();
    });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("without PUBLIC_URL, follows the Host header and is not stored", async () => {
    vi.stubEnv("PUBLIC_URL", "");
    expect(await withHost("evil.example")).toEqual({ issuer: "http://evil.example", cacheControl: "no-store" });
  });

  it("with PUBLIC_URL, is the same for every Host and may be cached publicly", async () => {
    vi.stubEnv("PUBLIC_URL", "https://keys.example.com/");
    expect(await withHost("evil.example")).toEqual({
      issuer: "https://keys.example.com",
      cacheControl: "public, max-age=300",
    });
  });

  it("npm start warns once in production when PUBLIC_URL is unset", () => {
    vi.stubEnv("PUBLIC_URL", "");
    vi.stubEnv("NODE_ENV", "production");
    expect(missingPublicUrlWarning()).toMatch(/PUBLIC_URL is not set/);
    vi.stubEnv("PUBLIC_URL", "https://keys.example.com");
    expect(missingPublicUrlWarning()).toBeUndefined();
    vi.stubEnv("PUBLIC_URL", "");
    vi.stubEnv("NODE_ENV", "development");
    expect(missingPublicUrlWarning()).toBeUndefined();
  });
});

// Issue 12, item 9.
describe("methods the OAuth endpoints do not have", () => {
  it.each(["GET", "PUT", "DELETE", "PATCH"])(
    "%s on the token, introspection and revocation endpoints: 405 with Allow",
    async (method) => {
      for (const endpoint of ["token", "introspect", "revoke"]) {
        const res = await call(server.url, `/api/v1/oauth/${endpoint}`, { method });
        expect(res.headers.get("allow"), endpoint).toBe("POST");
        const body = await expectOAuthError(res, 405, "invalid_request");
        expect(body.error_description).toMatch(/POST/);
      }
    },
  );

  it("POST on the metadata: 405 with Allow GET, HEAD; HEAD answers like GET, without a body", async () => {
    const post = await call(server.url, "/.well-known/oauth-authorization-server", { method: "POST", body: {} });
    expect(post.headers.get("allow")).toBe("GET, HEAD");
    await expectApiError(post, 405, "method_not_allowed");
    const get = await call(server.url, "/.well-known/oauth-authorization-server");
    const head = await call(server.url, "/.well-known/oauth-authorization-server", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe(get.headers.get("content-length"));
    expect(await head.text()).toBe("");
  });
});

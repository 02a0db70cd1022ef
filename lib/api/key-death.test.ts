// A blocked key is blocked at once: deactivate, revoke, regenerate, delete, expiry and owner
// deactivation each block the old secret and the access tokens issued from it, on the very next
// request. (Verifications are remembered until the next database write; expiry, which needs no
// write, is checked against the clock on every request.)
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import { getAccessKey } from "@/db/queries/access-keys";
import { accessKeys } from "@/db/schema";
import * as keys from "@/lib/keys";
import { setUserStatus } from "@/lib/services/users";
import {
  apiServerForFile,
  basic,
  bearer,
  call,
  expectApiError,
  expectOAuthError,
  expireKey,
  form,
  getToken,
  type TestKey,
  type TestUser,
  userWithKey,
} from "@/test/api/helpers";
import { testContext } from "@/test/db/fixtures";
import { rootActor } from "@/test/support/actors";

const server = apiServerForFile();
let adminToken: string;
let admin: { user: TestUser; key: TestKey };

beforeAll(async () => {
  admin = await userWithKey("admin");
  adminToken = await getToken(server.url, admin.key);
});

const me = (credential: string) => call(server.url, "/api/v1/me", { auth: bearer(credential) });
const asAdmin = (path: string, method = "POST") => call(server.url, path, { method, auth: bearer(adminToken) });
async function introspectedActive(token: string): Promise<boolean> {
  const res = await call(server.url, "/api/v1/oauth/introspect", {
    ...form({ token }),
    auth: basic(admin.key.clientId, admin.key.secret),
  });
  return ((await res.json()) as { active: boolean }).active;
}

type Victim = { user: TestUser; key: TestKey };
const DEATHS: Record<string, (victim: Victim) => Promise<void>> = {
  deactivate: async ({ key }) => {
    const res = await asAdmin(`/api/v1/access-keys/${key.id}/deactivate`);
    expect((await res.json()).status).toBe("inactive");
  },
  revoke: async ({ key }) => {
    const res = await asAdmin(`/api/v1/access-keys/${key.id}/revoke`);
    expect((await res.json()).status).toBe("revoked");
  },
  regenerate: async ({ key }) => {
    const res = await asAdmin(`/api/v1/access-keys/${key.id}/regenerate`);
    const body = await res.json();
    expect(body.accessKey.clientId).toBe(key.clientId);
    expect(body.secret).not.toBe(key.secret);
  },
  delete: async ({ key }) => {
    expect((await asAdmin(`/api/v1/access-keys/${key.id}`, "DELETE")).status).toBe(204);
  },
  expiry: async ({ key }) => {
    expireKey(key.id);
  },
  "owner deactivated": async ({ user }) => {
    await setUserStatus(rootActor, user.id, "inactive", testContext);
  },
};

describe("Tokens issued from a key fail on the next request after each of the six ways a key dies", () => {
  for (const [way, kill] of Object.entries(DEATHS)) {
    it(`${way}: the old secret and its tokens are refused on the next request`, async () => {
      const victim = await userWithKey("user", { bearerEnabled: true });
      const token = await getToken(server.url, victim.key);
      // Warm: both credentials work, and have just been looked up.
      expect((await me(token)).status).toBe(200);
      expect((await me(victim.key.secret)).status).toBe(200);
      expect(await introspectedActive(token)).toBe(true);

      await kill(victim);

      await expectApiError(await me(token), 401, "invalid_credentials");
      await expectApiError(await me(victim.key.secret), 401, "invalid_credentials");
      expect(await introspectedActive(token)).toBe(false);
      const again = await call(server.url, "/api/v1/oauth/token", {
        ...form({ grant_type: "client_credentials" }),
        auth: basic(victim.key.clientId, victim.key.secret),
      });
      await expectOAuthError(again, 401, "invalid_client");
      // The administrator's own credentials are untouched.
      expect((await me(adminToken)).status).toBe(200);
    });
  }

  it("regenerate: the new secret works, and tokens from it", async () => {
    const victim = await userWithKey("user", { bearerEnabled: true });
    const res = await asAdmin(`/api/v1/access-keys/${victim.key.id}/regenerate`);
    const { secret } = await res.json();
    expect((await me(secret)).status).toBe(200);
    expect((await me(await getToken(server.url, { clientId: victim.key.clientId, secret }))).status).toBe(200);
  });
});

describe("owner deactivation blocks without changing the key", () => {
  it("reactivating the owner restores the key's secret (and its unexpired tokens)", async () => {
    const victim = await userWithKey("user", { bearerEnabled: true });
    const token = await getToken(server.url, victim.key);
    await setUserStatus(rootActor, victim.user.id, "inactive", testContext);
    await expectApiError(await me(victim.key.secret), 401);
    await expectApiError(await me(token), 401);
    const seen = await (await asAdmin(`/api/v1/access-keys/${victim.key.id}`, "GET")).json();
    expect(seen).toMatchObject({ status: "active", owner: { status: "inactive" } });
    expect((await getAccessKey(victim.key.id))?.status).toBe("active");

    await setUserStatus(rootActor, victim.user.id, "active", testContext);
    expect((await me(victim.key.secret)).status).toBe(200);
    expect((await me(token)).status).toBe(200);
    expect((await me(await getToken(server.url, victim.key))).status).toBe(200);
  });

  it("deactivate then activate: the secret is kept, the tokens issued before are not", async () => {
    const victim = await userWithKey("user", { bearerEnabled: true });
    const token = await getToken(server.url, victim.key);
    await asAdmin(`/api/v1/access-keys/${victim.key.id}/deactivate`);
    await expectApiError(await me(victim.key.secret), 401);
    const res = await asAdmin(`/api/v1/access-keys/${victim.key.id}/activate`);
    expect((await res.json()).status).toBe("active");
    expect((await me(victim.key.secret)).status).toBe(200);
    await expectApiError(await me(token), 401);
  });

  it("a key that kills itself through the API is refused on its next request", async () => {
    const self = await userWithKey("admin", { bearerEnabled: true });
    const res = await call(server.url, `/api/v1/access-keys/${self.key.id}/revoke`, {
      method: "POST",
      auth: bearer(self.key.secret),
    });
    expect(res.status).toBe(200);
    await expectApiError(await me(self.key.secret), 401);
  });

  it("a key that expires while nothing in the database changes is refused on its next request (verified from memory)", async () => {
    const victim = await userWithKey("user", { bearerEnabled: true });
    const token = await getToken(server.url, victim.key);
    getDb()
      .update(accessKeys)
      .set({ expiresAt: new Date(Date.now() + 60_000) })
      .where(eq(accessKeys.id, victim.key.id))
      .run();
    vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true });
    try {
      expect((await me(victim.key.secret)).status).toBe(200);
      expect((await me(token)).status).toBe(200);
      const hmac = vi.spyOn(keys, "hashSecret");
      vi.setSystemTime(Date.now() + 61_000);
      await expectApiError(await me(victim.key.secret), 401);
      await expectApiError(await me(token), 401);
      expect(hmac).not.toHaveBeenCalled(); // both answered from the verification memo: no write in between
      expect(await introspectedActive(token)).toBe(false);
    } finally {
      vi.useRealTimers();
      vi.restoreAllMocks();
    }
  });
});

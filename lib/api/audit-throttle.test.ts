// Auditing and throttling of API authentication: every API authentication attempt is an audit event
// (success or failure, with client ID, IP, user agent and reason; batched, so flushed before
// asserting), keys record last used at/from, and repeated failures per IP and per client ID get 429
// with Retry-After while everyone else is unaffected.
import { afterEach, describe, expect, it, vi } from "vitest";
import { getSqlite } from "@/db/client";
import { generateSecret } from "@/lib/keys";
import { saveSettings } from "@/lib/services/settings";
import * as users from "@/lib/services/users";
import { attemptSignIn } from "@/lib/sign-in";
import {
  type AuthEvent,
  apiServerForFile,
  authEvents,
  basic,
  bearer,
  call,
  expectApiError,
  expectOAuthError,
  form,
  freshIp,
  getToken,
  passwordBasic,
  userWithKey,
} from "@/test/api/helpers";
import { makeUser, testContext } from "@/test/db/fixtures";
import { rootActor } from "@/test/support/actors";
import { usage } from "./usage";

const server = apiServerForFile();
const UA = { "User-Agent": "ci-plugin/1.2 (audit test)" };
afterEach(async () => {
  vi.useRealTimers();
  await saveSettings(rootActor, { apiKeyOnly: true }, testContext);
});

/** Attempts per (outcome, reason, via): the batch may have been flushed in more than one piece. */
function tally(events: AuthEvent[]) {
  const out: Record<string, number> = {};
  for (const e of events) {
    const { via, count } = JSON.parse(e.details ?? "{}") as { via: string; count: number };
    const key = `${e.outcome}:${e.reason ?? "-"}:${via}`;
    out[key] = (out[key] ?? 0) + count;
  }
  return out;
}
const tokenCall = (auth: string, ip: string) =>
  call(server.url, "/api/v1/oauth/token", { ...form({ grant_type: "client_credentials" }), auth, ip });

describe("every authentication attempt is audited", () => {
  it("successes: who, which key, from where, with what, how often", async () => {
    const { user, key } = await userWithKey("user");
    const ip = freshIp();
    expect((await tokenCall(basic(key.clientId, key.secret), ip)).status).toBe(200);
    const token = await getToken(server.url, key);
    for (let i = 0; i < 3; i++) {
      expect((await call(server.url, "/api/v1/me", { auth: bearer(token), ip, headers: UA })).status).toBe(200);
    }
    expect((await call(server.url, "/api/v1/me", { auth: bearer(key.secret), ip, headers: UA })).status).toBe(200);
    const events = await authEvents(ip);
    expect(tally(events)).toEqual({
      "success:-:client_credentials": 1,
      "success:-:access_token": 3,
      "success:-:bearer_key": 1,
    });
    for (const e of events)
      expect(e).toMatchObject({ client_id: key.clientId, actor_id: user.id, target_id: key.id, ip });
    expect(events.find((e) => e.details?.includes("access_token"))?.user_agent).toBe(UA["User-Agent"]);
  });

  it("failures: the reason, and the client ID when there is one", async () => {
    const { key } = await userWithKey("user");
    const ip = freshIp();
    await tokenCall(basic(key.clientId, generateSecret()), ip);
    await call(server.url, "/api/v1/me", { auth: bearer(generateSecret()), ip });
    await call(server.url, "/api/v1/me", { ip });
    await call(server.url, "/api/v1/me", { auth: "Token abc", ip });
    await call(server.url, "/api/v1/me", { auth: passwordBasic("someone", "their password"), ip });
    const events = await authEvents(ip);
    expect(tally(events)).toEqual({
      "failure:invalid_client:client_credentials": 1,
      "failure:unknown_secret:bearer_key": 1,
      "failure:missing_credentials:none": 1,
      "failure:unsupported_scheme:none": 1,
      "failure:password_auth_disabled:password": 1,
    });
    expect(events.find((e) => e.reason === "invalid_client")?.client_id).toBe(key.clientId);
    expect(events.find((e) => e.reason === "unknown_secret")?.client_id).toBeNull();
  });

  it("password attempts (apiKeyOnly off) are audited as the user, failures without saying why to the caller", async () => {
    await saveSettings(rootActor, { apiKeyOnly: false }, testContext);
    const user = await makeUser("user");
    const ip = freshIp();
    expect(
      (await call(server.url, "/api/v1/me", { auth: passwordBasic(user.username, user.password), ip })).status,
    ).toBe(200);
    const wrong = await call(server.url, "/api/v1/me", { auth: passwordBasic(user.username, "wrong password!"), ip });
    const unknown = await call(server.url, "/api/v1/me", {
      auth: passwordBasic(`${user.username}x`, "wrong password!"),
      ip,
    });
    expect(await unknown.text()).toBe(await wrong.text());
    const events = await authEvents(ip);
    expect(tally(events)).toEqual({
      "success:-:password": 1,
      "failure:wrong_password:password": 1,
      "failure:unknown_user:password": 1,
    });
    expect(events.find((e) => e.outcome === "success")?.actor_id).toBe(user.id);
  });

  it("no secret, token or password ever lands in the audit log", async () => {
    const user = await makeUser("user");
    const { key } = await userWithKey("user");
    const token = await getToken(server.url, key);
    await call(server.url, "/api/v1/me", { auth: bearer(token) });
    await tokenCall(basic(key.clientId, `${key.secret.slice(0, -1)}x`), freshIp());
    await call(server.url, "/api/v1/me", { auth: passwordBasic(user.username, user.password) });
    await usage().flush();
    const log = JSON.stringify(getSqlite().prepare("select * from audit_events").all());
    for (const secret of [key.secret, key.secret.slice(0, -1), token, user.password]) expect(log).not.toContain(secret);
  });
});

describe("last used at / from", () => {
  it("is recorded for the key on success (after the batch is flushed)", async () => {
    const { key } = await userWithKey("user");
    const ip = freshIp();
    const before = Date.now();
    await call(server.url, "/api/v1/me", { auth: bearer(key.secret), ip });
    await usage().flush();
    const row = getSqlite().prepare("select last_used_at, last_used_ip from access_keys where id = ?").get(key.id) as {
      last_used_at: number;
      last_used_ip: string;
    };
    expect(row.last_used_ip).toBe(ip);
    expect(row.last_used_at).toBeGreaterThanOrEqual(before);
    const admin = await userWithKey("admin");
    const seen = await (
      await call(server.url, `/api/v1/access-keys/${key.id}`, { auth: bearer(admin.key.secret) })
    ).json();
    expect(seen).toMatchObject({ lastUsedFrom: ip, lastUsedAt: new Date(row.last_used_at).toISOString() });
  });

  it("is not touched by failures", async () => {
    const { key } = await userWithKey("user");
    await tokenCall(basic(key.clientId, generateSecret()), freshIp());
    await usage().flush();
    expect(getSqlite().prepare("select last_used_at from access_keys where id = ?").get(key.id)).toEqual({
      last_used_at: null,
    });
  });
});

describe("throttling (429 with Retry-After)", () => {
  it("per IP: 50 failures block that address, even with valid credentials; another address is unaffected", async () => {
    const { key } = await userWithKey("user", { bearerEnabled: true });
    const ip = freshIp();
    for (let i = 0; i < 50; i++) {
      expect((await call(server.url, "/api/v1/me", { auth: bearer(generateSecret()), ip })).status).toBe(401);
    }
    const blocked = await call(server.url, "/api/v1/me", { auth: bearer(key.secret), ip });
    await expectApiError(blocked, 429, "too_many_requests");
    const retryAfter = Number(blocked.headers.get("retry-after"));
    expect(Number.isInteger(retryAfter) && retryAfter > 0 && retryAfter <= 300).toBe(true);
    const oauth = await tokenCall(basic(key.clientId, key.secret), ip);
    // RFC 6749 §5.2 has no code for throttling: the client's authentication is refused, for now.
    await expectOAuthError(oauth, 429, "invalid_client");
    expect(oauth.headers.get("retry-after")).not.toBeNull();

    expect((await call(server.url, "/api/v1/me", { auth: bearer(key.secret), ip: freshIp() })).status).toBe(200);
    expect(tally(await authEvents(ip))["failure:throttled:none"]).toBeGreaterThanOrEqual(1);

    // The window passes: the address may try again.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 5 * 60_000 + 1_000);
    expect((await call(server.url, "/api/v1/me", { auth: bearer(key.secret), ip })).status).toBe(200);
  });

  it("per client ID: 10 failures block that client from every address; other clients are unaffected", async () => {
    const victim = await userWithKey("user", { bearerEnabled: true });
    const bystander = await userWithKey("user", { bearerEnabled: true });
    for (let i = 0; i < 10; i++) {
      expect((await tokenCall(basic(victim.key.clientId, generateSecret()), freshIp())).status).toBe(401);
    }
    const ip = freshIp();
    const blocked = await tokenCall(basic(victim.key.clientId, victim.key.secret), ip);
    await expectOAuthError(blocked, 429, "invalid_client");
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    await expectApiError(await call(server.url, "/api/v1/me", { auth: bearer(victim.key.secret), ip }), 429);
    const throttledEvents = (await authEvents(ip)).filter((e) => e.reason === "throttled");
    expect(throttledEvents.map((e) => [e.client_id, e.user_agent])).toContainEqual([victim.key.clientId, null]);
    expect((await tokenCall(basic(bystander.key.clientId, bystander.key.secret), ip)).status).toBe(200);
    expect((await call(server.url, "/api/v1/me", { auth: bearer(bystander.key.secret), ip })).status).toBe(200);
  });

  it("password guesses (apiKeyOnly off) share the sign-in page's per-username limit", async () => {
    await saveSettings(rootActor, { apiKeyOnly: false }, testContext);
    const user = await makeUser("user");
    for (let i = 0; i < 5; i++) {
      await expectApiError(
        await call(server.url, "/api/v1/me", { auth: passwordBasic(user.username, `guess ${i} guess`) }),
        401,
      );
    }
    const blocked = await call(server.url, "/api/v1/me", { auth: passwordBasic(user.username, user.password) });
    await expectApiError(blocked, 429, "too_many_requests");
    expect(blocked.headers.get("retry-after")).not.toBeNull();
  });

  it("failures on the sign-in page and through the API spend one per-username budget", async () => {
    await saveSettings(rootActor, { apiKeyOnly: false }, testContext);
    const user = await makeUser("user");
    const page = () => ({ ip: freshIp(), userAgent: "vitest" });
    const api = (password: string) => call(server.url, "/api/v1/me", { auth: passwordBasic(user.username, password) });
    for (let i = 0; i < 3; i++) await expectApiError(await api(`guess ${i} guess`), 401);
    for (let i = 0; i < 2; i++) {
      expect(await attemptSignIn(user.username, `form guess ${i}`, page())).toMatchObject({ code: "invalid" });
    }
    // 3 + 2: the budget is spent, so both paths refuse even the right password.
    expect(await attemptSignIn(user.username, user.password, page())).toMatchObject({ ok: false, code: "throttled" });
    await expectApiError(await api(user.password), 429, "too_many_requests");
  });

  it("a success on either path clears the username's failures for both", async () => {
    await saveSettings(rootActor, { apiKeyOnly: false }, testContext);
    const user = await makeUser("user");
    const page = () => ({ ip: freshIp(), userAgent: "vitest" });
    const api = (password: string) => call(server.url, "/api/v1/me", { auth: passwordBasic(user.username, password) });
    for (let i = 0; i < 4; i++) await attemptSignIn(user.username, `form guess ${i}`, page());
    expect((await api(user.password)).status).toBe(200);
    for (let i = 0; i < 4; i++) await expectApiError(await api(`guess ${i} guess`), 401);
    expect((await attemptSignIn(user.username, user.password, page())).ok).toBe(true);
  });

  it("password guesses sent all at once cannot outrun the per-IP limit", async () => {
    await saveSettings(rootActor, { apiKeyOnly: false }, testContext);
    // A slow password check (as with production bcrypt costs): every guess is in flight at once.
    const check = users.checkCredentials;
    const slow = vi.spyOn(users, "checkCredentials").mockImplementation(async (name, password) => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return check(name, password);
    });
    const ip = freshIp();
    const responses = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        call(server.url, "/api/v1/me", { auth: passwordBasic(`nobody-${i}`, "guess guess guess"), ip }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(50);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    expect(slow.mock.calls.length).toBeLessThanOrEqual(50);
    slow.mockRestore();
  });
});

// Issue 7, concurrency: a key being regenerated, deactivated or revoked while clients keep calling
// with its secret and its tokens, and writes from several processes at once. The API runs in two
// child processes on the test's database (as two servers or the server and cron would): clients
// hammer server A while an administrator changes the key through server B. Each action must
// take effect on the very next request: every request *sent after the change returned*
// must be refused, whatever was in flight. And no SQLITE_BUSY (or any 5xx) ever reaches a client.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setKeyStatus } from "@/lib/services/access-keys";
import { type ChildServer, killChildServers, startChildServer } from "@/test/api/child-server";
import { bearer, call, getToken, type TestKey, userWithKey } from "@/test/api/helpers";
import { makeUser, testContext } from "@/test/db/fixtures";
import { rootActor } from "@/test/support/actors";

let a: ChildServer;
let b: ChildServer;
let admin: TestKey;

beforeAll(async () => {
  admin = (await userWithKey("admin")).key;
  [a, b] = await Promise.all([startChildServer({ TRUST_PROXY: "1" }), startChildServer({ TRUST_PROXY: "1" })]);
}, 90_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  killChildServers();
});

const asAdmin = (path: string, method = "POST", body?: unknown) =>
  call(b.url, path, { method, auth: bearer(admin.secret), body });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Shot = { credential: "secret" | "token"; sentAfterReturn: boolean; status: number };

/** Calls GET /api/v1/me on server A with each credential in turn until told to stop. */
type HammerState = { returned: boolean; stop: boolean; sentAfter: number };
async function hammer(credentials: { secret: string; token: string }, state: HammerState) {
  const shots: Shot[] = [];
  while (!state.stop) {
    for (const credential of ["secret", "token"] as const) {
      // Read before the request is handed to fetch: `true` means its bytes leave after the change returned.
      const sentAfterReturn = state.returned;
      if (sentAfterReturn) state.sentAfter += 1;
      const res = await call(a.url, "/api/v1/me", { auth: bearer(credentials[credential]) });
      await res.arrayBuffer();
      shots.push({ credential, sentAfterReturn, status: res.status });
    }
  }
  return shots;
}

type Action = "regenerate" | "deactivate" | "revoke";

describe("a key changed on one server while clients call another with its secret and tokens", () => {
  const ROUNDS = Array.from({ length: 3 }, (): Action[] => ["regenerate", "deactivate", "revoke"]).flat();
  const LOOPS = 6;

  it(`never accepts the old credentials on a request sent after the change returned (${ROUNDS.length} rounds, ${LOOPS} concurrent clients)`, {
    timeout: 60_000,
  }, async () => {
    const victim = await userWithKey("user", { bearerEnabled: true });
    let secret = victim.key.secret;
    const totals = { before: 0, beforeAccepted: 0, after: 0 };

    for (const action of ROUNDS) {
      const token = await getToken(a.url, { clientId: victim.key.clientId, secret });
      const state: HammerState = { returned: false, stop: false, sentAfter: 0 };
      const loops = Array.from({ length: LOOPS }, () => hammer({ secret, token }, state));
      await sleep(60);

      const res = await asAdmin(`/api/v1/access-keys/${victim.key.id}/${action}`);
      state.returned = true; // the response has arrived: the change is committed
      expect(res.status, action).toBe(200);
      const body = (await res.json()) as { secret?: string };
      // Until every client has sent a few requests after the change (a fixed pause was too short on
      // a loaded machine: requests still in flight from before filled it).
      for (const deadline = Date.now() + 10_000; state.sentAfter < 2 * LOOPS && Date.now() < deadline; )
        await sleep(10);
      state.stop = true;
      const shots = (await Promise.all(loops)).flat();

      const before = shots.filter((s) => !s.sentAfterReturn);
      const after = shots.filter((s) => s.sentAfterReturn);
      // In flight during the change: either answer; never an error.
      for (const shot of before) expect([200, 401, 429], `${action}, in flight`).toContain(shot.status);
      expect(after.length, `${action}: requests sent after the change`).toBeGreaterThan(0);
      // Refused: 401, or 429 once the key's client ID has failed ten times (a known key that is blocked).
      expect(
        after.filter((s) => s.status !== 401 && s.status !== 429),
        `${action}: not refused after the change returned`,
      ).toEqual([]);
      totals.before += before.length;
      totals.beforeAccepted += before.filter((s) => s.status === 200).length;
      totals.after += after.length;

      // Bring the key back for the next round; the new credentials work at once, on either server.
      if (action === "regenerate") secret = body.secret as string;
      if (action === "deactivate")
        expect((await asAdmin(`/api/v1/access-keys/${victim.key.id}/activate`)).status).toBe(200);
      if (action === "revoke") {
        const again = await asAdmin(`/api/v1/access-keys/${victim.key.id}/regenerate`);
        secret = ((await again.json()) as { secret: string }).secret;
      }
      expect((await call(a.url, "/api/v1/me", { auth: bearer(secret) })).status).toBe(200);
    }
    // The clients did get in before each change (otherwise the test proves nothing).
    expect(totals.beforeAccepted).toBeGreaterThan(ROUNDS.length);
    console.info(
      `race: ${ROUNDS.length} rounds, ${totals.before} requests in flight or before (${totals.beforeAccepted} accepted), ${totals.after} after: all refused`,
    );
  });
});

describe("a blocked key that clients keep calling", () => {
  it("is not locked out by the per-client-ID throttle once it works again (they were not guessing)", async () => {
    const victim = await userWithKey("user", { bearerEnabled: true });
    const token = await getToken(a.url, victim.key);
    expect((await asAdmin(`/api/v1/access-keys/${victim.key.id}/deactivate`)).status).toBe(200);
    // Well past the 10 failures per client ID, with the right secret and token, both ways in.
    for (let i = 0; i < 6; i++) {
      expect((await call(a.url, "/api/v1/me", { auth: bearer(victim.key.secret) })).status).toBe(401);
      expect((await call(a.url, "/api/v1/me", { auth: bearer(token) })).status).toBe(401);
      const oauth = await call(a.url, "/api/v1/oauth/token", {
        body: { grant_type: "client_credentials", client_id: victim.key.clientId, client_secret: victim.key.secret },
      });
      expect(oauth.status).toBe(401);
    }
    expect((await asAdmin(`/api/v1/access-keys/${victim.key.id}/activate`)).status).toBe(200);
    expect((await call(a.url, "/api/v1/me", { auth: bearer(victim.key.secret) })).status).toBe(200);
    expect((await getToken(a.url, victim.key)).startsWith("kwt_")).toBe(true);
  });
});

describe("writes from two servers and a third process at once", () => {
  const LOOPS = 8;
  const SECONDS = 3;

  it(`answers every request with its documented status: no SQLITE_BUSY, no 5xx (${LOOPS} clients, ${SECONDS} s)`, {
    timeout: 60_000,
  }, async () => {
    const owners = await Promise.all(Array.from({ length: LOOPS }, () => makeUser("user")));
    const unexpected: string[] = [];
    let writes = 0;
    const deadline = Date.now() + SECONDS * 1000;
    const expectStatus = async (res: Response, status: number, what: string) => {
      if (res.status !== status) unexpected.push(`${what}: ${res.status} ${await res.text()}`);
      else writes += 1;
      return res;
    };

    // Each client works on its own owner's key through alternating servers: the full lifecycle.
    const client = async (ownerId: number, i: number) => {
      const server = i % 2 === 0 ? a : b;
      const send = (path: string, method = "POST", body?: unknown) =>
        call(server.url, path, { method, auth: bearer(admin.secret), body });
      while (Date.now() < deadline) {
        const created = await expectStatus(
          await send("/api/v1/access-keys", "POST", { name: `Race ${i}`, ownerId, bearerEnabled: true }),
          201,
          "create",
        );
        if (created.status !== 201) return;
        const id = ((await created.json()) as { accessKey: { id: number } }).accessKey.id;
        for (const step of ["deactivate", "activate", "regenerate", "revoke"]) {
          await expectStatus(await send(`/api/v1/access-keys/${id}/${step}`), 200, step);
        }
        await expectStatus(await send(`/api/v1/access-keys/${id}`, "DELETE"), 204, "delete");
      }
    };

    // Meanwhile this process writes too, straight through the database layer.
    const local = async () => {
      const { key } = await userWithKey("user");
      let n = 0;
      while (Date.now() < deadline) {
        await setKeyStatus(rootActor, key.id, n % 2 === 0 ? "deactivate" : "activate", testContext);
        n += 1;
        await sleep(5);
      }
      return n;
    };

    const [localWrites] = await Promise.all([local(), ...owners.map((owner, i) => client(owner.id, i))]);
    expect(unexpected).toEqual([]);
    expect(writes).toBeGreaterThan(LOOPS * 6);
    for (const server of [a, b]) expect(server.output().stderr).toBe("");
    console.info(
      `contention: ${writes} API writes on 2 servers + ${localWrites} local writes in ${SECONDS} s, 0 errors`,
    );
  });
});

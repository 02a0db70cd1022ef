// Shared by the API fuzz suites (fuzz.test.ts, fuzz-headers.test.ts): a server and an administrator
// for the file, fresh targets, and the one check every answer must pass.
import { beforeAll, expect } from "vitest";
import { getSqlite } from "@/db/client";
import { oauthRoutes } from "@/lib/api/oauth";
import { resourceRoutes } from "@/lib/api/resources";
import type { Route } from "@/lib/api/router";
import { saveSettings } from "@/lib/services/settings";
import { makeUser, testContext } from "@/test/db/fixtures";
import { rootActor } from "@/test/support/actors";
import { dbState } from "@/test/support/db-state";
import { failOnLoggedErrors } from "@/test/support/guards";
import {
  apiServerForFile,
  bearer,
  type CallOptions,
  call,
  getToken,
  makeKey,
  type TestKey,
  type TestUser,
  userWithKey,
} from "./helpers";

/** Runs per property: enough to find the odd case, few enough for two busy cores. */
export const RUNS = 60;
export const routes: Route[] = [...oauthRoutes, ...resourceRoutes];
export { isOAuthRoute as isOAuth } from "@/lib/api/router";

/** Lone surrogates replaced (encodeURIComponent throws on them). */
export const wellFormed = (s: string) =>
  s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");

/**
 * The API server, an administrator with a token and the owner of the keys requests are about,
 * set up for the calling test file; and a check that no test of the file caused a 500.
 */
export function fuzzSetup() {
  const server = apiServerForFile();
  const ctx = {} as { admin: { user: TestUser; key: TestKey }; adminToken: string; owner: TestUser };

  beforeAll(async () => {
    getSqlite().pragma("synchronous = OFF"); // this file's throwaway database
    await saveSettings(rootActor, { maxKeysPerUser: 100 }, testContext);
    ctx.admin = await userWithKey("admin");
    ctx.adminToken = await getToken(server.url, ctx.admin.key);
    ctx.owner = await makeUser("user");
  });

  // toApiError logs every 500: no request may cause one.
  failOnLoggedErrors();

  /** Fresh keys pile up: keep the owners under the per-user limit (the administrator's own key stays). */
  function prune() {
    getSqlite()
      .prepare(
        "delete from access_keys where owner_id in (?, ?) and id != ? and id not in (select id from access_keys order by id desc limit 30)",
      )
      .run(ctx.owner.id, ctx.admin.user.id, ctx.admin.key.id);
    getSqlite().prepare("delete from notifications").run(); // (keeps the snapshots cheap)
  }

  /** The path of `route`, about a fresh key of someone else's (so that no run's effect decides another's). */
  async function pathOf(route: Route): Promise<string> {
    if (!route.path.includes(":id")) return route.path;
    prune();
    return route.path.replace(":id", String((await makeKey(ctx.owner)).id));
  }

  /**
   * Sends one request (as the administrator unless `options.auth` says otherwise) and checks it:
   * below 500, a refusal in the documented format (RFC 6749's on the OAuth endpoints), and a
   * refusal changed nothing.
   */
  async function expectClean(path: string, options: CallOptions, oauth: boolean, what: string) {
    const before = dbState(["audit_events"]);
    const res = await call(server.url, path, { auth: bearer(ctx.adminToken), ...options });
    expect(res.status, what).toBeLessThan(500);
    if (res.status >= 400) {
      const body = (await res.clone().json()) as { error: unknown; error_description?: unknown };
      if (oauth) {
        expect(typeof body.error, what).toBe("string");
        expect(["string", "undefined"], what).toContain(typeof body.error_description);
      } else {
        expect(body.error, what).toEqual(
          expect.objectContaining({ code: expect.any(String), message: expect.any(String) }),
        );
      }
      expect(dbState(["audit_events"]), `${what} changed the database`).toEqual(before);
    } else {
      await res.arrayBuffer();
    }
    return res;
  }

  return { server, ctx, pathOf, expectClean };
}

// Authorization for server actions: every exported action of every app/**/actions.ts × every kind of
// caller, called directly (as a forged request would), with the expected outcome from one table.
// An action without a row fails the suite; a refusal changes nothing, not even the audit log.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getSqlite } from "@/db/client";
import type { SelfServiceLevel } from "@/lib/model/settings";
import { saveSettings } from "@/lib/services/settings";
import { deleteUser, setUserStatus, updateUser } from "@/lib/services/users";
import {
  actionFiles,
  callAction,
  type LoadedAction,
  loadActions,
  sessionOf,
  setRequest,
  signedInUser,
  useServerFiles,
} from "@/test/actions/helpers";
import { VALID_INPUTS } from "@/test/actions/inputs";
import { CALLERS, MATRIX, resolveRow } from "@/test/actions/matrix-table";
import type { FakeSession } from "@/test/actions/request";
import { makeUser, testContext } from "@/test/db/fixtures";
import { rootActor } from "@/test/support/actors";
import { dbState } from "@/test/support/db-state";
import { cellFor } from "@/test/support/matrix";
import { actionInfo } from "./action";

vi.mock("next/headers", async () => (await import("@/test/actions/request")).nextHeaders);
vi.mock("next/cache", async () => (await import("@/test/actions/request")).nextCache);
vi.mock("@/lib/next/auth", async () => (await import("@/test/actions/request")).nextAuth);

type TestUser = Awaited<ReturnType<typeof makeUser>>;
type Caller = { name: string; session: FakeSession | null; user?: TestUser; level: SelfServiceLevel };
type Target = "own" | "other";

let actions: Map<string, LoadedAction>;
const callers = new Map<string, Caller>();
let stranger: TestUser;

/** Actions about one key, asked about the caller's own key and about someone else's. */
const TARGETED = new Set(["regenerateOwnKeyAction", "setOwnKeyStatusAction", "deleteOwnKeyAction"]);
/** Actions that may write nothing when they succeed (sign-in is Auth.js's, stubbed here; sign-out audits a session only). */
const READ_ONLY = new Set(["searchOwnersAction", "signInAction", "signOutAction"]);

beforeAll(async () => {
  getSqlite().pragma("synchronous = OFF"); // this file's throwaway database
  await saveSettings(rootActor, { maxKeysPerUser: 100 }, testContext);
  actions = await loadActions();
  stranger = await makeUser("user");
  await makeUser("admin"); // so that no call meets the last-administrator rule
  const add = (name: string, session: FakeSession | null, user?: TestUser, level: SelfServiceLevel = "view") =>
    callers.set(name, { name, session, user, level });

  add("anonymous", null);
  const stale = await signedInUser("admin");
  await updateUser(rootActor, { ...stale.user, password: "reset by an administrator" }, testContext); // ends its sessions
  add("stale session", stale.session, stale.user);
  const inactive = await makeUser("admin");
  await setUserStatus(rootActor, inactive.id, "inactive", testContext);
  add("inactive user", await sessionOf(inactive), inactive);
  const deleted = await signedInUser("admin");
  await deleteUser(rootActor, deleted.user.id, testContext);
  add("deleted user", deleted.session);
  for (const name of CALLERS.filter((n) => n.includes("@"))) {
    const [role, level] = name.split("@") as ["admin" | "auditor" | "user", SelfServiceLevel];
    const { user, session } = await signedInUser(role);
    add(name, session, user, level);
  }
});

describe("the authorization matrix of the server actions", () => {
  it("covers every server action: one row and one input per exported action", () => {
    // Server actions live in app/**/actions.ts only, so the list below is all of them.
    expect(useServerFiles().sort()).toEqual(actionFiles().sort());
    expect([...actions.keys()].sort()).toEqual(Object.keys(MATRIX).sort());
    expect(Object.keys(VALID_INPUTS).sort()).toEqual(Object.keys(MATRIX).sort());
    for (const name of Object.keys(MATRIX)) {
      for (const caller of CALLERS) expect(() => resolveRow(MATRIX[name], caller)).not.toThrow();
    }
  });

  it("builds every action but sign-out with defineAction or definePublicAction", () => {
    const bare = [...actions.values()].filter(({ action }) => !actionInfo(action)).map(({ name }) => name);
    expect(bare).toEqual(["signOutAction"]); // a plain form action; it checks the origin itself
  });

  for (const name of CALLERS) {
    it(`every action as ${name}`, async () => {
      const caller = callers.get(name);
      if (!caller) throw new Error(`no caller ${name}`);
      await saveSettings(rootActor, { selfServiceLevel: caller.level }, testContext);
      const mismatches: string[] = [];
      for (const [actionName, { action }] of actions) {
        const cell = resolveRow(MATRIX[actionName], name);
        // Signed-out callers are refused before any key is looked at: "other" is enough for them.
        const signedIn = name.includes("@");
        const targets: Target[] = TARGETED.has(actionName) && signedIn ? ["own", "other"] : ["other"];
        for (const target of targets) {
          const input = await VALID_INPUTS[actionName]?.({ user: caller.user, target, stranger, level: caller.level });
          setRequest({ session: caller.session });
          const before = dbState();
          const { outcome, result } = await callAction(action, input);
          const want = cellFor(cell, target);
          if (outcome !== want) {
            mismatches.push(`${actionName} on ${target}: ${outcome} ${JSON.stringify(result)}, expected ${want}`);
          } else if (outcome !== "ok") {
            expect(dbState(), `${actionName} changed the database`).toEqual(before);
          } else if (!READ_ONLY.has(actionName)) {
            expect(dbState(), `${actionName} did nothing`).not.toEqual(before);
          }
        }
      }
      expect(mismatches).toEqual([]);
    });
  }
});

// Cross-origin refusal for server actions, at the app's own layer (Next checks the Origin too,
// before the action runs; e2e/authorization.spec.ts proves both together against the real server):
// every action refuses a foreign Origin and `Origin: null` before anything else — even an
// administrator's valid call changes nothing — and a request without Origin is decided by the
// session as usual (docs/security.md says why that is safe).
import fc from "fast-check";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getSqlite } from "@/db/client";
import { saveSettings } from "@/lib/services/settings";
import { callAction, type LoadedAction, loadActions, sessionOf, setRequest } from "@/test/actions/helpers";
import { VALID_INPUTS } from "@/test/actions/inputs";
import { APP_HOST, APP_ORIGIN, type FakeSession } from "@/test/actions/request";
import { makeUser, testContext } from "@/test/db/fixtures";
import { rootActor } from "@/test/support/actors";
import { dbState } from "@/test/support/db-state";

vi.mock("next/headers", async () => (await import("@/test/actions/request")).nextHeaders);
vi.mock("next/cache", async () => (await import("@/test/actions/request")).nextCache);
vi.mock("@/lib/next/auth", async () => (await import("@/test/actions/request")).nextAuth);

type TestUser = Awaited<ReturnType<typeof makeUser>>;
let actions: LoadedAction[];
let admin: TestUser;
let adminSession: FakeSession;
let stranger: TestUser;

beforeAll(async () => {
  getSqlite().pragma("synchronous = OFF"); // this file's throwaway database
  await saveSettings(rootActor, { selfServiceLevel: "full", maxKeysPerUser: 100 }, testContext);
  actions = [...(await loadActions()).values()];
  admin = await makeUser("admin");
  adminSession = await sessionOf(admin);
  stranger = await makeUser("user");
});

/** Origins that must be refused: look-alikes of ours, opaque ones, and garbage. */
const LOOK_ALIKES = [
  "null",
  "",
  " ",
  "http://keyward.test:3000.evil.example",
  "http://evil.example/keyward.test:3000",
  "http://evil.example?keyward.test:3000",
  "http://evil.example#http://keyward.test:3000",
  "http://keyward.test:3000@evil.example",
  "http://keyward.test:30001",
  "http://keyward.test",
  "http://keyward.test:3001",
  "http://sub.keyward.test:3000",
  "http://keyward.test.:3000",
  "file://",
  "data:text/html,x",
  "chrome-extension://abcdef",
  "http://[::1]:3000",
  "http://127.0.0.1:3000",
  "keyward.test:3000",
  "http://keyward.test:3000, http://evil.example",
];
const foreignOrigins = fc.oneof(
  fc.constantFrom(...LOOK_ALIKES),
  fc.webUrl().map((url) => new URL(url).origin),
  fc.string({ unit: "grapheme-ascii", maxLength: 40 }),
);

/** Our own host, by the same rule as lib/next/action.ts (only to keep generated origins foreign). */
const isOurs = (origin: string) => {
  try {
    return new URL(origin).host === APP_HOST;
  } catch {
    return false;
  }
};

async function validInput(name: string) {
  return VALID_INPUTS[name]?.({ user: admin, target: "own", stranger, level: "full" });
}

describe("server actions and the Origin header", () => {
  it("every action refuses a foreign origin, Origin: null included, as an administrator with a valid input", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...actions), foreignOrigins, async ({ name, action }, origin) => {
        fc.pre(!isOurs(origin));
        const input = await validInput(name);
        setRequest({ origin, session: adminSession });
        const before = dbState();
        const { outcome, result } = await callAction(action, input);
        expect(outcome, `${name} from ${JSON.stringify(origin)}`).toBe("forbidden");
        if (result !== undefined) expect(result).toEqual({ ok: false, message: "forbidden" });
        expect(dbState(), `${name} from ${JSON.stringify(origin)}`).toEqual(before);
      }),
      { numRuns: 200 },
    );
  });

  it("each action, one by one, refuses https://evil.example and Origin: null", async () => {
    for (const { name, action } of actions) {
      for (const origin of ["https://evil.example", "null"]) {
        const input = await validInput(name);
        setRequest({ origin, session: adminSession });
        const before = dbState();
        expect((await callAction(action, input)).outcome, `${name} from ${origin}`).toBe("forbidden");
        expect(dbState(), `${name} from ${origin}`).toEqual(before);
      }
    }
  });

  it("the same calls from our own origin go through (so the refusals above are the origin's doing)", async () => {
    for (const { name, action } of actions) {
      const input = await validInput(name);
      setRequest({ origin: APP_ORIGIN, session: adminSession });
      const { outcome } = await callAction(action, input);
      // setupAction refuses once set up, whatever the origin: it is "refused", not "forbidden".
      expect(outcome, name).toBe(name === "setupAction" ? "refused" : "ok");
    }
  });

  it("without an Origin header the session decides: an administrator's call works, an anonymous one is forbidden", async () => {
    for (const { name, action } of actions) {
      setRequest({ origin: null, session: adminSession });
      expect((await callAction(action, await validInput(name))).outcome, name).toBe(
        name === "setupAction" ? "refused" : "ok",
      );
      const input = await validInput(name);
      setRequest({ origin: null, session: null });
      const before = dbState();
      const { outcome } = await callAction(action, input);
      // Public actions (sign-in, setup) and sign-out need no session; everything else is forbidden.
      const open = ["signInAction", "setupAction", "signOutAction"].includes(name);
      if (!open) {
        expect(outcome, name).toBe("forbidden");
        expect(dbState(), name).toEqual(before);
      }
    }
  });
});

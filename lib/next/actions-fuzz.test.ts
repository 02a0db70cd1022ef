// Bad input to server actions: every exported action, called by an administrator (at self-service
// level "full", so that every handler can be reached) with generated hostile input — a valid input
// (test/actions/inputs.ts) with one to three fields spoilt or removed, as an object or FormData, and
// now and then something that is not a form at all (React's reply encoding carries more than JSON).
// Every answer is `{ ok, message, fieldErrors? }`, never a thrown error and never the generic
// "Something went wrong"; a refused call changes nothing, not even the audit log.
import fc from "fast-check";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { getSqlite } from "@/db/client";
import { createKey } from "@/lib/services/access-keys";
import { saveSettings } from "@/lib/services/settings";
import { type LoadedAction, loadActions, sessionOf, setRequest } from "@/test/actions/helpers";
import { VALID_INPUTS } from "@/test/actions/inputs";
import type { FakeSession } from "@/test/actions/request";
import { makeUser, testContext } from "@/test/db/fixtures";
import { rootActor } from "@/test/support/actors";
import { hostileActionValue, hostileRecord, hostileString } from "@/test/support/arbitraries";
import { dbState } from "@/test/support/db-state";
import { failOnLoggedErrors } from "@/test/support/guards";
import { DEFAULT_SETTINGS } from "../model/settings";
import { actionInfo } from "./action";

type TestUser = Awaited<ReturnType<typeof makeUser>>;

vi.mock("next/headers", async () => (await import("@/test/actions/request")).nextHeaders);
vi.mock("next/cache", async () => (await import("@/test/actions/request")).nextCache);
vi.mock("@/lib/next/auth", async () => (await import("@/test/actions/request")).nextAuth);

const RUNS = 60;
const GENERIC_FAILURE = /Something went wrong/;

let actions: Map<string, LoadedAction>;
let admin: TestUser;
let adminSession: FakeSession;
let stranger: TestUser;
/** Users that stay: the administrator, another one, and the stranger. */
const fixtures: number[] = [];

beforeAll(async () => {
  getSqlite().pragma("synchronous = OFF"); // this file's throwaway database
  actions = await loadActions();
  admin = await makeUser("admin");
  adminSession = await sessionOf(admin);
  stranger = await makeUser("user");
  const second = await makeUser("admin"); // another administrator: the last-administrator rule is not what is fuzzed
  fixtures.push(admin.id, second.id, stranger.id);
  // A few users and keys with small ids, for generated ids to hit.
  for (const role of ["user", "auditor", "user"] as const) {
    const user = await makeUser(role);
    await createKey(
      rootActor,
      { ownerId: user.id, name: "Fuzz target", description: "", expiresAt: undefined, bearerEnabled: true },
      testContext,
    );
  }
});

beforeEach(async () => {
  await saveSettings(rootActor, { ...DEFAULT_SETTINGS, selfServiceLevel: "full", maxKeysPerUser: 100 }, testContext);
});
// An unexpected error is logged by the action wrapper before it answers "Something went wrong".
failOnLoggedErrors();

/**
 * Fresh targets pile up users, keys and notifications: keep the last few, so that the owners stay
 * under the key limit and the before/after snapshots stay cheap. (Outside the compared window.)
 */
function trim() {
  const sqlite = getSqlite();
  const keep = `select id from users where id in (${fixtures.join(",")}) or id in (select id from users order by id desc limit 10)`;
  sqlite.prepare(`delete from users where id not in (${keep})`).run();
  sqlite
    .prepare("delete from access_keys where id not in (select id from access_keys order by id desc limit 20)")
    .run();
  sqlite.prepare("delete from notifications").run();
}

/** The field names an action's schema knows. */
function fieldsOf(action: LoadedAction["action"]): string[] {
  const schema = actionInfo(action)?.schema as { shape?: Record<string, unknown> } | undefined;
  return schema?.shape ? Object.keys(schema.shape) : [];
}

function toFormData(record: Record<string, unknown>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(record)) {
    if (value instanceof Blob) data.append(key, value);
    else data.append(key, typeof value === "string" ? value : describeInput(value));
  }
  return data;
}

const REMOVE = Symbol("remove the field");
type Variant = { changes: [string, unknown][]; as: "object" | "form" | "junk"; junk: unknown };

/**
 * How to spoil a valid input: set one to three fields (mostly the action's own) to hostile values
 * or remove them, and send it as an object or as FormData; now and then send something else entirely.
 */
function variants(fields: string[]): fc.Arbitrary<Variant> {
  const name = fields.length
    ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...fields) }, hostileString)
    : hostileString;
  const value = fc.oneof({ weight: 6, arbitrary: hostileActionValue }, { weight: 1, arbitrary: fc.constant(REMOVE) });
  return fc.record({
    changes: fc.array(fc.tuple(name, value), { minLength: 1, maxLength: 3 }),
    as: fc.constantFrom("object", "object", "object", "form", "junk"),
    junk: fc.oneof(hostileActionValue, hostileRecord(fields, hostileActionValue)),
  });
}

function spoil(valid: Record<string, unknown> | undefined, variant: Variant): unknown {
  if (variant.as === "junk") return variant.junk;
  const input: Record<string, unknown> = { ...valid };
  for (const [field, value] of variant.changes) {
    if (value === REMOVE) delete input[field];
    // defineProperty: a field named __proto__ is an own property, as JSON.parse would make it.
    else Object.defineProperty(input, field, { value, enumerable: true, writable: true, configurable: true });
  }
  return variant.as === "form" ? toFormData(input) : input;
}

/** The documented shape of a refusal; and nothing changed. */
function expectCleanRefusal(result: unknown, before: Record<string, string>, what: string) {
  const { ok, message, fieldErrors, ...rest } = result as Record<string, unknown>;
  expect({ ok, rest }, what).toEqual({ ok: false, rest: {} });
  expect(typeof message, what).toBe("string");
  expect(message, what).not.toMatch(GENERIC_FAILURE);
  if (fieldErrors !== undefined) {
    for (const messages of Object.values(fieldErrors as object)) {
      expect(Array.isArray(messages) && messages.every((m) => typeof m === "string"), what).toBe(true);
    }
  }
  expect(dbState(), `${what} changed the database`).toEqual(before);
}

describe("every server action with hostile input, as an administrator", () => {
  it("finds the actions", () => {
    expect(actions.size).toBeGreaterThanOrEqual(20);
  });

  it("a Promise in a field (React's reply encoding can carry one) is refused as bad input, not a crash", async () => {
    const save = actions.get("saveSettingsAction")?.action;
    const create = actions.get("createAccessKeyAction")?.action;
    setRequest({ session: adminSession });
    const before = dbState();
    for (const [action, input] of [
      [save, { keyLifetimeDays: Promise.resolve(90), expiryReminderDays: "30" }],
      [save, { expiryReminderDays: Promise.resolve("30, 7") }],
      [create, { ownerId: Promise.resolve(1), name: "Promised" }],
    ] as const) {
      const result = await action?.(null, input);
      expect(result).toMatchObject({ ok: false, message: expect.not.stringMatching(GENERIC_FAILURE) });
    }
    expect(dbState()).toEqual(before);
  });

  // One property per action, named after it; the list is read from app/**/actions.ts at test time.
  const names = Object.keys(import.meta.glob("/app/**/actions.ts"));
  it.each(names)("%s: every answer is a clean result, and a refusal changes nothing", async (file) => {
    for (const { name, action } of [...actions.values()].filter((a) => a.file === file)) {
      const valid = VALID_INPUTS[name];
      if (!valid) throw new Error(`no valid input for ${name} in test/actions/inputs.ts`);
      await fc.assert(
        fc.asyncProperty(variants(fieldsOf(action)), async (variant) => {
          trim();
          const input = spoil(await valid({ user: admin, target: "own", stranger, level: "full" }), variant);
          setRequest({ session: adminSession });
          const before = dbState();
          const result = await action(null, input);
          const what = `${name}(${describeInput(input)})`;
          if (result === undefined) return; // signOutAction: a plain form action, no answer
          if (result.ok) return;
          expectCleanRefusal(result, before, what);
        }),
        { numRuns: RUNS },
      );
    }
  });
});

function describeInput(input: unknown): string {
  if (input instanceof FormData)
    return `FormData ${JSON.stringify([...input.entries()].map(([k, v]) => [k, String(v)]))}`;
  try {
    return JSON.stringify(input, (_k, v) => (typeof v === "bigint" ? `${v}n` : v))?.slice(0, 300) ?? String(input);
  } catch {
    return String(input);
  }
}

// Self-service on one's own keys: every function checks the level (read at each call) and the
// ownership itself; a refusal changes nothing at all (keys, tokens, audit).
import { beforeEach, describe, expect, it } from "vitest";
import { getSqlite } from "@/db/client";
import { getAccessKey } from "@/db/queries/access-keys";
import type { AuditContext } from "@/lib/model/audit";
import type { Actor } from "@/lib/model/authz";
import { type SelfServiceOperation, selfServiceAllows } from "@/lib/model/authz";
import { SELF_SERVICE_LEVELS, type SelfServiceLevel, type Settings } from "@/lib/model/settings";
import { saveSettings } from "@/lib/services/settings";
import { createAccessKeySchema } from "@/lib/validation/access-keys";
import { makeUser, testContext } from "@/test/db/fixtures";
import { rootActor } from "@/test/support/actors";
import { expectDomainError } from "@/test/support/errors";
import { tag } from "@/test/support/unique";
import { createKey, deleteKey, regenerateKey, setKeyStatus } from "./access-keys";

// My API Keys' path through the service: the actor's own keys only, as the self-service level allows.
type Ctx = Parameters<typeof createKey>[2];
const createOwnKey = (actor: Actor, input: Parameters<typeof createKey>[1], ctx: Ctx) =>
  createKey(actor, input, ctx, "own");
const regenerateOwnKey = (actor: Actor, id: number, ctx: Ctx) => regenerateKey(actor, id, ctx, "own");
const setOwnKeyStatus = (actor: Actor, id: number, action: Parameters<typeof setKeyStatus>[2], ctx: Ctx) =>
  setKeyStatus(actor, id, action, ctx, "own");
const deleteOwnKey = (actor: Actor, id: number, ctx: Ctx) => deleteKey(actor, id, ctx, "own");

const DAY = 86_400_000;

async function setSettings(changes: Partial<Settings>) {
  await saveSettings(rootActor, changes, testContext);
}
const setLevel = (selfServiceLevel: SelfServiceLevel) => setSettings({ selfServiceLevel });

type TestUser = Awaited<ReturnType<typeof makeUser>>;
const actorOf = (user: TestUser, status: Actor["status"] = "active"): Actor => ({
  id: user.id,
  username: user.username,
  role: user.role,
  status,
});
const ctxOf = (user: TestUser): AuditContext => ({ ...testContext, actorId: user.id, actorUsername: user.username });

const newKeyInput = (name = `Own ${tag()}`) => ({
  name,
  description: "",
  expiresAt: undefined,
  bearerEnabled: false,
});

/** A key created the admin's way (limit and audit included), for `owner`. */
async function adminKey(owner: TestUser, name = `Admin made ${tag()}`) {
  return (await createKey(rootActor, { ownerId: owner.id, ...newKeyInput(name) }, testContext)).key;
}

/** Everything a self-service call could touch: every key row (with its secret hash), tokens and events. */
function snapshot() {
  return {
    keys: getSqlite().prepare("select * from access_keys order by id").all(),
    tokens: getSqlite().prepare("select * from issued_tokens order by id").all(),
    lastEvent: (getSqlite().prepare("select max(id) as id from audit_events").get() as { id: number | null }).id,
    settings: getSqlite().prepare("select * from settings order by key").all(),
  };
}

/** A token row for a key, so that a wrongly applied revoke/regenerate/delete would show. */
function insertToken(keyId: number) {
  getSqlite()
    .prepare("insert into issued_tokens (token_hash, key_id, expires_at) values (?, ?, ?)")
    .run(`token-${tag()}`, keyId, Date.now() + 3600e3);
}

const keyCount = (ownerId: number) =>
  (getSqlite().prepare("select count(*) as n from access_keys where owner_id = ?").get(ownerId) as { n: number }).n;
const eventsSince = (lastEvent: number | null) =>
  getSqlite()
    .prepare("select event, actor_username as actor, target_id as targetId from audit_events where id > ? order by id")
    .all(lastEvent ?? 0) as { event: string; actor: string; targetId: number | null }[];

/** Each self-service function, the level it needs, and a call on a key of the actor's own. */
type Operation = {
  name: string;
  needs: SelfServiceLevel;
  event: string;
  /** Calls it with `actor` on key `keyId` (create ignores the key). */
  call: (actor: Actor, keyId: number, ctx: AuditContext) => Promise<unknown>;
};

const OPERATIONS: Operation[] = [
  {
    name: "createOwnKey",
    needs: "full",
    event: "key.create",
    call: (actor, _keyId, ctx) => createOwnKey(actor, newKeyInput(), ctx),
  },
  {
    name: "regenerateOwnKey",
    needs: "manage",
    event: "key.regenerate",
    call: (actor, keyId, ctx) => regenerateOwnKey(actor, keyId, ctx),
  },
  {
    name: "setOwnKeyStatus deactivate",
    needs: "manage",
    event: "key.deactivate",
    call: (actor, keyId, ctx) => setOwnKeyStatus(actor, keyId, "deactivate", ctx),
  },
  {
    name: "setOwnKeyStatus revoke",
    needs: "manage",
    event: "key.revoke",
    call: (actor, keyId, ctx) => setOwnKeyStatus(actor, keyId, "revoke", ctx),
  },
  {
    name: "deleteOwnKey",
    needs: "full",
    event: "key.delete",
    call: (actor, keyId, ctx) => deleteOwnKey(actor, keyId, ctx),
  },
];
const RANK: Record<SelfServiceLevel, number> = { none: 0, view: 1, manage: 2, full: 3 };
const permits = (level: SelfServiceLevel, needs: SelfServiceLevel) => RANK[level] >= RANK[needs];

beforeEach(async () => {
  // Every test starts from the defaults (limit 2, 90 days, level "view").
  getSqlite().prepare("delete from settings").run();
});

describe("selfServiceAllows", () => {
  it("view from view up, manage from manage up, create and delete at full only", () => {
    const table = Object.fromEntries(
      SELF_SERVICE_LEVELS.map((level) => [
        level,
        (["view", "manage", "create", "delete"] as SelfServiceOperation[]).filter((op) => selfServiceAllows(level, op)),
      ]),
    );
    expect(table).toEqual({
      none: [],
      view: ["view"],
      manage: ["view", "manage"],
      full: ["view", "manage", "create", "delete"],
    });
  });
});

describe("each self-service function at each level", () => {
  for (const op of OPERATIONS) {
    for (const level of SELF_SERVICE_LEVELS) {
      const allowed = permits(level, op.needs);
      it(`${op.name} at level ${level}: ${allowed ? "allowed" : "forbidden, nothing changes"}`, async () => {
        const user = await makeUser("user");
        const key = await adminKey(user);
        insertToken(key.id);
        await setLevel(level);
        const before = snapshot();
        const countBefore = keyCount(user.id);

        if (!allowed) {
          const error = await expectDomainError(op.call(actorOf(user), key.id, ctxOf(user)), "forbidden");
          expect(error.message).toBe("forbidden");
          expect(snapshot()).toEqual(before);
          expect(keyCount(user.id)).toBe(countBefore);
          return;
        }

        await op.call(actorOf(user), key.id, ctxOf(user));
        // The change is made, recorded as the user's own doing, and touches the user's keys only.
        const events = eventsSince(before.lastEvent);
        expect(events).toHaveLength(1);
        expect(events[0]).toMatchObject({ event: op.event, actor: user.username });
        const after = await getAccessKey(key.id);
        switch (op.event) {
          case "key.create":
            expect(keyCount(user.id)).toBe(countBefore + 1);
            expect(after?.status).toBe("active");
            break;
          case "key.regenerate":
            expect(after?.status).toBe("active");
            expect(getSqlite().prepare("select count(*) as n from issued_tokens where key_id = ?").get(key.id)).toEqual(
              {
                n: 0,
              },
            );
            break;
          case "key.deactivate":
            expect(after?.status).toBe("inactive");
            break;
          case "key.revoke":
            expect(after?.status).toBe("revoked");
            break;
          case "key.delete":
            expect(after).toBeUndefined();
            expect(keyCount(user.id)).toBe(countBefore - 1);
            break;
        }
        const others = (rows: unknown[]) => (rows as { owner_id: number }[]).filter((row) => row.owner_id !== user.id);
        expect(others(snapshot().keys)).toEqual(others(before.keys));
      });
    }
  }

  it("activate needs manage too: forbidden at view, allowed at manage", async () => {
    const user = await makeUser("user");
    const key = await adminKey(user);
    await setKeyStatus(rootActor, key.id, "deactivate", testContext);
    await setLevel("view");
    const before = snapshot();
    await expectDomainError(setOwnKeyStatus(actorOf(user), key.id, "activate", ctxOf(user)), "forbidden");
    expect(snapshot()).toEqual(before);

    await setLevel("manage");
    const activated = await setOwnKeyStatus(actorOf(user), key.id, "activate", ctxOf(user));
    expect(activated.status).toBe("active");
  });
});

describe("another user's key", () => {
  // Operations on an existing key, each at every level high enough for it.
  for (const op of OPERATIONS.filter((o) => o.event !== "key.create")) {
    for (const level of SELF_SERVICE_LEVELS.filter((l) => permits(l, op.needs))) {
      it(`${op.name} at level ${level} on someone else's key: not found, nothing changes`, async () => {
        const user = await makeUser("user");
        const other = await makeUser("user");
        await adminKey(user); // the caller has keys of their own too
        const theirs = await adminKey(other);
        insertToken(theirs.id);
        await setLevel(level);
        const before = snapshot();

        await expectDomainError(op.call(actorOf(user), theirs.id, ctxOf(user)), "not_found", /not found/i);
        expect(snapshot()).toEqual(before);
        expect(await getAccessKey(theirs.id)).toMatchObject({ status: "active", ownerId: other.id });
      });
    }
  }

  it("is forbidden (not even looked up) below the level, and unchanged", async () => {
    const user = await makeUser("user");
    const other = await makeUser("user");
    const theirs = await adminKey(other);
    await setLevel("view");
    const before = snapshot();
    for (const op of OPERATIONS) await expectDomainError(op.call(actorOf(user), theirs.id, ctxOf(user)), "forbidden");
    expect(snapshot()).toEqual(before);
  });

  it("a key id that does not exist is not found, and nothing changes", async () => {
    const user = await makeUser("user");
    await setLevel("full");
    const before = snapshot();
    for (const op of OPERATIONS.filter((o) => o.event !== "key.create")) {
      await expectDomainError(op.call(actorOf(user), 987_654_321, ctxOf(user)), "not_found");
    }
    expect(snapshot()).toEqual(before);
  });

  it("createOwnKey ignores an ownerId smuggled into its input and creates the key for the caller", async () => {
    const user = await makeUser("user");
    const other = await makeUser("user");
    await setLevel("full");
    const otherBefore = keyCount(other.id);
    const name = `Smuggled ${tag()}`;

    const { key } = await createOwnKey(
      actorOf(user),
      { ...newKeyInput(name), ownerId: other.id } as never,
      ctxOf(user),
    );
    expect(key.ownerId).toBe(user.id);
    expect(keyCount(other.id)).toBe(otherBefore);
    expect(keyCount(user.id)).toBe(1);
    expect(key).toMatchObject({ name, createdById: user.id, createdByUsername: user.username });
  });
});

describe("the caller", () => {
  it("an inactive actor is refused every operation even at level full, and nothing changes", async () => {
    const user = await makeUser("user");
    const key = await adminKey(user);
    await setLevel("full");
    const before = snapshot();
    for (const op of OPERATIONS) {
      await expectDomainError(op.call(actorOf(user, "inactive"), key.id, ctxOf(user)), "forbidden");
    }
    expect(snapshot()).toEqual(before);
  });

  it("an auditor changes nothing, not even keys of their own, at any level", async () => {
    const auditor = await makeUser("auditor");
    const key = await adminKey(auditor);
    await setLevel("full");
    const before = snapshot();
    for (const op of OPERATIONS)
      await expectDomainError(op.call(actorOf(auditor), key.id, ctxOf(auditor)), "forbidden");
    expect(snapshot()).toEqual(before);
  });

  it("the level is read at each call: lowered between two calls, the second is refused", async () => {
    const user = await makeUser("user");
    await setLevel("full");
    const first = await createOwnKey(actorOf(user), newKeyInput(), ctxOf(user));
    await setLevel("manage");
    let before = snapshot();
    await expectDomainError(createOwnKey(actorOf(user), newKeyInput(), ctxOf(user)), "forbidden");
    await expectDomainError(deleteOwnKey(actorOf(user), first.key.id, ctxOf(user)), "forbidden");
    expect(snapshot()).toEqual(before);

    await setOwnKeyStatus(actorOf(user), first.key.id, "deactivate", ctxOf(user));
    await setLevel("view");
    before = snapshot();
    await expectDomainError(setOwnKeyStatus(actorOf(user), first.key.id, "activate", ctxOf(user)), "forbidden");
    await expectDomainError(regenerateOwnKey(actorOf(user), first.key.id, ctxOf(user)), "forbidden");
    expect(snapshot()).toEqual(before);

    // And raised again, allowed again at once.
    await setLevel("full");
    await deleteOwnKey(actorOf(user), first.key.id, ctxOf(user));
    expect(keyCount(user.id)).toBe(0);
  });
});

describe("the admin's rules apply to self-service", () => {
  it("the per-user limit: a third key is refused naming the limit, and nothing is written", async () => {
    const user = await makeUser("user");
    await setLevel("full");
    await createOwnKey(actorOf(user), newKeyInput(), ctxOf(user));
    await createOwnKey(actorOf(user), newKeyInput(), ctxOf(user));
    const before = snapshot();
    await expectDomainError(createOwnKey(actorOf(user), newKeyInput(), ctxOf(user)), "limit", /\b2\b/);
    expect(snapshot()).toEqual(before);

    // A raised limit applies at the next call.
    await setSettings({ maxKeysPerUser: 3 });
    await createOwnKey(actorOf(user), newKeyInput(), ctxOf(user));
    expect(keyCount(user.id)).toBe(3);
  });

  it("regenerating a revoked key that would exceed the limit is refused too", async () => {
    const user = await makeUser("user");
    const revoked = await adminKey(user);
    await setKeyStatus(rootActor, revoked.id, "revoke", testContext);
    await adminKey(user);
    await adminKey(user);
    await setLevel("manage");
    const before = snapshot();
    await expectDomainError(regenerateOwnKey(actorOf(user), revoked.id, ctxOf(user)), "limit");
    expect(snapshot()).toEqual(before);
  });

  it("expiry: the policy's lifetime by default, an earlier date allowed, a later or past one refused", async () => {
    const user = await makeUser("user");
    await setSettings({ selfServiceLevel: "full", maxKeysPerUser: 10 });
    const now = Date.now();

    const { key: byDefault } = await createOwnKey(actorOf(user), newKeyInput(), ctxOf(user));
    expect(byDefault.expiresAt?.getTime()).toBeGreaterThanOrEqual(now + 90 * DAY - 60_000);
    expect(byDefault.expiresAt?.getTime()).toBeLessThanOrEqual(Date.now() + 90 * DAY);

    const soon = new Date(now + 10 * DAY).toISOString().slice(0, 10);
    const { key: earlier } = await createOwnKey(actorOf(user), { ...newKeyInput(), expiresAt: soon }, ctxOf(user));
    expect(earlier.expiresAt?.toISOString().slice(0, 10)).toBe(soon);

    const before = snapshot();
    const tooLate = new Date(now + 200 * DAY).toISOString().slice(0, 10);
    const late = await expectDomainError(
      createOwnKey(actorOf(user), { ...newKeyInput(), expiresAt: tooLate }, ctxOf(user)),
      "invalid",
    );
    expect(late.fieldErrors?.expiresAt?.[0]).toMatch(/cannot be later than/);
    const past = new Date(now - 2 * DAY).toISOString().slice(0, 10);
    await expectDomainError(createOwnKey(actorOf(user), { ...newKeyInput(), expiresAt: past }, ctxOf(user)), "invalid");
    await expectDomainError(
      createOwnKey(actorOf(user), { ...newKeyInput(), expiresAt: "31/12/2099" }, ctxOf(user)),
      "invalid",
    );
    expect(snapshot()).toEqual(before);

    // "Never" lets a key without a date never expire; a regenerated key follows the policy as it is now.
    await setSettings({ keyLifetimeDays: "never" });
    const { key: forever } = await createOwnKey(actorOf(user), newKeyInput(), ctxOf(user));
    expect(forever.expiresAt).toBeNull();
    await setSettings({ keyLifetimeDays: 5 });
    const { key: regenerated } = await regenerateOwnKey(actorOf(user), forever.id, ctxOf(user));
    expect(regenerated.expiresAt?.getTime()).toBeLessThanOrEqual(Date.now() + 5 * DAY);
    // Changing the policy did not touch the keys that already existed.
    expect((await getAccessKey(byDefault.id))?.expiresAt).toEqual(byDefault.expiresAt);
  });

  it("the name rules: the self-service action's schema refuses the same names as the admin's", () => {
    const ownSchema = createAccessKeySchema.omit({ ownerId: true });
    for (const name of ["", "   ", "a".repeat(65), "naïve", "semi;colon", "<script>", "slash/name", "emoji 🔑"]) {
      const own = ownSchema.safeParse({ name });
      const admin = createAccessKeySchema.safeParse({ ownerId: 1, name });
      expect(own.success, JSON.stringify(name)).toBe(false);
      expect(admin.success, JSON.stringify(name)).toBe(false);
      expect(own.error?.issues[0]?.path).toEqual(["name"]);
    }
    for (const name of ["CI key", "deploy.prod_2-a", "a".repeat(64)]) {
      expect(ownSchema.safeParse({ name }).success, name).toBe(true);
    }
    // The self-service schema has no owner to set: a posted ownerId is dropped.
    expect(ownSchema.parse({ name: "x", ownerId: 42 })).not.toHaveProperty("ownerId");
  });

  it("an inactive owner's own actor cannot create, as for the admin", async () => {
    // The actor object says active, but the user row is inactive (deactivated a moment ago).
    const user = await makeUser("user");
    await setLevel("full");
    getSqlite().prepare("update users set status = 'inactive' where id = ?").run(user.id);
    const before = snapshot();
    await expectDomainError(createOwnKey(actorOf(user), newKeyInput(), ctxOf(user)), "invalid");
    expect(snapshot()).toEqual(before);
  });
});

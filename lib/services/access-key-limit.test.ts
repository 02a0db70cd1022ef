import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { AuditContext } from "@/lib/model/audit";
import { createKey, regenerateKey, setKeyStatus } from "@/lib/services/access-keys";
import { makeUser, testContext } from "@/test/db/fixtures";
import { rootActor } from "@/test/support/actors";
import { expectDomainError } from "@/test/support/errors";
import { lastReport, runReleasedTogether } from "@/test/support/processes";
import { tag } from "@/test/support/unique";
import { getSqlite } from "../../db/client";

const DAY = 24 * 3600e3;
const ctx: AuditContext = { ...testContext, actorUsername: "limit-test" };
const create = (ownerId: number) =>
  createKey(
    rootActor,
    { ownerId, name: `Key ${tag()}`, description: "", expiresAt: undefined, bearerEnabled: false },
    ctx,
  );
const keysOf = (ownerId: number) =>
  getSqlite()
    .prepare("select id, status, secret_hash from access_keys where owner_id = ? order by id")
    .all(ownerId) as {
    id: number;
    status: string;
    secret_hash: string;
  }[];
const expire = (id: number) =>
  getSqlite()
    .prepare("update access_keys set expires_at = ? where id = ?")
    .run(Date.now() - DAY, id);
const setLimit = (n: number) =>
  getSqlite()
    .prepare(
      "insert into settings (key, value, updated_at) values ('maxKeysPerUser', ?, ?) on conflict(key) do update set value = excluded.value",
    )
    .run(JSON.stringify(n), Date.now());
const createEvents = () =>
  (getSqlite().prepare("select count(*) as n from audit_events where event = 'key.create'").get() as { n: number }).n;

async function limitRefusal(promise: Promise<unknown>, limit: number) {
  await expectDomainError(promise, "limit", new RegExp(`\\b${limit}\\b`));
}

/** An owner holding `n` fresh keys; returns the owner's id and the keys' ids. */
async function ownerWith(n: number) {
  const owner = await makeUser("user");
  const ids: number[] = [];
  for (let i = 0; i < n; i++) ids.push((await create(owner.id)).key.id);
  return { ownerId: owner.id, ids };
}

afterEach(() => {
  getSqlite().prepare("delete from settings where key = 'maxKeysPerUser'").run();
});

describe("the default limit of 2 keys per user", () => {
  it("refuses a third key, naming the limit, and writes nothing", async () => {
    const { ownerId } = await ownerWith(2);
    const events = createEvents();
    await limitRefusal(create(ownerId), 2);
    expect(keysOf(ownerId)).toHaveLength(2);
    expect(createEvents()).toBe(events);
  });

  it("counts per owner", async () => {
    await ownerWith(2);
    const other = await ownerWith(2);
    expect(keysOf(other.ownerId)).toHaveLength(2);
  });

  it("does not count revoked keys", async () => {
    const { ownerId, ids } = await ownerWith(2);
    await setKeyStatus(rootActor, ids[0] as number, "revoke", ctx);
    await create(ownerId);
    expect(keysOf(ownerId)).toHaveLength(3);
    await limitRefusal(create(ownerId), 2);
  });

  it("does not count expired keys", async () => {
    const { ownerId, ids } = await ownerWith(2);
    expire(ids[1] as number);
    await create(ownerId);
    await limitRefusal(create(ownerId), 2);
  });

  it("counts inactive keys", async () => {
    const { ownerId, ids } = await ownerWith(2);
    await setKeyStatus(rootActor, ids[0] as number, "deactivate", ctx);
    await setKeyStatus(rootActor, ids[1] as number, "deactivate", ctx);
    await limitRefusal(create(ownerId), 2);
    expect(keysOf(ownerId)).toHaveLength(2);
  });
});

describe("regenerating at the limit", () => {
  it("works for a key that already counts (active or inactive): it replaces itself", async () => {
    const { ownerId, ids } = await ownerWith(2);
    await setKeyStatus(rootActor, ids[1] as number, "deactivate", ctx);
    for (const id of ids) expect((await regenerateKey(rootActor, id, ctx)).key.status).toBe("active");
    expect(keysOf(ownerId).map((k) => k.status)).toEqual(["active", "active"]);
  });

  it("is refused for a revoked key when the owner is at the limit, and changes nothing", async () => {
    const { ownerId, ids } = await ownerWith(2);
    await setKeyStatus(rootActor, ids[0] as number, "revoke", ctx);
    await create(ownerId);
    const before = keysOf(ownerId);
    await limitRefusal(regenerateKey(rootActor, ids[0] as number, ctx), 2);
    expect(keysOf(ownerId)).toEqual(before);
  });

  it("is refused for an expired key when the owner is at the limit", async () => {
    const { ownerId, ids } = await ownerWith(2);
    expire(ids[0] as number);
    await create(ownerId);
    const before = keysOf(ownerId);
    await limitRefusal(regenerateKey(rootActor, ids[0] as number, ctx), 2);
    expect(keysOf(ownerId)).toEqual(before);
  });

  it("works for a revoked key once there is room", async () => {
    const { ids } = await ownerWith(2);
    await setKeyStatus(rootActor, ids[0] as number, "revoke", ctx);
    expect((await regenerateKey(rootActor, ids[0] as number, ctx)).key.status).toBe("active");
  });
});

describe("the limit comes from the settings", () => {
  it("maxKeysPerUser = 3 allows a third key and refuses a fourth, naming 3", async () => {
    setLimit(3);
    const { ownerId } = await ownerWith(3);
    await limitRefusal(create(ownerId), 3);
    expect(keysOf(ownerId)).toHaveLength(3);
  });

  it("maxKeysPerUser = 1 refuses a second key", async () => {
    setLimit(1);
    const { ownerId } = await ownerWith(1);
    await limitRefusal(create(ownerId), 1);
  });

  it("a lowered limit refuses new keys but leaves existing ones alone", async () => {
    const { ownerId } = await ownerWith(2);
    setLimit(1);
    await limitRefusal(create(ownerId), 1);
    expect(keysOf(ownerId).map((k) => k.status)).toEqual(["active", "active"]);
  });
});

describe("concurrent creation from several processes (SPEC §4.8)", () => {
  const CHILDREN = 4;
  const ATTEMPTS = 25;
  const LIMIT = 3;
  beforeAll(() => {
    expect(process.env.DATABASE_PATH).toBeTruthy();
  });

  it(`never lets ${CHILDREN} racing processes exceed the limit`, { timeout: 120_000 }, async () => {
    setLimit(LIMIT);
    const owner = await makeUser("user");
    const { runs } = await runReleasedTogether(
      "test/children/create-keys.ts",
      Array.from({ length: CHILDREN }, () => ({ OWNER_ID: String(owner.id), ATTEMPTS: String(ATTEMPTS) })),
    );

    let created = 0;
    for (const [i, run] of runs.entries()) {
      expect(run.code, `child ${i} failed: ${run.stderr}`).toBe(0);
      const result = lastReport<{ created: number; limited: number }>(run);
      expect(result.created + result.limited).toBe(ATTEMPTS);
      created += result.created;
    }
    expect(keysOf(owner.id)).toHaveLength(LIMIT);
    expect(created).toBe(LIMIT);
  });
});

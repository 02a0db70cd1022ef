import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { hashSecret, isWellFormedClientId, isWellFormedSecret } from "@/lib/keys";
import type { AuditContext } from "@/lib/model/audit";
import type { ErrorCode } from "@/lib/model/errors";
import { toDateInput } from "@/lib/model/policy";
import {
  bulkUpdateKeys,
  createKey,
  deleteKey,
  regenerateKey,
  setKeyStatus,
  updateKey,
} from "@/lib/services/access-keys";
import { makeUser, testContext } from "@/test/db/fixtures";
import { rootActor } from "@/test/support/actors";
import { expectDomainError } from "@/test/support/errors";
import { tag } from "@/test/support/unique";
import { getDb, getSqlite } from "../../db/client";
import { getAccessKey } from "../../db/queries/access-keys";
import { accessKeys } from "../../db/schema";
import { deleteUser, setUserStatus } from "./users";

const DAY = 24 * 3600e3;
const issuedSecrets: string[] = [];
let admin: Awaited<ReturnType<typeof makeUser>>;
let owner: Awaited<ReturnType<typeof makeUser>>;
let ctx: AuditContext;

type Row = Record<string, unknown>;
const raw = (id: number) => getSqlite().prepare("select * from access_keys where id = ?").get(id) as Row | undefined;
const eventsFor = (id: number) =>
  getSqlite()
    .prepare("select * from audit_events where target_type = 'access_key' and target_id = ? order by id")
    .all(id) as Row[];
const eventCount = () => (getSqlite().prepare("select count(*) as n from audit_events").get() as { n: number }).n;
const keyCount = () => (getSqlite().prepare("select count(*) as n from access_keys").get() as { n: number }).n;
const tokensOf = (keyId: number) => getSqlite().prepare("select * from issued_tokens where key_id = ?").all(keyId);
const addToken = (keyId: number) =>
  getSqlite()
    .prepare("insert into issued_tokens (token_hash, key_id, expires_at) values (?, ?, ?)")
    .run(randomBytes(32).toString("hex"), keyId, Date.now() + 3600e3);
const setSetting = (key: string, value: unknown) =>
  getSqlite()
    .prepare("insert or replace into settings (key, value, updated_at) values (?, ?, ?)")
    .run(key, JSON.stringify(value), 0);
const dbBytes = () => {
  const file = process.env.DATABASE_PATH as string;
  return Buffer.concat([readFileSync(file), existsSync(`${file}-wal`) ? readFileSync(`${file}-wal`) : Buffer.alloc(0)]);
};
type KeyOptions = { expiresAt?: string; bearerEnabled?: boolean };
const keyInput = (ownerId: number, over: KeyOptions = {}) => {
  const base = { ownerId, name: `Key ${tag()}`, description: "", expiresAt: undefined, bearerEnabled: false };
  return { ...base, ...over };
};

async function newKey(over: KeyOptions = {}, ownerId = owner.id) {
  const issued = await createKey(rootActor, keyInput(ownerId, over), ctx);
  issuedSecrets.push(issued.secret);
  return issued;
}

/** Runs an action that must write exactly one audit event, for this key, by this actor. */
async function oneEvent<T>(keyId: number, clientId: string, event: string, action: () => Promise<T>): Promise<T> {
  const before = eventCount();
  const result = await action();
  expect(eventCount()).toBe(before + 1);
  const last = { event, outcome: "success", target_id: keyId, client_id: clientId, actor_id: admin.id };
  expect(eventsFor(keyId).at(-1)).toMatchObject({ ...last, target_type: "access_key", actor_username: admin.username });
  return result;
}

/** A refused action changes nothing: same row, no event. */
async function unchangedAfter(keyId: number, code: ErrorCode, action: () => Promise<unknown>) {
  const [row, events] = [raw(keyId), eventCount()];
  await expectDomainError(action(), code);
  expect(raw(keyId)).toEqual(row);
  expect(eventCount()).toBe(events);
}

beforeAll(async () => {
  setSetting("maxKeysPerUser", 100);
  admin = await makeUser("admin");
  owner = await makeUser("user");
  ctx = { ...testContext, actorId: admin.id, actorUsername: admin.username };
});

describe("createKey", () => {
  it("returns the key and its secret once; stores only the hash and the hint", async () => {
    const events = eventCount();
    const { key, secret } = await newKey({ bearerEnabled: true });
    expect(eventsFor(key.id)).toEqual([
      expect.objectContaining({ event: "key.create", client_id: key.clientId, actor_username: admin.username }),
    ]);
    expect(eventCount()).toBe(events + 1);
    expect(isWellFormedSecret(secret)).toBe(true);
    expect(isWellFormedClientId(key.clientId)).toBe(true);
    expect(key).toMatchObject({ ownerId: owner.id, status: "active", effectiveStatus: "active", bearerEnabled: true });
    expect(key).toMatchObject({
      createdById: admin.id,
      createdByUsername: admin.username,
      secretHint: secret.slice(-4),
    });
    expect(key).not.toHaveProperty("secretHash");
    const row = raw(key.id) as Row;
    expect(row.secret_hash).toBe(hashSecret(secret));
    expect(row.secret_hint).toBe(secret.slice(-4));
    for (const value of Object.values(row)) {
      expect(String(value)).not.toContain(secret);
      expect(String(value)).not.toContain(secret.slice(4, 36));
    }
  });

  it("the secret is in neither the database file nor its WAL", async () => {
    const { key, secret } = await newKey();
    expect(dbBytes().includes(key.clientId)).toBe(true); // the write is there to be found
    expect(dbBytes().includes(secret.slice(4, 36))).toBe(false);
    getSqlite().pragma("wal_checkpoint(TRUNCATE)");
    expect(dbBytes().includes(hashSecret(secret))).toBe(true);
    expect(dbBytes().includes(secret.slice(4, 36))).toBe(false);
  });

  it("needs an existing, active owner", async () => {
    const missing = await expectDomainError(createKey(rootActor, keyInput(999_999), ctx), "invalid");
    expect(missing.fieldErrors?.ownerId).toBeDefined();
    const inactive = await makeUser("user");
    await setUserStatus(rootActor, inactive.id, "inactive", ctx);
    const events = eventCount();
    const error = await expectDomainError(createKey(rootActor, keyInput(inactive.id), ctx), "invalid");
    expect(error.fieldErrors?.ownerId).toBeDefined();
    expect(getSqlite().prepare("select id from access_keys where owner_id = ?").all(inactive.id)).toEqual([]);
    expect(eventCount()).toBe(events);
  });

  it("applies the expiry policy: 90 days by default, an earlier date, never a later one", async () => {
    const t0 = Date.now();
    const { key } = await newKey();
    expect(key.expiresAt?.getTime()).toBeGreaterThanOrEqual(t0 + 90 * DAY);
    expect(key.expiresAt?.getTime()).toBeLessThanOrEqual(Date.now() + 90 * DAY);
    const day = toDateInput(new Date(Date.now() + 30 * DAY));
    expect((await newKey({ expiresAt: day })).key.expiresAt).toEqual(new Date(`${day}T23:59:59.999Z`));
    const keys = keyCount();
    const late = await expectDomainError(
      createKey(rootActor, keyInput(owner.id, { expiresAt: toDateInput(new Date(t0 + 92 * DAY)) }), ctx),
      "invalid",
    );
    expect(late.fieldErrors?.expiresAt).toBeDefined();
    expect(keyCount()).toBe(keys);
  });

  it("creates keys that never expire when the policy says 'never'", async () => {
    setSetting("keyLifetimeDays", "never");
    try {
      expect((await newKey()).key.expiresAt).toBeNull();
    } finally {
      getSqlite().prepare("delete from settings where key = 'keyLifetimeDays'").run();
    }
  });
});

describe("status transitions", () => {
  it("deactivate → inactive, activate → active, revoke from active or inactive → revoked", async () => {
    const { key } = await newKey();
    const s = (action: "activate" | "deactivate" | "revoke", event: string) =>
      oneEvent(key.id, key.clientId, event, () => setKeyStatus(rootActor, key.id, action, ctx));
    expect((await s("deactivate", "key.deactivate")).status).toBe("inactive");
    expect((await s("activate", "key.activate")).status).toBe("active");
    expect((await s("revoke", "key.revoke")).status).toBe("revoked");
    expect((await getAccessKey(key.id))?.status).toBe("revoked");
    const other = (await newKey()).key;
    await setKeyStatus(rootActor, other.id, "deactivate", ctx);
    expect((await setKeyStatus(rootActor, other.id, "revoke", ctx)).status).toBe("revoked");
  });

  it("refuses invalid transitions with a conflict and changes nothing", async () => {
    const active = (await newKey()).key;
    const inactive = (await newKey()).key;
    const revoked = (await newKey()).key;
    await setKeyStatus(rootActor, inactive.id, "deactivate", ctx);
    await setKeyStatus(rootActor, revoked.id, "revoke", ctx);
    await unchangedAfter(revoked.id, "conflict", () => setKeyStatus(rootActor, revoked.id, "activate", ctx));
    await unchangedAfter(active.id, "conflict", () => setKeyStatus(rootActor, active.id, "activate", ctx));
    await unchangedAfter(inactive.id, "conflict", () => setKeyStatus(rootActor, inactive.id, "deactivate", ctx));
    await unchangedAfter(revoked.id, "conflict", () => setKeyStatus(rootActor, revoked.id, "deactivate", ctx));
    await unchangedAfter(revoked.id, "conflict", () => setKeyStatus(rootActor, revoked.id, "revoke", ctx));
    await expectDomainError(setKeyStatus(rootActor, 999_999, "revoke", ctx), "not_found");
  });

  it("deactivate and revoke delete the key's issued tokens, and only its own", async () => {
    const [a, b, bystander] = [(await newKey()).key, (await newKey()).key, (await newKey()).key];
    for (const k of [a, b, bystander]) addToken(k.id);
    await setKeyStatus(rootActor, a.id, "deactivate", ctx);
    await setKeyStatus(rootActor, b.id, "revoke", ctx);
    expect(tokensOf(a.id)).toEqual([]);
    expect(tokensOf(b.id)).toEqual([]);
    expect(tokensOf(bystander.id)).toHaveLength(1);
  });
});

describe("regenerateKey", () => {
  it("issues a new secret for the same client ID, reactivates, renews the expiry, drops tokens", async () => {
    for (const from of ["active", "inactive", "revoked", "expired"] as const) {
      const { key, secret } = await newKey();
      addToken(key.id);
      if (from === "inactive" || from === "revoked")
        await setKeyStatus(rootActor, key.id, from === "inactive" ? "deactivate" : "revoke", ctx);
      const expiry = from === "expired" ? new Date(Date.now() - DAY) : new Date(Date.now() + 5 * DAY);
      getDb().update(accessKeys).set({ expiresAt: expiry }).where(eq(accessKeys.id, key.id)).run();
      const t0 = Date.now();
      const again = await oneEvent(key.id, key.clientId, "key.regenerate", () => regenerateKey(rootActor, key.id, ctx));
      issuedSecrets.push(again.secret);
      expect(isWellFormedSecret(again.secret)).toBe(true);
      expect(again.secret).not.toBe(secret);
      expect(again.key).toMatchObject({ id: key.id, clientId: key.clientId, effectiveStatus: "active" });
      expect(raw(key.id)).toMatchObject({ secret_hash: hashSecret(again.secret), secret_hint: again.secret.slice(-4) });
      expect(raw(key.id)?.secret_hash).not.toBe(hashSecret(secret));
      expect(again.key.expiresAt?.getTime()).toBeGreaterThanOrEqual(t0 + 90 * DAY);
      expect(tokensOf(key.id)).toEqual([]);
    }
  });
});

describe("deleteKey", () => {
  it("removes the key and its tokens; its audit history remains", async () => {
    const { key } = await newKey();
    addToken(key.id);
    await oneEvent(key.id, key.clientId, "key.delete", () => deleteKey(rootActor, key.id, ctx));
    expect(raw(key.id)).toBeUndefined();
    expect(await getAccessKey(key.id)).toBeUndefined();
    expect(tokensOf(key.id)).toEqual([]);
    expect(eventsFor(key.id).map((e) => e.event)).toEqual(["key.create", "key.delete"]);
    await expectDomainError(deleteKey(rootActor, key.id, ctx), "not_found");
  });
});

describe("updateKey", () => {
  const changedIn = (keyId: number) => JSON.parse(String(eventsFor(keyId).at(-1)?.details)).changed;

  it("changes name, description, bearer and expiry, auditing the changed fields", async () => {
    const { key } = await newKey();
    const same = { id: key.id, name: key.name, description: "", expiresAt: toDateInput(key.expiresAt) };
    const renamed = await oneEvent(key.id, key.clientId, "key.update", () =>
      updateKey(rootActor, { ...same, name: "Renamed key", bearerEnabled: true }, ctx),
    );
    expect(renamed).toMatchObject({ name: "Renamed key", bearerEnabled: true, expiresAt: key.expiresAt });
    expect(changedIn(key.id)).toEqual(["name", "bearerEnabled"]);
    const day = toDateInput(new Date(Date.now() + 10 * DAY));
    const edits = { name: "Renamed key", bearerEnabled: true, description: "CI", expiresAt: day };
    const edited = await updateKey(rootActor, { ...same, ...edits }, ctx);
    expect(edited).toMatchObject({ description: "CI", expiresAt: new Date(`${day}T23:59:59.999Z`) });
    expect(changedIn(key.id)).toEqual(["description", "expiresAt"]);
  });

  it("refuses an expiry beyond the policy and changes nothing", async () => {
    const { key } = await newKey();
    const late = toDateInput(new Date(Date.now() + 92 * DAY));
    await unchangedAfter(key.id, "invalid", () =>
      updateKey(rootActor, { id: key.id, name: "Other", description: "", expiresAt: late, bearerEnabled: true }, ctx),
    );
    const gone = { id: 999_999, name: "Gone", description: "", expiresAt: undefined, bearerEnabled: false };
    await expectDomainError(updateKey(rootActor, gone, ctx), "not_found");
  });
});

describe("bulkUpdateKeys", () => {
  async function trio() {
    const [a, b, c] = [(await newKey()).key, (await newKey()).key, (await newKey()).key];
    await setKeyStatus(rootActor, b.id, "deactivate", ctx);
    await setKeyStatus(rootActor, c.id, "revoke", ctx);
    return [a, b, c].map((k) => k.id) as [number, number, number];
  }
  const statuses = (ids: number[]) => ids.map((id) => raw(id)?.status ?? "gone");

  it("applies to eligible keys, skips the others and counts both", async () => {
    const ids = await trio();
    const before = eventCount();
    const deactivated = await bulkUpdateKeys(rootActor, [...ids, 999_999], "deactivate", ctx);
    expect(deactivated.done).toBe(1);
    // Each skipped key named, with the reason.
    expect(deactivated.skipped.map(({ id, reason }) => [id, reason])).toEqual([
      [ids[1], "already inactive"],
      [ids[2], "revoked"],
      [999_999, "no longer exists"],
    ]);
    expect(deactivated.skipped[0]).toMatchObject({ name: raw(ids[1])?.name, clientId: raw(ids[1])?.client_id });
    expect(statuses(ids)).toEqual(["inactive", "inactive", "revoked"]);
    expect(eventCount()).toBe(before + 1);
    const more = await trio();
    const revoked = await bulkUpdateKeys(rootActor, more, "revoke", ctx);
    expect([revoked.done, revoked.skipped.map((k) => [k.id, k.reason])]).toEqual([2, [[more[2], "already revoked"]]]);
    expect(statuses(more)).toEqual(["revoked", "revoked", "revoked"]);
    const last = await trio();
    for (const id of last) addToken(id);
    const deleted = await bulkUpdateKeys(rootActor, [...last, 999_999], "delete", ctx);
    expect([deleted.done, deleted.skipped.map((k) => k.reason)]).toEqual([3, ["no longer exists"]]);
    expect(statuses(last)).toEqual(["gone", "gone", "gone"]);
    for (const id of last) expect(eventsFor(id).at(-1)?.event).toBe("key.delete");
    for (const id of last) expect(tokensOf(id)).toEqual([]);
  });

  it("runs in one transaction: a failure on the last key undoes the earlier ones", async () => {
    const [a, b] = [(await newKey()).key.id, (await newKey()).key.id];
    const c = (await newKey()).key.id;
    getDb().run(
      sql.raw(`create trigger fail_bulk before insert on audit_events when new.target_id = ${c} and new.event = 'key.revoke'
      begin select raise(abort, 'audit write failed'); end`),
    );
    try {
      const events = eventCount();
      await expect(bulkUpdateKeys(rootActor, [a, b, c], "revoke", ctx)).rejects.toThrow(/audit write failed/);
      expect(statuses([a, b, c])).toEqual(["active", "active", "active"]);
      expect(eventCount()).toBe(events);
    } finally {
      getDb().run(sql.raw("drop trigger fail_bulk"));
    }
  });
});

describe("deleting the owner", () => {
  it("deletes the owner's keys and their tokens; the key events remain", async () => {
    const doomed = await makeUser("user");
    const keys = [(await newKey({}, doomed.id)).key, (await newKey({}, doomed.id)).key];
    for (const k of keys) addToken(k.id);
    expect((await deleteUser(rootActor, doomed.id, ctx)).keysDeleted).toBe(2);
    for (const k of keys) {
      expect(raw(k.id)).toBeUndefined();
      expect(tokensOf(k.id)).toEqual([]);
      expect(eventsFor(k.id).map((e) => e.event)).toEqual(["key.create"]);
    }
  });
});

describe("the secret is kept nowhere", () => {
  it("no issued secret is in any audit event, the database file or its WAL", () => {
    expect(issuedSecrets.length).toBeGreaterThan(20);
    const events = JSON.stringify(getDb().all(sql`select * from audit_events`));
    const bytes = dbBytes();
    for (const secret of issuedSecrets) {
      expect(events).not.toContain(secret.slice(4, 36));
      expect(bytes.includes(secret.slice(4, 36))).toBe(false);
    }
  });
});

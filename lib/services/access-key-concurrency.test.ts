// The per-user key limit under real contention (issue 7): 8 processes × 100 attempts at creating
// keys for one owner and at bringing back its revoked keys (regenerate), each process also writing
// to a key of its own between attempts so that the write lock is always wanted. The limit must hold
// exactly, every refusal must be the limit's own message, and no SQLITE_BUSY may escape
// busy_timeout.
import { expect, it } from "vitest";
import { createKey, setKeyStatus } from "@/lib/services/access-keys";
import { makeUser, testContext } from "@/test/db/fixtures";
import { rootActor } from "@/test/support/actors";
import { lastReport, runReleasedTogether } from "@/test/support/processes";
import { getSqlite } from "../../db/client";

const CHILDREN = 8;
const ATTEMPTS = 100;
const LIMIT = 3;
const REVOKED = 4;

const setLimit = (n: number) =>
  getSqlite()
    .prepare(
      "insert into settings (key, value, updated_at) values ('maxKeysPerUser', ?, ?) on conflict(key) do update set value = excluded.value",
    )
    .run(JSON.stringify(n), Date.now());
const newKey = (ownerId: number, name: string) =>
  createKey(rootActor, { ownerId, name, description: "", expiresAt: undefined, bearerEnabled: false }, testContext);
const count = (sql: string, ...args: unknown[]) =>
  (getSqlite()
    .prepare(sql)
    .pluck()
    .get(...args) as number) ?? 0;

type Tally = { created: number; regenerated: number; limited: number; toggled: number; slowestMs: number };

it(`holds the per-user limit under ${CHILDREN} processes × ${ATTEMPTS} attempts, with no SQLITE_BUSY`, {
  timeout: 120_000,
}, async () => {
  // The owner: REVOKED revoked keys (which regenerate would bring back) and none that count.
  setLimit(100);
  const owner = await makeUser("user");
  const revokedIds: number[] = [];
  for (let i = 0; i < REVOKED; i++) {
    const { key } = await newKey(owner.id, `Old ${i}`);
    await setKeyStatus(rootActor, key.id, "revoke", testContext);
    revokedIds.push(key.id);
  }
  // One key per child to flip between inactive and active.
  const bystander = await makeUser("user");
  const toggleIds: number[] = [];
  for (let i = 0; i < CHILDREN; i++) toggleIds.push((await newKey(bystander.id, `Toggle ${i}`)).key.id);
  setLimit(LIMIT);
  const eventsBefore = count("select count(*) from audit_events");

  const { runs, seconds } = await runReleasedTogether(
    "test/children/contend.ts",
    toggleIds.map((toggleKeyId) => ({
      OWNER_ID: String(owner.id),
      ATTEMPTS: String(ATTEMPTS),
      REVOKED_IDS: revokedIds.join(","),
      TOGGLE_KEY_ID: String(toggleKeyId),
    })),
  );

  const tallies = runs.map((run, i) => {
    expect(run.code, `child ${i} failed: ${run.stderr}`).toBe(0);
    const tally = lastReport<Tally>(run);
    expect(tally.created + tally.regenerated + tally.limited).toBe(ATTEMPTS);
    expect(tally.toggled).toBe(ATTEMPTS);
    return tally;
  });
  const sum = (field: keyof Tally) => tallies.reduce((total, t) => total + t[field], 0);

  // Exactly LIMIT keys count: the limit was reached and never exceeded.
  const now = Date.now();
  const counting = count(
    "select count(*) from access_keys where owner_id = ? and status in ('active','inactive') and (expires_at is null or expires_at > ?)",
    owner.id,
    now,
  );
  expect(counting).toBe(LIMIT);
  // New keys were only created while there was room; every key the owner has is accounted for.
  expect(sum("created")).toBeLessThanOrEqual(LIMIT);
  expect(count("select count(*) from access_keys where owner_id = ?", owner.id)).toBe(REVOKED + sum("created"));
  // Every acknowledged write has its audit event; refusals wrote nothing.
  expect(count("select count(*) from audit_events") - eventsBefore).toBe(
    sum("created") + sum("regenerated") + sum("toggled"),
  );
  expect(count("select count(*) from access_keys where owner_id = ? and status = 'inactive'", bystander.id)).toBe(0);
  expect(getSqlite().pragma("integrity_check", { simple: true })).toBe("ok");

  console.info(
    `limit: ${CHILDREN}×${ATTEMPTS} attempts + ${sum("toggled")} writes in ${seconds.toFixed(1)} s: ` +
      `${sum("created")} created, ${sum("regenerated")} regenerated, ${sum("limited")} refused; ` +
      `slowest operation ${Math.max(...tallies.map((t) => t.slowestMs)).toFixed(0)} ms (busy_timeout 5000)`,
  );
});

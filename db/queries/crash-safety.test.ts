// Crash safety (issue 7): the API server is killed with SIGKILL in the middle of a stream of key
// creations and revocations, several times over. After each crash the database must pass
// PRAGMA integrity_check, hold every write whose 2xx answer reached the client (key, status and
// its audit event, all from one transaction), and hold no half-written change; restarted on the
// same file, the server serves again. The server is the API handler in its own process (the
// product's database code; Next is not needed for the API).
import { statSync } from "node:fs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type ChildServer, killChildServers, startChildServer } from "@/test/api/child-server";
import { bearer, call, makeKey, type TestKey } from "@/test/api/helpers";
import { makeUser } from "@/test/db/fixtures";
import { closeDb, databasePath, getSqlite } from "../client";

const ROUNDS = 3;
const CLIENTS = 4;
const OWNERS = 12;

type Created = { id: number; clientId: string; ownerId: number };

let admin: TestKey;
let owners: number[] = [];
const created = new Map<number, Created>();
const revoked = new Set<number>();

beforeAll(async () => {
  getSqlite().prepare("insert into settings (key, value, updated_at) values ('maxKeysPerUser', '100', 0)").run();
  const user = await makeUser("admin");
  admin = await makeKey(user, { bearerEnabled: true });
  owners = (await Promise.all(Array.from({ length: OWNERS }, () => makeUser("user")))).map((u) => u.id);
  closeDb(); // from here on the server process is the only writer
});

afterAll(() => {
  killChildServers();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pick = <T>(list: readonly T[]) => list[Math.floor(Math.random() * list.length)] as T;

/** Writes through the API until the server dies; only answers that arrived count as acknowledged. */
async function stream(server: ChildServer, round: number, client: number, state: { dead: boolean; acked: number }) {
  const send = (path: string, body?: unknown) =>
    call(server.url, path, { method: "POST", auth: bearer(admin.secret), body });
  const mine: number[] = [];
  for (let i = 0; !state.dead; i++) {
    try {
      const ownerId = pick(owners);
      const res = await send("/api/v1/access-keys", { name: `Crash ${round} ${client} ${i}`, ownerId });
      expect(res.status).toBe(201);
      const { accessKey } = (await res.json()) as { accessKey: { id: number; clientId: string } };
      created.set(accessKey.id, { id: accessKey.id, clientId: accessKey.clientId, ownerId });
      mine.push(accessKey.id);
      state.acked += 1;
      if (i % 2 === 1) {
        const id = mine.splice(Math.floor(Math.random() * mine.length), 1)[0] as number;
        const answer = await send(`/api/v1/access-keys/${id}/revoke`);
        expect(answer.status).toBe(200);
        await answer.arrayBuffer();
        revoked.add(id);
        state.acked += 1;
      }
    } catch (error) {
      // The server was killed under this request: its outcome is unknown, and that is allowed.
      if (state.dead) return;
      throw error;
    }
  }
}

type KeyRow = { id: number; client_id: string; owner_id: number; status: string };

function checkDatabase() {
  const sqlite = getSqlite();
  expect(sqlite.pragma("integrity_check", { simple: true })).toBe("ok");
  expect(sqlite.pragma("foreign_key_check")).toEqual([]);
  const rows = new Map(
    (sqlite.prepare("select id, client_id, owner_id, status from access_keys").all() as KeyRow[]).map((r) => [r.id, r]),
  );
  const events = (event: string) =>
    new Set(
      sqlite
        .prepare("select target_id from audit_events where event = ? and target_type = 'access_key'")
        .pluck()
        .all(event) as number[],
    );
  const createEvents = events("key.create");
  const revokeEvents = events("key.revoke");

  // Every acknowledged write is there, with its audit event.
  const missing: string[] = [];
  for (const key of created.values()) {
    const row = rows.get(key.id);
    if (!row || row.client_id !== key.clientId || row.owner_id !== key.ownerId) missing.push(`key ${key.id}`);
    if (!createEvents.has(key.id)) missing.push(`key.create event of ${key.id}`);
  }
  for (const id of revoked) {
    if (rows.get(id)?.status !== "revoked") missing.push(`revocation of ${id}`);
    if (!revokeEvents.has(id)) missing.push(`key.revoke event of ${id}`);
  }
  expect(missing).toEqual([]);
  // Nothing half-written: no key without its creation event, no revoked key without its revocation event.
  for (const row of rows.values()) {
    expect(createEvents.has(row.id), `key ${row.id} has its key.create event`).toBe(true);
    if (row.status === "revoked") expect(revokeEvents.has(row.id), `key ${row.id} has its key.revoke event`).toBe(true);
  }
  // Creations that committed but whose answer never arrived (in flight at a kill).
  return [...rows.keys()].filter((id) => id !== admin.id && !created.has(id)).length;
}

it(`keeps every acknowledged write through ${ROUNDS} kill -9s in the middle of a write stream`, {
  timeout: 120_000,
}, async () => {
  const report: string[] = [];
  let unacknowledgedBefore = 0;
  for (let round = 1; round <= ROUNDS; round++) {
    const server = await startChildServer();
    const state = { dead: false, acked: 0 };
    const clients = Array.from({ length: CLIENTS }, (_, client) => stream(server, round, client, state));
    // Kill at a random moment once the stream is well under way.
    while (state.acked < 40) await sleep(5);
    await sleep(Math.random() * 200);
    state.dead = true;
    await server.kill();
    expect(server.child.signalCode).toBe("SIGKILL");
    await Promise.all(clients);
    // The kill left a write-ahead log behind: opening the database has to recover from it.
    const wal = statSync(`${databasePath()}-wal`).size;
    expect(wal).toBeGreaterThan(0);

    const unacknowledged = checkDatabase();
    closeDb();
    report.push(
      `round ${round}: ${state.acked} acknowledged, ${unacknowledged - unacknowledgedBefore} committed unacknowledged, WAL ${Math.round(wal / 1024)} KiB`,
    );
    unacknowledgedBefore = unacknowledged;
  }

  // Restarted on the same file, the server serves: reads and writes.
  const server = await startChildServer();
  try {
    const me = await call(server.url, "/api/v1/me", { auth: bearer(admin.secret) });
    expect(me.status).toBe(200);
    const res = await call(server.url, "/api/v1/access-keys", {
      auth: bearer(admin.secret),
      body: { name: "After the crashes", ownerId: pick(owners) },
    });
    expect(res.status).toBe(201);
    expect(server.output().stderr).toBe("");
  } finally {
    await server.stop();
  }
  checkDatabase();
  console.info(
    `crash safety: ${created.size} keys created and ${revoked.size} revoked with a 2xx; ${report.join("; ")}; integrity ok`,
  );
});

import { randomBytes } from "node:crypto";
import type Database from "better-sqlite3";
import { generateAccessToken, generateClientId, hashSecret, issueSecret } from "../../lib/keys";

/**
 * Seeds users and access keys straight through prepared statements, in one transaction per table.
 * The distribution is random but deterministic (seeded PRNG), so runs compare with each other:
 * key status ~80% active / 10% inactive / 10% revoked; ~30% expiring in the past, ~20% never;
 * 0–30 keys per owner; ~5% inactive owners; keys created by ~50 administrators.
 */
export type SeedOptions = { users: number; keys: number; now?: number; seed?: number };
export type SeedInfo = {
  users: number;
  keys: number;
  admins: { id: number; username: string }[];
  /** A sample client ID from the middle of the table. */
  sampleClientId: string;
  /** The id of an owner with the most keys. */
  busiestOwnerId: number;
};

const DAY = 86_400_000;
const words = (text: string) => text.trim().split(/\s+/);
const FIRST = words(`
  james mary robert patricia john jennifer michael linda david elizabeth william barbara richard susan joseph
  jessica thomas sarah charles karen christopher lisa daniel nancy matthew betty anthony sandra mark margaret
  donald ashley steven kimberly paul emily andrew donna joshua michelle kenneth carol kevin amanda brian melissa
  george deborah timothy stephanie ronald rebecca jason sharon edward laura jeffrey cynthia ryan amy`);
const LAST = words(`
  smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez gonzalez wilson
  anderson thomas taylor moore jackson martin lee perez thompson white harris sanchez clark ramirez lewis robinson
  walker young allen king wright scott torres nguyen hill flores green adams nelson baker hall rivera campbell
  mitchell carter roberts gomez phillips evans turner diaz parker cruz edwards collins reyes stewart morris morales
  murphy cook rogers gutierrez ortiz morgan cooper peterson bailey reed kelly howard ramos kim cox ward richardson`);
const SYSTEMS = words(`
  Billing Reporting CRM Warehouse Payments Search Analytics Mobile Partner Backup Monitoring CI Deploy Ledger
  Inventory Shipping Support Marketing HR Identity`);
const PURPOSES = words("export import sync webhook integration reader writer ingest bot dashboard scheduler gateway");
const ENVS = ["prod", "staging", "dev", "test", "qa"];

/** mulberry32: small, fast, good enough for test data. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] as T;
  return { next, int, pick };
}

type SeedUser = { id: number; username: string; keys: number };

function seedUsers(sqlite: Database.Database, count: number, now: number, rnd: ReturnType<typeof prng>) {
  const insert = sqlite.prepare(
    `insert into users (id, username, full_name, email, role, status, password_hash, created_at, updated_at, last_sign_in_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const list: SeedUser[] = [];
  const admins: { id: number; username: string }[] = [];
  sqlite.transaction(() => {
    for (let id = 1; id <= count; id++) {
      const first = rnd.pick(FIRST);
      const last = rnd.pick(LAST);
      // A few mixed-case usernames, so case-insensitive sorting has something to do.
      const base = rnd.next() < 0.1 ? `${first[0]?.toUpperCase()}${first.slice(1)}.${last}` : `${first}.${last}`;
      const username = `${base}${id}`;
      const role = id % 200 === 1 ? "admin" : id % 500 === 7 ? "auditor" : "user";
      const status = rnd.next() < 0.05 ? "inactive" : "active";
      const created = now - rnd.int(0, 900) * DAY - rnd.int(0, DAY);
      const signIn = rnd.next() < 0.3 ? null : rnd.int(created, now);
      const fullName = `${first[0]?.toUpperCase()}${first.slice(1)} ${last[0]?.toUpperCase()}${last.slice(1)}`;
      insert.run(
        id,
        username,
        fullName,
        `${username}@example.com`,
        role,
        status,
        "$2b$10$bench",
        created,
        created,
        signIn,
      );
      list.push({ id, username, keys: 0 });
      if (role === "admin") admins.push({ id, username });
    }
  })();
  return { list, admins };
}

/** 0–30 keys per owner (15% own none, most own few), adjusted to add up to exactly `total`. */
function spreadKeys(owners: SeedUser[], total: number, rnd: ReturnType<typeof prng>) {
  let sum = 0;
  for (const owner of owners) {
    owner.keys = rnd.next() < 0.15 ? 0 : 1 + Math.floor(29 * rnd.next() ** 2);
    sum += owner.keys;
  }
  const capacity = owners.length * 30;
  if (total > capacity) throw new Error(`${total} keys do not fit ${owners.length} owners × 30`);
  while (sum !== total) {
    const owner = rnd.pick(owners);
    const step = sum < total ? (owner.keys < 30 ? 1 : 0) : owner.keys > 0 ? -1 : 0;
    owner.keys += step;
    sum += step;
  }
}

function seedKeys(
  sqlite: Database.Database,
  owners: SeedUser[],
  admins: SeedInfo["admins"],
  now: number,
  rnd: ReturnType<typeof prng>,
): string {
  // Creation times first, sorted, so ids grow with created_at as they do in real life; the rest of
  // each row is made as it is inserted, which keeps the seeding's own memory small.
  const order: [created: number, ownerId: number][] = [];
  for (const owner of owners) {
    for (let k = 0; k < owner.keys; k++) order.push([now - rnd.int(1, 730) * DAY + rnd.int(0, DAY), owner.id]);
  }
  order.sort((a, b) => a[0] - b[0]);
  const insert = sqlite.prepare(
    `insert into access_keys (client_id, name, description, owner_id, created_by_id, created_by_username, created_at,
       updated_at, expires_at, status, secret_hash, secret_hint, bearer_enabled, last_used_at, last_used_ip)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  let sampleClientId = "";
  sqlite.transaction(() => {
    for (const [i, [created, ownerId]] of order.entries()) {
      const creator = rnd.pick(admins);
      const r = rnd.next();
      const statusRoll = rnd.next();
      const status = statusRoll < 0.8 ? "active" : statusRoll < 0.9 ? "inactive" : "revoked";
      const expires =
        r < 0.2 ? null : r < 0.5 ? rnd.int(Math.max(created, now - 365 * DAY), now - 1) : now + rnd.int(1, 365 * DAY);
      const used = rnd.next() < 0.35 ? null : rnd.int(created, now);
      const secretHash = randomBytes(32).toString("hex");
      const clientId = generateClientId();
      if (i === Math.floor(order.length / 2)) sampleClientId = clientId;
      insert.run(
        clientId,
        `${rnd.pick(SYSTEMS)} ${rnd.pick(PURPOSES)}${rnd.next() < 0.7 ? ` (${rnd.pick(ENVS)})` : ""}`,
        rnd.next() < 0.5 ? "" : `Used by the ${rnd.pick(SYSTEMS)} team`,
        ownerId,
        creator.id,
        creator.username,
        created,
        rnd.int(created, now),
        expires,
        status,
        secretHash,
        secretHash.slice(-4),
        rnd.next() < 0.3 ? 1 : 0,
        used,
        used === null ? null : `10.${rnd.int(0, 255)}.${rnd.int(0, 255)}.${rnd.int(1, 254)}`,
      );
    }
  })();
  return sampleClientId;
}

export function seedGrid(sqlite: Database.Database, options: SeedOptions): SeedInfo {
  const now = options.now ?? Date.now();
  const rnd = prng(options.seed ?? 42);
  const { list, admins } = seedUsers(sqlite, options.users, now, rnd);
  spreadKeys(list, options.keys, rnd);
  const sampleClientId = seedKeys(sqlite, list, admins, now, rnd);
  const busiest = list.reduce((a, b) => (b.keys > a.keys ? b : a));
  return {
    users: list.length,
    keys: options.keys,
    admins,
    sampleClientId,
    busiestOwnerId: busiest.id,
  };
}

/**
 * `count` active bearer keys with known secrets for one owner, and `count` live access tokens of
 * the owner's first key: for load that presents a different credential on every request, so the
 * server cannot answer it from what it verified a moment ago.
 */
export function seedCredentials(
  sqlite: Database.Database,
  ownerId: number,
  count: number,
): { secrets: string[]; tokens: string[] } {
  const now = Date.now();
  const insertKey = sqlite.prepare(
    `insert into access_keys (client_id, name, owner_id, created_by_username, created_at, updated_at, status,
       secret_hash, secret_hint, bearer_enabled)
     values (?, ?, ?, 'bench', ?, ?, 'active', ?, ?, 1)`,
  );
  const insertToken = sqlite.prepare(
    "insert into issued_tokens (token_hash, key_id, created_at, expires_at) values (?, ?, ?, ?)",
  );
  const secrets: string[] = [];
  const tokens: string[] = [];
  sqlite.transaction(() => {
    let firstKeyId = 0;
    for (let i = 0; i < count; i++) {
      const { secret, secretHash, secretHint } = issueSecret();
      const { lastInsertRowid } = insertKey.run(
        generateClientId(),
        `bench ${i}`,
        ownerId,
        now,
        now,
        secretHash,
        secretHint,
      );
      firstKeyId ||= Number(lastInsertRowid);
      secrets.push(secret);
    }
    for (let i = 0; i < count; i++) {
      const token = generateAccessToken();
      insertToken.run(hashSecret(token), firstKeyId, now, now + DAY);
      tokens.push(token);
    }
  })();
  return { secrets, tokens };
}

import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { type AccessKey, KEY_SORTS, type KeyFilters, type KeySort } from "@/lib/model/access-keys";
import type { KeyStatus } from "@/lib/model/key-state";
import { createKey } from "@/lib/services/access-keys";
import { createUser, setUserStatus } from "@/lib/services/users";
import { testContext } from "@/test/db/fixtures";
import { rootActor } from "@/test/support/actors";
import { getDb } from "../client";
import { accessKeys, settings } from "../schema";
import { getAccessKey, listAccessKeys } from "./access-keys";

const HOUR = 3600e3;
const DAY = 24 * HOUR;
const NOW = new Date();
const END_OF_DAY_20 = new Date(`${new Date(NOW.getTime() + 20 * DAY).toISOString().slice(0, 10)}T23:59:59.999Z`);
const in_ = (ms: number) => new Date(NOW.getTime() + ms);

// biome-ignore format: one key per line reads as a table
const SEEDS = [
  { label: "k1", name: "Alpha Build", owner: "ann", creator: "root-admin", status: "active", expiresAt: in_(10 * DAY), lastUsed: 1, created: 9, effective: "active" },
  { label: "k2", name: "Beta Deploy", owner: "ann", creator: "helpdesk", status: "inactive", expiresAt: in_(20 * DAY), lastUsed: null, created: 3, effective: "inactive" },
  { label: "k3", name: "Gamma Sync", owner: "ann", creator: "root-admin", status: "revoked", expiresAt: in_(30 * DAY), lastUsed: 2, created: 7, effective: "revoked" },
  { label: "k4", name: "Delta Report", owner: "ben", creator: "helpdesk", status: "active", expiresAt: in_(-DAY), lastUsed: 72, created: 1, effective: "expired" },
  { label: "k5", name: "Epsilon 100%", owner: "ben", creator: "root-admin", status: "revoked", expiresAt: in_(-2 * DAY), lastUsed: null, created: 5, effective: "revoked" },
  { label: "k6", name: "Zeta_never", owner: "cat", creator: "helpdesk", status: "active", expiresAt: null, lastUsed: 5, created: 2, effective: "active" },
  { label: "k7", name: "Eta Old", owner: "cat", creator: "root-admin", status: "inactive", expiresAt: in_(-3 * DAY), lastUsed: null, created: 8, effective: "expired" },
  { label: "k8", name: "Theta", owner: "cat", creator: "root-admin", status: "active", expiresAt: END_OF_DAY_20, lastUsed: 0.5, created: 4, effective: "active" },
  { label: "k9", name: "Iota", owner: "cat", creator: "root-admin", status: "active", expiresAt: new Date(END_OF_DAY_20.getTime() + 1), lastUsed: null, created: 6, effective: "active" },
  { label: "k10", name: "Kappa Edge", owner: "cat", creator: "root-admin", status: "active", expiresAt: NOW, lastUsed: 10, created: 10, effective: "expired" },
] as const;
type Label = (typeof SEEDS)[number]["label"];
const ids = {} as Record<Label, number>;
const labelOf = (id: number) => (Object.keys(ids) as Label[]).find((l) => ids[l] === id);
const owners = {} as Record<"ann" | "ben" | "cat", number>;

const list = (
  filters: KeyFilters = {},
  sort: KeySort = "createdAt",
  dir: "asc" | "desc" = "asc",
  page = 1,
  pageSize = 100,
) => listAccessKeys({ page, pageSize, sort, dir, filters }, NOW);
const labels = async (filters: KeyFilters) => (await list(filters)).rows.map((r) => labelOf(r.id)).sort();

beforeAll(async () => {
  getDb()
    .insert(settings)
    .values({ key: "maxKeysPerUser", value: "100", updatedAt: new Date() })
    .onConflictDoUpdate({ target: settings.key, set: { value: "100" } })
    .run();
  const person = (username: string, fullName: string, email: string) =>
    createUser(rootActor, { username, fullName, email, role: "user", password: "a long password!" }, testContext);
  owners.ann = (await person("ann.q", "Annabel Quartz", "Ann@Example.test")).id;
  owners.ben = (await person("Ben_U", "Benedict Umber", "ben@example.test")).id;
  owners.cat = (await person("cat", "Catherine Annwyn", "cat@example.test")).id;
  for (const seed of SEEDS) {
    const { key } = await createKey(
      rootActor,
      { ownerId: owners[seed.owner], name: seed.name, description: "", expiresAt: undefined, bearerEnabled: false },
      { ...testContext, actorUsername: seed.creator },
    );
    ids[seed.label] = key.id;
    getDb()
      .update(accessKeys)
      .set({
        status: seed.status,
        expiresAt: seed.expiresAt,
        lastUsedAt: seed.lastUsed === null ? null : in_(-seed.lastUsed * HOUR),
        createdAt: in_(-seed.created * HOUR),
      })
      .where(eq(accessKeys.id, key.id))
      .run();
  }
  await setUserStatus(rootActor, owners.ben, "inactive", testContext);
});

describe("listAccessKeys filters", () => {
  it("without filters lists every key", async () => {
    const result = await list();
    expect(result.total).toBe(SEEDS.length);
    expect(result.rows).toHaveLength(SEEDS.length);
  });

  it("name contains, case-insensitively, with LIKE wildcards taken literally", async () => {
    expect(await labels({ name: "alpha" })).toEqual(["k1"]);
    expect(await labels({ name: "DELTA rep" })).toEqual(["k4"]);
    expect(await labels({ name: "%" })).toEqual(["k5"]);
    expect(await labels({ name: "_" })).toEqual(["k6"]);
    expect(await labels({ name: "no such key" })).toEqual([]);
  });

  it("client ID contains", async () => {
    const key = await getAccessKey(ids.k3);
    expect(await labels({ clientId: key?.clientId.slice(6, 16) })).toEqual(["k3"]);
    expect(await labels({ clientId: key?.clientId })).toEqual(["k3"]);
    expect((await labels({ clientId: "kwc_" })).length).toBe(SEEDS.length);
  });

  it("status: active and inactive exclude expired keys; expired excludes revoked ones", async () => {
    expect(await labels({ status: "active" })).toEqual(["k1", "k6", "k8", "k9"]);
    expect(await labels({ status: "inactive" })).toEqual(["k2"]);
    expect(await labels({ status: "revoked" })).toEqual(["k3", "k5"]);
    expect(await labels({ status: "expired" })).toEqual(["k10", "k4", "k7"]);
  });

  it("owner matches username or full name, case-insensitively", async () => {
    expect(await labels({ owner: "ANN" })).toEqual(["k1", "k10", "k2", "k3", "k6", "k7", "k8", "k9"]);
    expect(await labels({ owner: "quartz" })).toEqual(["k1", "k2", "k3"]);
    expect(await labels({ owner: "umber" })).toEqual(["k4", "k5"]);
    expect(await labels({ owner: "ben_u" })).toEqual(["k4", "k5"]);
    expect(await labels({ owner: "n_q" })).toEqual([]);
  });

  it("created by", async () => {
    expect(await labels({ createdBy: "helpdesk" })).toEqual(["k2", "k4", "k6"]);
    expect(await labels({ createdBy: "ROOT" })).toEqual(["k1", "k10", "k3", "k5", "k7", "k8", "k9"]);
  });

  it("expires by: on or before the end of that UTC day, never-expiring keys excluded", async () => {
    const day = END_OF_DAY_20.toISOString().slice(0, 10);
    expect(await labels({ expiresBy: day })).toEqual(["k1", "k10", "k2", "k4", "k5", "k7", "k8"]);
  });

  it("never expires", async () => {
    expect(await labels({ neverExpires: true })).toEqual(["k6"]);
    expect((await list({ neverExpires: false })).total).toBe(SEEDS.length);
  });

  it("expires within N days: not revoked, expiring after now and at most N days from now", async () => {
    expect(await labels({ expiresWithin: 10 })).toEqual(["k1"]);
    expect(await labels({ expiresWithin: 20 })).toEqual(["k1", "k2"]);
    expect(await labels({ expiresWithin: 30 })).toEqual(["k1", "k2", "k8", "k9"]);
    expect(await labels({ expiresWithin: 30, status: "active" })).toEqual(["k1", "k8", "k9"]);
    expect(await labels({ expiresWithin: 1 })).toEqual([]);
  });

  it("owner ID", async () => {
    expect(await labels({ ownerId: owners.ben })).toEqual(["k4", "k5"]);
    expect(await labels({ ownerId: 999_999 })).toEqual([]);
  });

  it("filters combine", async () => {
    expect(await labels({ status: "active", owner: "quartz" })).toEqual(["k1"]);
    expect(await labels({ ownerId: owners.cat, status: "expired" })).toEqual(["k10", "k7"]);
    expect(await labels({ neverExpires: true, status: "expired" })).toEqual([]);
    expect(await labels({ createdBy: "helpdesk", status: "active" })).toEqual(["k6"]);
  });
});

type SortValue = string | number | null;
const sortValue: Record<Exclude<KeySort, "status">, (r: AccessKey) => SortValue> = {
  name: (r) => r.name.toLowerCase(),
  clientId: (r) => r.clientId,
  owner: (r) => r.ownerUsername.toLowerCase(),
  ownerStatus: (r) => r.ownerStatus,
  email: (r) => r.ownerEmail.toLowerCase(),
  createdBy: (r) => r.createdByUsername.toLowerCase(),
  createdAt: (r) => r.createdAt.getTime(),
  expiresAt: (r) => r.expiresAt?.getTime() ?? null,
  lastUsedAt: (r) => r.lastUsedAt?.getTime() ?? null,
};

function expectContiguous(values: unknown[]) {
  const seen = new Set<unknown>();
  values.forEach((v, i) => {
    if (i > 0 && values[i - 1] !== v)
      expect(seen.has(v), `${String(v)} appears in two runs: ${values.join(",")}`).toBe(false);
    seen.add(v);
  });
}

describe("listAccessKeys sorting", () => {
  it("every sort key is covered here", () => {
    expect([...KEY_SORTS].sort()).toEqual([...Object.keys(sortValue), "status"].sort());
  });

  for (const sort of KEY_SORTS.filter((s) => s !== "status") as Exclude<KeySort, "status">[]) {
    for (const dir of ["asc", "desc"] as const) {
      it(`by ${sort} ${dir}`, async () => {
        const rows = (await list({}, sort, dir)).rows;
        expect(rows).toHaveLength(SEEDS.length);
        const values = rows.map(sortValue[sort]);
        expectContiguous(values.map((v) => v === null));
        const present = rows.filter((r) => sortValue[sort](r) !== null);
        for (let i = 1; i < present.length; i++) {
          const [a, b] = [present[i - 1] as AccessKey, present[i] as AccessKey];
          const [va, vb] = [sortValue[sort](a) as string | number, sortValue[sort](b) as string | number];
          const ordered = dir === "asc" ? va < vb || (va === vb && a.id < b.id) : va > vb || (va === vb && a.id > b.id);
          expect(ordered, `${sort} ${dir}: ${String(va)}#${a.id} then ${String(vb)}#${b.id}`).toBe(true);
        }
      });
    }
  }

  // The Status column shows the effective status ("expired" included); sorting by it must group what it shows.
  for (const dir of ["asc", "desc"] as const) {
    it(`by status ${dir} groups the statuses the grid shows`, async () => {
      const rows = (await list({}, "status", dir)).rows;
      expect(rows).toHaveLength(SEEDS.length);
      expectContiguous(rows.map((r) => r.effectiveStatus));
    });
  }
});

describe("listAccessKeys pagination", () => {
  it("pages through every key exactly once, with the total on each page", async () => {
    const all = (await list({}, "name", "asc")).rows.map((r) => r.id);
    const paged: number[] = [];
    for (let page = 1; page <= 4; page++) {
      const result = await list({}, "name", "asc", page, 3);
      expect(result).toMatchObject({ total: SEEDS.length, page, pageSize: 3, pageCount: 4 });
      expect(result.rows).toHaveLength(page < 4 ? 3 : 1);
      paged.push(...result.rows.map((r) => r.id));
    }
    expect(paged).toEqual(all);
    const beyond = await list({}, "name", "asc", 5, 3);
    expect(beyond.rows).toEqual([]);
    expect(beyond.total).toBe(SEEDS.length);
  });

  it("the total counts the filtered keys, not the page", async () => {
    const result = await list({ status: "revoked" }, "name", "asc", 1, 1);
    expect(result.rows).toHaveLength(1);
    expect(result.total).toBe(2);
    expect(result.pageCount).toBe(2);
  });
});

describe("rows", () => {
  it("never carry the secret hash", async () => {
    const hashes = getDb().select({ h: accessKeys.secretHash }).from(accessKeys).all();
    const rows = [...(await list()).rows, ...(await Promise.all(SEEDS.map((s) => getAccessKey(ids[s.label]))))];
    for (const row of rows) {
      expect(row).not.toHaveProperty("secretHash");
      expect(row).not.toHaveProperty("secret_hash");
      for (const { h } of hashes) expect(JSON.stringify(row)).not.toContain(h);
    }
  });

  it("carry the effective status", async () => {
    const expected = Object.fromEntries(SEEDS.map((s) => [s.label, s.effective])) as Record<
      Label,
      KeyStatus | "expired"
    >;
    for (const row of (await list()).rows)
      expect(row.effectiveStatus, labelOf(row.id)).toBe(expected[labelOf(row.id) as Label]);
    expect((await getAccessKey(ids.k4))?.effectiveStatus).toBe("expired");
    expect((await getAccessKey(ids.k5))?.effectiveStatus).toBe("revoked");
    expect((await getAccessKey(ids.k1))?.effectiveStatus).toBe("active");
  });

  it("show a deactivated owner without changing the key's own status", async () => {
    for (const row of (await list()).rows) {
      expect(row.ownerStatus).toBe(row.ownerId === owners.ben ? "inactive" : "active");
    }
    expect(await getAccessKey(ids.k4)).toMatchObject({
      ownerStatus: "inactive",
      status: "active",
      ownerUsername: "Ben_U",
    });
  });

  it("getAccessKey returns undefined for an unknown id", async () => {
    expect(await getAccessKey(999_999)).toBeUndefined();
  });
});

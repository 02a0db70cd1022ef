// Access Keys grid: 100,000 keys and 10,000 users; every filter + sort + page through the
// product's own listAccessKeys (count + page) must stay ≤ 50 ms p95. Also times listUsers at that size.
// Options: --iterations=N (timed calls per case, default 30); --full (every sort × direction × page
// for every filter, not a representative set); --check (compare every case's page and total with a
// naive reference query first).
import { statSync } from "node:fs";
import { loadavg } from "node:os";
import type { UserFilters, UserSort } from "../db/queries/users";
import type { SortDirection } from "../lib/list-params";
import type { KeyFilters, KeySort } from "../lib/model/access-keys";
import { referencePage } from "./lib/grid-reference";
import { seedGrid } from "./lib/seed";
import { concat, mb, ms, ratio, type Samples, type Summary, sample, summarize } from "./lib/stats";
import { printTable } from "./lib/table";
import { openTempDatabase } from "./lib/temp-db";
import { type Benchmark, intArg, progress, progressDone } from "./lib/types";

const TARGET_P95_MS = 50;
const USERS = 10_000;
const KEYS = 100_000;
const PAGE_SIZE = 20; // the grid's default
const DEEP_PAGE = 50;
const DAY = 86_400_000;

type Case<Sort, Filters> = { label: string; filters: Filters; sort: Sort; dir: SortDirection; page: number };
type Params<Sort, Filters> = { page: number; pageSize: number; sort: Sort; dir: SortDirection; filters: Filters };
type Result = { label: string; sort: string; page: number; rows: number; wall: Summary; cpu: Summary };

const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");

function keyCases(info: ReturnType<typeof seedGrid>, sorts: readonly KeySort[], now: number, full: boolean) {
  const day = (offset: number) => new Date(now + offset * DAY).toISOString().slice(0, 10);
  const filters: [string, KeyFilters][] = [
    ["none", {}],
    ["name", { name: "billing" }],
    ["name (no match)", { name: "no such key" }],
    ["clientId", { clientId: info.sampleClientId.slice(6, 14) }],
    ["status active", { status: "active" }],
    ["status inactive", { status: "inactive" }],
    ["status revoked", { status: "revoked" }],
    ["status expired", { status: "expired" }],
    ["owner", { owner: "garcia" }],
    ["createdBy", { createdBy: info.admins[3]?.username ?? "admin" }],
    ["expiresBy +30d", { expiresBy: day(30) }],
    ["neverExpires", { neverExpires: true }],
    ["ownerId", { ownerId: info.busiestOwnerId }],
    ["name+active+expiresBy", { name: "billing", status: "active", expiresBy: day(90) }],
  ];
  const every = (label: string, f: KeyFilters) =>
    sorts.flatMap((sort) =>
      (["asc", "desc"] as const).flatMap((dir) =>
        [1, DEEP_PAGE].map((page) => ({ label, filters: f, sort, dir, page })),
      ),
    );
  // With a filter: every sort once (directions alternating), plus the default sort on a deep page.
  const some = (label: string, f: KeyFilters): Case<KeySort, KeyFilters>[] => [
    ...sorts.map((sort, i) => ({ label, filters: f, sort, dir: i % 2 ? "desc" : "asc", page: 1 }) as const),
    { label, filters: f, sort: "createdAt", dir: "desc", page: DEEP_PAGE },
  ];
  return filters.flatMap(([label, f]) => (full || label === "none" ? every(label, f) : some(label, f)));
}

function userCases(sorts: readonly UserSort[]): Case<UserSort, UserFilters>[] {
  const filters: [string, UserFilters][] = [
    ["none", {}],
    ["q", { q: "garcia" }],
    ["q (no match)", { q: "no such user" }],
    ["role admin", { role: "admin" }],
    ["status inactive", { status: "inactive" }],
    ["q+role+status", { q: "john", role: "user", status: "active" }],
  ];
  return filters.flatMap(([label, filters]): Case<UserSort, UserFilters>[] =>
    label === "none"
      ? sorts.flatMap((sort, i) => [
          { label, filters, sort, dir: i % 2 ? "desc" : "asc", page: 1 },
          { label, filters, sort, dir: i % 2 ? "asc" : "desc", page: DEEP_PAGE },
        ])
      : [
          { label, filters, sort: "username", dir: "asc", page: 1 },
          { label, filters, sort: "keys", dir: "desc", page: 1 },
          { label, filters, sort: "lastSignInAt", dir: "desc", page: 1 },
        ],
  );
}

async function timeCases<S extends string, F>(
  name: string,
  cases: Case<S, F>[],
  list: (p: Params<S, F>) => Promise<{ total: number }>,
  iterations: number,
): Promise<Result[]> {
  const results: Result[] = [];
  for (const [i, c] of cases.entries()) {
    progress(`${name}: ${i + 1}/${cases.length} ${c.label} · ${c.sort} ${c.dir} · page ${c.page}`);
    const params = { page: c.page, pageSize: PAGE_SIZE, sort: c.sort, dir: c.dir, filters: c.filters };
    const rows = (await list(params)).total;
    const s = await sample(() => list(params), { warmup: 3, iterations });
    results.push({ ...c, sort: `${c.sort} ${c.dir}`, rows, wall: summarize(s.wall), cpu: summarize(s.cpu) });
  }
  progressDone();
  return results;
}

function report(title: string, results: Result[], base: number) {
  printTable(
    title,
    [
      { header: "filter" },
      { header: "sort" },
      { header: "page", align: "right" },
      { header: "rows", align: "right" },
      { header: "p50 ms", align: "right" },
      { header: "p95 ms", align: "right" },
      { header: "cpu p50", align: "right" },
      { header: "÷count(*)", align: "right" },
      { header: "" },
    ],
    results.map((r) => [
      r.label,
      r.sort,
      String(r.page),
      String(r.rows),
      ms(r.wall.p50),
      ms(r.wall.p95),
      ms(r.cpu.p50),
      ratio(r.wall.p50, base),
      r.wall.p95 > TARGET_P95_MS ? "SLOW" : "",
    ]),
  );
}

const run: Benchmark = async (args) => {
  const iterations = intArg(args, "iterations", 30);
  const db = await openTempDatabase("grid");
  try {
    const sqlite = db.sqlite();
    const now = Date.now();
    const seedStart = performance.now();
    const info = seedGrid(sqlite, { users: USERS, keys: KEYS, now });
    console.log(
      `seeded ${info.users} users and ${info.keys} keys in ${ms((performance.now() - seedStart) / 1000, 1)} s; ` +
        `database ${mb(statSync(db.file).size)}; RSS after seeding ${mb(process.memoryUsage().rss)}; load ${load()}`,
    );

    const { listAccessKeys } = await import("../db/queries/access-keys");
    const { KEY_SORTS } = await import("../lib/model/access-keys");
    const { USER_SORTS, listUsers } = await import("../db/queries/users");
    const keys = keyCases(info, KEY_SORTS, now, args.includes("--full"));

    if (args.includes("--check")) {
      let mismatches = 0;
      for (const [i, c] of keys.entries()) {
        progress(`check: ${i + 1}/${keys.length}`);
        const params = { page: c.page, pageSize: PAGE_SIZE, sort: c.sort, dir: c.dir, filters: c.filters };
        const got = await listAccessKeys(params, new Date(now));
        const want = referencePage(sqlite, params, now);
        if (got.total !== want.total || got.rows.map((r) => r.id).join() !== want.ids.join()) {
          mismatches++;
          console.log(`MISMATCH ${c.label} · ${c.sort} ${c.dir} · page ${c.page}: total ${got.total} vs ${want.total}`);
        }
      }
      progressDone();
      console.log(`checked ${keys.length} cases against the reference query: ${mismatches} mismatches`);
    }

    // Baselines measured in this same run: a primary-key lookup, a bare count, a full table scan.
    const pk = sqlite.prepare("SELECT id FROM access_keys WHERE id = ?").pluck();
    const countAll = sqlite.prepare("SELECT count(*) FROM access_keys").pluck();
    const scan = sqlite.prepare("SELECT count(*) FROM access_keys WHERE description LIKE '%no such text%'").pluck();
    const baseline = async () => ({
      pk: await sample((i) => pk.get(1 + ((i * 7919) % KEYS)), { warmup: 50, iterations: 1000 }),
      count: await sample(() => countAll.get(), { warmup: 3, iterations: 100 }),
      scan: await sample(() => scan.get(), { warmup: 3, iterations }),
    });
    const before = await baseline();
    const keyResults = await timeCases("keys", keys, listAccessKeys, iterations);
    const userResults = await timeCases("users", userCases(USER_SORTS), listUsers, iterations);
    const after = await baseline();

    const row = (label: string, a: Samples, b: Samples, digits: number) => {
      const all = summarize(concat(a, b).wall);
      const p50 = (s: Samples) => ms(summarize(s.wall).p50, digits);
      return [
        label,
        ms(all.p50, digits),
        ms(all.p95, digits),
        ms(summarize(concat(a, b).cpu).p50, digits),
        p50(a),
        p50(b),
      ];
    };
    printTable(
      "Baselines (raw prepared statements; before and after the cases, pooled)",
      ["baseline", "p50 ms", "p95 ms", "cpu p50", "p50 before", "p50 after"].map((header, i) => ({
        header,
        align: i ? ("right" as const) : undefined,
      })),
      [
        row("SELECT id FROM access_keys WHERE id = ?", before.pk, after.pk, 4),
        row("SELECT count(*) FROM access_keys", before.count, after.count, 3),
        row("full scan: … WHERE description LIKE '%x%'", before.scan, after.scan, 2),
      ],
    );
    const base = summarize(concat(before.count, after.count).wall).p50;
    const note = `page size ${PAGE_SIZE}, ${iterations} timed calls per case after 3 warm-ups; ÷count(*) = p50 / count(*) p50`;
    report(`listAccessKeys (count + page) — ${note}`, keyResults, base);
    report(`listUsers (count + page) — ${note}`, userResults, base);

    const worst = (results: Result[]) => results.reduce((a, b) => (b.wall.p95 > a.wall.p95 ? b : a));
    const caseName = (r: Result) => `${ms(r.wall.p95)} ms (${r.label} · ${r.sort} · page ${r.page})`;
    const worstKeys = worst(keyResults);
    const met = worstKeys.wall.p95 <= TARGET_P95_MS;
    console.log(`\nworst keys p95:  ${caseName(worstKeys)}`);
    console.log(`worst users p95: ${caseName(worst(userResults))}`);
    console.log(`RSS now ${mb(process.memoryUsage().rss)}; load ${load()}`);
    const verdict = `keys grid worst p95 ${ms(worstKeys.wall.p95)} ms vs ${TARGET_P95_MS} ms: ${met ? "target met" : "TARGET MISSED"}`;
    console.log(verdict);
    return { verdict, met };
  } finally {
    db.cleanup();
  }
};

export default run;

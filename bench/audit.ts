// The audit page (issue 4): 1,000,000 audit events; every filter of /admin/audit (actor, event,
// client ID, date range, and a combination), newest first, page 1 and a deep page, through the
// product's own listAuditEvents (count + page). Reported against the same 50 ms p95 as the grid, and
// as a ratio to a primary-key lookup measured in the same run. Options: --iterations=N (default 20).
import { AUDIT_EVENTS } from "../lib/model/audit";
import { ms, ratio, sample, summarize } from "./lib/stats";
import { printTable } from "./lib/table";
import { openTempDatabase } from "./lib/temp-db";
import { type Benchmark, intArg, progress, progressDone } from "./lib/types";

const EVENTS = 1_000_000;
const ACTORS = 2_000;
const CLIENTS = 20_000;
const TARGET_P95_MS = 50;
const DAY = 86_400_000;

const run: Benchmark = async (args) => {
  const iterations = intArg(args, "iterations", 20);
  const temp = await openTempDatabase("audit");
  try {
    const sqlite = temp.sqlite();
    const now = Date.now();
    const span = 365 * DAY;
    progress("seeding 1,000,000 audit events…");
    const insert = sqlite.prepare(
      `insert into audit_events (at, event, outcome, actor_id, actor_username, target_type, target_id, client_id, ip, user_agent)
       values (?, ?, ?, ?, ?, 'access_key', ?, ?, '10.0.0.1', 'bench')`,
    );
    const started = performance.now();
    // A fixed pseudo-random sequence, so runs are comparable.
    let seed = 42;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    sqlite.transaction(() => {
      for (let i = 0; i < EVENTS; i++) {
        const actor = Math.floor(next() * ACTORS);
        const client = Math.floor(next() * CLIENTS);
        insert.run(
          now - Math.floor(next() * span),
          AUDIT_EVENTS[Math.floor(next() * AUDIT_EVENTS.length)],
          next() < 0.9 ? "success" : "failure",
          actor,
          `user-${actor}`,
          client,
          `kwc_bench${String(client).padStart(15, "0")}`,
        );
      }
    })();
    progressDone();
    console.log(`seeded ${EVENTS} events in ${ms((performance.now() - started) / 1000, 1)} s`);

    const { listAuditEvents } = await import("../db/queries/audit");
    const day = (offset: number) => new Date(now + offset * DAY).toISOString().slice(0, 10);
    const cases: [string, Parameters<typeof listAuditEvents>[0]["filters"]][] = [
      ["none", {}],
      ["actor", { actor: "user-123" }],
      ["event", { event: "key.regenerate" }],
      ["clientId", { clientId: `kwc_bench${String(4567).padStart(15, "0")}` }],
      ["from (last 7 days)", { from: day(-7) }],
      ["from–to (one month)", { from: day(-120), to: day(-90) }],
      ["event + from", { event: "api.auth", from: day(-30) }],
      ["actor + event", { actor: "user-77", event: "key.create" }],
    ];
    const pk = sqlite.prepare("select id from audit_events where id = ?");
    const base = summarize((await sample((i) => pk.get((i % 1000) + 1), { warmup: 10, iterations: 200 })).wall);
    const rows: string[][] = [];
    let worst = 0;
    for (const [label, filters] of cases) {
      for (const page of [1, 50]) {
        progress(`${label} · page ${page}`);
        const params = { page, pageSize: 20, sort: "at" as const, dir: "desc" as const, filters };
        const { total } = await listAuditEvents(params);
        const s = summarize((await sample(() => listAuditEvents(params), { warmup: 2, iterations })).wall);
        worst = Math.max(worst, s.p95);
        rows.push([
          label,
          String(page),
          String(total),
          ms(s.p50),
          ms(s.p95),
          ratio(s.p50, base.p50),
          s.p95 > TARGET_P95_MS ? "SLOW" : "",
        ]);
      }
    }
    progressDone();
    printTable(
      `listAuditEvents (count + page of 20, newest first), ${iterations} timed calls per case; ÷pk = p50 / primary-key lookup p50 (${ms(base.p50, 4)} ms)`,
      [
        { header: "filter" },
        { header: "page", align: "right" },
        { header: "rows", align: "right" },
        { header: "p50 ms", align: "right" },
        { header: "p95 ms", align: "right" },
        { header: "÷pk", align: "right" },
        { header: "" },
      ],
      rows,
    );
    const met = worst <= TARGET_P95_MS;
    const verdict = `audit worst p95 ${ms(worst)} ms vs ${TARGET_P95_MS} ms: ${met ? "target met" : "TARGET MISSED"}`;
    console.log(verdict);
    return { verdict, met };
  } finally {
    temp.cleanup();
  }
};

export default run;

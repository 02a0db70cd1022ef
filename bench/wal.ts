// WAL size under a sustained write load with readers active (issue 12 item 5): the real product
// (`scripts/start.ts`, Next included, its own checkpointer thread) on a temporary database of 2,000
// users and 20,000 keys. TOKENS OAuth tokens are issued (each a durable commit: the token and its
// audit event) by CLIENTS concurrent clients, while READERS other connections keep reading all the
// time: the keys grid and the audit log through the API (page 1 and deep pages, sorted and filtered)
// and token introspection. The -wal file is sampled every SAMPLE_MS; the report gives its maximum,
// its size when the load ends and a few seconds later, the database's size, and token latencies.
// Target: the WAL never above 64 MB (WAL_SIZE_LIMIT in db/client.ts): with PASSIVE checkpoints
// alone the log never starts over under steady writes. Latest figures: docs/benchmarks.md.
// Options: --tokens=N (default 20000), --clients=N (default 8), --readers=N (default 4),
// --duration=S (default 180: the writers stop then even if not all tokens were issued).
import { type ChildProcess, spawn } from "node:child_process";
import { statSync } from "node:fs";
import { loadavg } from "node:os";
import autocannon from "autocannon";
import { SERVER_NODE_ARGS } from "../scripts/server-command";
import { seedGrid } from "./lib/seed";
import { mb, ms, summarize } from "./lib/stats";
import { printTable } from "./lib/table";
import { openTempDatabase } from "./lib/temp-db";
import { type Benchmark, intArg, progress, progressDone } from "./lib/types";

const PORT = 3296;
const BASE = `http://127.0.0.1:${PORT}`;
const TARGET_BYTES = 64 * 1024 * 1024;
const SAMPLE_MS = 200;
/** After the load: long enough for a few checkpointer ticks (one a second). */
const SETTLE_MS = 5_000;
const PEPPER = "wal-pepper-not-secret-000000000000000";
const READ_PATHS = [
  "/api/v1/access-keys",
  "/api/v1/access-keys?status=active&sort=name&dir=desc&page=3",
  "/api/v1/access-keys?pageSize=100&page=50&sort=owner",
  "/api/v1/audit-events",
  "/api/v1/audit-events?pageSize=100&page=20",
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sizeOf = (file: string) => {
  try {
    return statSync(file).size;
  } catch {
    return 0; // no WAL yet, or truncated away between the check and the stat
  }
};

function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; stderr: string[] }> {
  const child = spawn(process.execPath, SERVER_NODE_ARGS, {
    env: { ...process.env, ...env, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group, stopped as one
  });
  const stderr: string[] = [];
  let output = "";
  let ready = false;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the server did not start")), 300_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (!ready && /listening on/.test(output)) {
        ready = true;
        clearTimeout(timer);
        resolve({ child, stderr });
      }
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      stderr.push(...chunk.toString().split("\n").filter(Boolean));
    });
    child.on("exit", (code) => {
      if (!ready) reject(new Error(`the server exited (${code}): ${output.slice(-2000)}`));
    });
  });
}

function stopServer(child: ChildProcess): void {
  if (child.pid && child.exitCode === null && child.signalCode === null) {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {}
  }
}

/** Runs autocannon; resolves with its result when it ends (by `amount`, or when stopped). */
function cannon(options: autocannon.Options): { done: Promise<autocannon.Result>; stop: () => void } {
  let instance: autocannon.Instance | undefined;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
  return { done, stop: () => instance?.stop() };
}

const run: Benchmark = async (args) => {
  const tokens = intArg(args, "tokens", 20_000);
  const cap = intArg(args, "duration", 180);
  const clients = intArg(args, "clients", 8);
  const readers = intArg(args, "readers", 4);
  process.env.KEY_PEPPER = PEPPER;
  process.env.BCRYPT_COST = "4";
  const temp = await openTempDatabase("wal");
  const wal = `${temp.file}-wal`;
  let server: { child: ChildProcess; stderr: string[] } | undefined;
  try {
    progress("seeding…");
    seedGrid(temp.sqlite(), { users: 2_000, keys: 20_000 });
    const { createUser } = await import("../lib/services/users");
    const { rootActor } = await import("../test/support/actors");
    const { createKey } = await import("../lib/services/access-keys");
    const { saveSettings } = await import("../lib/services/settings");
    const ctx = { actorId: null, actorUsername: "wal", ip: null, userAgent: "wal" };
    const admin = await createUser(
      rootActor,
      {
        username: "wal-admin",
        fullName: "WAL",
        email: "wal@example.test",
        role: "admin",
        password: "wal-password-1234",
      },
      ctx,
    );
    await saveSettings(rootActor, { tokenTtlSeconds: 86_400 }, ctx);
    const { key, secret } = await createKey(
      rootActor,
      { ownerId: admin.id, name: "wal", description: "", expiresAt: undefined, bearerEnabled: true },
      ctx,
    );
    temp.client.closeDb();

    progress("starting the product (builds first if there is no build)…");
    server = await startServer({
      DATABASE_PATH: temp.file,
      KEY_PEPPER: PEPPER,
      AUTH_SECRET: "wal-auth-secret-000000000000000000000",
      PORT: String(PORT),
      HOST: "127.0.0.1",
      NODE_ENV: "production",
    });
    progressDone();
    const startupErrors = server.stderr.length;

    const basic = `Basic ${Buffer.from(`${key.clientId}:${secret}`).toString("base64")}`;
    const form = { authorization: basic, "content-type": "application/x-www-form-urlencoded" };
    const first = await fetch(`${BASE}/api/v1/oauth/token`, {
      method: "POST",
      headers: form,
      body: "grant_type=client_credentials",
    });
    const { access_token: token } = (await first.json()) as { access_token?: string };
    if (!token) throw new Error(`no token: ${first.status}`);

    const samples: number[] = [];
    const sampler = setInterval(() => samples.push(sizeOf(wal)), SAMPLE_MS);
    const timeline: number[] = []; // the WAL's size at each tenth of the load
    const started = performance.now();
    progress(`issuing ${tokens} tokens with readers active…`);
    // The readers run until the writers are done; half on the grids, half on introspection.
    const gridReaders = Math.max(1, Math.ceil(readers / 2));
    const grids = cannon({
      url: BASE,
      connections: gridReaders,
      duration: 3_600,
      requests: READ_PATHS.map((path) => ({ method: "GET", path, headers: { authorization: `Bearer ${secret}` } })),
    });
    const introspection = cannon({
      url: `${BASE}/api/v1/oauth/introspect`,
      connections: Math.max(1, readers - gridReaders),
      duration: 3_600,
      method: "POST",
      headers: form,
      body: `token=${token}`,
    });
    const writers = cannon({
      url: `${BASE}/api/v1/oauth/token`,
      connections: clients,
      amount: tokens,
      method: "POST",
      headers: form,
      body: "grant_type=client_credentials",
    });
    const capTimer = setTimeout(writers.stop, cap * 1000);
    const writes = await writers.done;
    clearTimeout(capTimer);
    const seconds = (performance.now() - started) / 1000;
    const loadSamples = samples.length;
    for (let i = 1; i <= 10; i++) timeline.push(samples[Math.ceil((loadSamples * i) / 10) - 1] ?? 0);
    grids.stop();
    introspection.stop();
    const [gridResult, introspectionResult] = await Promise.all([grids.done, introspection.done]);
    const atEnd = sizeOf(wal);
    await sleep(SETTLE_MS);
    clearInterval(sampler);
    const settled = sizeOf(wal);
    samples.push(settled);
    progressDone();

    const maxWal = Math.max(...samples);
    const sizes = summarize(samples.map((bytes) => bytes / 1024 / 1024));
    const serverErrors = server.stderr.slice(startupErrors);
    const failed =
      writes.non2xx +
      writes.errors +
      writes.timeouts +
      gridResult.non2xx +
      gridResult.errors +
      introspectionResult.non2xx +
      introspectionResult.errors;

    printTable(
      `${writes.requests.total} tokens by ${clients} clients in ${ms(seconds, 1)} s, ${readers} reading connections; load ${loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")}`,
      [
        { header: "traffic" },
        { header: "requests", align: "right" },
        { header: "req/s", align: "right" },
        { header: "p50 ms", align: "right" },
        { header: "p99 ms", align: "right" },
        { header: "max ms", align: "right" },
        { header: "failed", align: "right" },
      ],
      [
        ["POST /api/v1/oauth/token", writes],
        ["GET grids (keys, audit)", gridResult],
        ["POST /api/v1/oauth/introspect", introspectionResult],
      ].map(([label, r]) => {
        const result = r as autocannon.Result;
        return [
          label as string,
          String(result.requests.total),
          (result.requests.total / seconds).toFixed(0),
          ms(result.latency.p50, 1),
          ms(result.latency.p99, 1),
          ms(result.latency.max, 0),
          String(result.non2xx + result.errors + result.timeouts),
        ];
      }),
    );
    console.log(
      `WAL (${samples.length} samples every ${SAMPLE_MS} ms): median ${sizes.p50.toFixed(0)} MB, p99 ${sizes.p99.toFixed(0)} MB, max ${mb(maxWal)}; at the end of the load ${mb(atEnd)}, ${SETTLE_MS / 1000} s later ${mb(settled)}; database ${mb(sizeOf(temp.file))}`,
    );
    console.log(
      `WAL at each tenth of the load, MB: ${timeline.map((bytes) => (bytes / 1024 / 1024).toFixed(0)).join(" ")}`,
    );
    if (serverErrors.length > 0)
      console.log(`server stderr (${serverErrors.length} lines):\n${serverErrors.slice(0, 10).join("\n")}`);
    const met = maxWal <= TARGET_BYTES && failed === 0 && serverErrors.length === 0;
    const verdict = `WAL max ${mb(maxWal)} (≤ ${mb(TARGET_BYTES)}), ${mb(settled)} after the load, ${failed} failed requests, ${serverErrors.length} server errors: ${met ? "target met" : "TARGET MISSED"}`;
    console.log(verdict);
    return { verdict, met };
  } finally {
    if (server) stopServer(server.child);
    temp.cleanup();
  }
};

export default run;

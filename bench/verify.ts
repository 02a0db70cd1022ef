// Key verification through the product: GET /api/v1/me with a bearer key and with an access
// token, and token introspection, each for DURATION s at 50 connections with autocannon, against a
// bare node:http server doing the same lookup + HMAC, measured in the same run. Target: throughput
// ratio ≥ 0.5 of the bare server, p99 ≤ 10 ms. With one credential the product answers from its
// verification memo (no HMAC, no query: see db/queries/verification.ts), which the bare server does
// not have; so, reported beside the target, the bearer key and introspection cases run again with a
// different credential on every request, against the bare server under that same load.
// The product is the real `scripts/start.ts` process (Next included; it builds once if there is no
// build). Options: --duration=S (default 10), --profile=DIR (the product writes V8 CPU profiles of
// each thread there when it stops).
import { type ChildProcess, spawn } from "node:child_process";
import { loadavg } from "node:os";
import autocannon from "autocannon";
import { SERVER_NODE_ARGS } from "../scripts/server-command";
import { processCpuMs } from "./lib/cpu";
import { seedCredentials, seedGrid } from "./lib/seed";
import { ms, ratio } from "./lib/stats";
import { printTable } from "./lib/table";
import { openTempDatabase } from "./lib/temp-db";
import { type Benchmark, intArg, progress, progressDone } from "./lib/types";

const CONNECTIONS = 50;
const TARGET_RATIO = 0.5;
const TARGET_P99_MS = 10;
const PEPPER = "bench-pepper-not-secret-0000000000000";

const PRODUCT = "http://127.0.0.1:3292";
const INTROSPECT = `${PRODUCT}/api/v1/oauth/introspect`;
const DISTINCT_CREDENTIALS = 50_000;

/** Which bare-server runs a case is compared with: the same credential every time, or a new one. */
type Group = "one" | "distinct";

/** Autocannon requests that present `values` in turn, one per request, across all connections. */
function inTurn(values: string[], request: (value: string) => Partial<autocannon.Request>): autocannon.Request[] {
  let next = 0;
  return [{ setupRequest: (req) => ({ ...req, ...request(values[next++ % values.length] as string) }) }];
}

type Result = {
  label: string;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** The server's CPU time (all threads) per request sent: steadier than req/s on a noisy machine. */
  cpuUsPerRequest: number;
};

/** Starts `node …args` in its own process group; resolves once its output matches `ready`. */
function start(args: string[], env: Record<string, string>, ready: RegExp): Promise<ChildProcess> {
  const script = args.at(-1);
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start`)), 300_000);
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.on("exit", (code) => reject(new Error(`${script} exited (${code}): ${output.slice(-2000)}`)));
  });
}

function stop(child: ChildProcess): void {
  if (child.pid) {
    try {
      process.kill(-child.pid, "SIGTERM"); // its own process group: tsx and node both go
    } catch {}
  }
}

async function load(label: string, server: ChildProcess, options: autocannon.Options): Promise<Result> {
  progress(`${label}…`);
  const cpuBefore = processCpuMs(server.pid as number);
  const result = await autocannon({ connections: CONNECTIONS, ...options });
  const cpuMs = processCpuMs(server.pid as number) - cpuBefore;
  progressDone();
  return {
    label,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    cpuUsPerRequest: (cpuMs * 1000) / Math.max(1, result.requests.sent),
  };
}

const run: Benchmark = async (args) => {
  const duration = intArg(args, "duration", 10);
  const profileDir = args.find((a) => a.startsWith("--profile="))?.slice("--profile=".length);
  process.env.KEY_PEPPER = PEPPER;
  const temp = await openTempDatabase("verify");
  const children: ChildProcess[] = [];
  try {
    // A realistic table to look keys up in, then the keys the load uses.
    seedGrid(temp.sqlite(), { users: 10_000, keys: 100_000 });
    // The key under load belongs to a fresh administrator (seeded owners may be at their key limit).
    process.env.BCRYPT_COST = "4";
    const { createUser } = await import("../lib/services/users");
    const { rootActor } = await import("../test/support/actors");
    const { createKey } = await import("../lib/services/access-keys");
    const ctx = { actorId: null, actorUsername: "bench", ip: null, userAgent: "bench" };
    const owner = await createUser(
      rootActor,
      {
        username: "bench-admin",
        fullName: "Bench",
        email: "bench@example.test",
        role: "admin",
        password: "bench-password-123",
      },
      ctx,
    );
    const { key, secret } = await createKey(
      rootActor,
      { ownerId: owner.id, name: "bench", description: "", expiresAt: undefined, bearerEnabled: true },
      ctx,
    );
    const distinct = seedCredentials(temp.sqlite(), owner.id, DISTINCT_CREDENTIALS);
    temp.client.closeDb();

    const env = { DATABASE_PATH: temp.file, KEY_PEPPER: PEPPER, AUTH_SECRET: "bench-auth-secret-000000000000000000" };
    const bareServer = await start(["--import", "tsx", "bench/lib/bare-server.ts"], { ...env, PORT: "3291" }, /ready/);
    children.push(bareServer);
    progress("starting the product (builds first if there is no build)…");
    const profile = profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [];
    const product = await start(
      [...profile, ...SERVER_NODE_ARGS],
      { ...env, PORT: "3292", NODE_ENV: "production" },
      /listening on/,
    );
    children.push(product);
    progressDone();

    const basic = `Basic ${Buffer.from(`${key.clientId}:${secret}`).toString("base64")}`;
    const tokenResponse = await fetch(`${PRODUCT}/api/v1/oauth/token`, {
      method: "POST",
      headers: { authorization: basic, "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials",
    });
    const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
    if (!token) throw new Error(`no token: ${tokenResponse.status}`);

    // One credential on every request (the target's case), then a different one on every request:
    // 50,000 bearer keys and 50,000 tokens in turn, so the product cannot answer from what it verified
    // a moment ago and pays for the HMAC and the lookup as the bare server always does.
    const bearer = (value: string) => ({ authorization: `Bearer ${value}` });
    const introspection = (value: string) => ({
      method: "POST" as const,
      headers: { authorization: basic, "content-type": "application/x-www-form-urlencoded" },
      body: `token=${value}`,
    });
    const bareOne = { url: "http://127.0.0.1:3291/", headers: bearer(secret), duration };
    const bareDistinct = {
      url: "http://127.0.0.1:3291/",
      requests: inTurn(distinct.secrets, (value) => ({ headers: bearer(value) })),
      duration,
    };
    const plan: [label: string, server: ChildProcess, options: autocannon.Options, group: Group][] = [
      ["bare node:http, lookup + HMAC", bareServer, bareOne, "one"],
      [
        "GET /api/v1/me, bearer key",
        product,
        { url: `${PRODUCT}/api/v1/me`, headers: bearer(secret), duration },
        "one",
      ],
      [
        "GET /api/v1/me, access token",
        product,
        { url: `${PRODUCT}/api/v1/me`, headers: bearer(token), duration },
        "one",
      ],
      ["POST /api/v1/oauth/introspect", product, { url: INTROSPECT, ...introspection(token), duration }, "one"],
      // The baseline again: a noisy machine shows up as a difference between the two.
      ["bare node:http (again)", bareServer, bareOne, "one"],
      ["bare node:http, distinct keys", bareServer, bareDistinct, "distinct"],
      [
        "GET /api/v1/me, distinct keys",
        product,
        {
          url: `${PRODUCT}/api/v1/me`,
          requests: inTurn(distinct.secrets, (value) => ({ headers: bearer(value) })),
          duration,
        },
        "distinct",
      ],
      [
        "POST /api/v1/oauth/introspect, distinct tokens",
        product,
        { url: INTROSPECT, ...introspection(token), requests: inTurn(distinct.tokens, introspection), duration },
        "distinct",
      ],
      ["bare node:http, distinct keys (again)", bareServer, bareDistinct, "distinct"],
    ];
    const results: (Result & { group: Group; bare: boolean })[] = [];
    for (const [label, server, options, group] of plan) {
      results.push({ ...(await load(label, server, options)), group, bare: server === bareServer });
    }

    const baseline = (group: Group) => {
      const runs = results.filter((r) => r.bare && r.group === group);
      return runs.reduce((sum, r) => sum + r.rps, 0) / runs.length;
    };
    printTable(
      `${CONNECTIONS} connections, ${duration} s each; load ${loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")}`,
      [
        { header: "case" },
        { header: "req/s", align: "right" },
        { header: "p50 ms", align: "right" },
        { header: "p99 ms", align: "right" },
        { header: "÷ bare", align: "right" },
        { header: "CPU µs/req", align: "right" },
        { header: "non-2xx", align: "right" },
        { header: "errors", align: "right" },
      ],
      results.map((r) => [
        r.label,
        r.rps.toFixed(0),
        ms(r.p50, 1),
        ms(r.p99, 1),
        ratio(r.rps, baseline(r.group)),
        r.cpuUsPerRequest.toFixed(0),
        String(r.non2xx),
        String(r.errors),
      ]),
    );
    // Each product case against the bare server under the same kind of load. The target is for
    // the one-credential load; the distinct-credential figures are reported beside it.
    const judge = (group: Group) => {
      const measured = results.filter((r) => !r.bare && r.group === group);
      const worstRatio = Math.min(...measured.map((r) => r.rps / baseline(group)));
      const worstP99 = Math.max(...measured.map((r) => r.p99));
      const failures = measured.reduce((sum, r) => sum + r.non2xx + r.errors, 0);
      const met = worstRatio >= TARGET_RATIO && worstP99 <= TARGET_P99_MS && failures === 0;
      const figures = `worst ratio ${worstRatio.toFixed(2)} (≥ ${TARGET_RATIO}), worst p99 ${worstP99} ms (≤ ${TARGET_P99_MS}), ${failures} failed requests`;
      return { met, failures, figures };
    };
    const one = judge("one");
    const distinctLoad = judge("distinct");
    // Beside the target, but a failed request is a failure whatever the load.
    const met = one.met && distinctLoad.failures === 0;
    const distinctFailed =
      distinctLoad.failures > 0 ? `, ${distinctLoad.failures} failed with distinct credentials` : "";
    const verdict = `verification, one credential (answered from the memo): ${one.figures}${distinctFailed}: ${met ? "target met" : "TARGET MISSED"}`;
    console.log(verdict);
    console.log(
      `a distinct credential on every request (beside the target): ${distinctLoad.figures}: ${distinctLoad.met ? "within" : "outside"} the same bounds`,
    );
    return { verdict, met };
  } finally {
    for (const child of children) stop(child);
    temp.cleanup();
  }
};

export default run;

// Soak (issue 7): the real product (`scripts/start.ts`, Next included, bound to loopback) on a
// temporary database of 2,000 users and 20,000 keys, under a mixed load for DURATION seconds:
// key verifications at a steady rate (GET /api/v1/me with a bearer key and with an access token,
// 50 connections in all), signed-in UI page loads (the grids, audit, settings; a fresh sign-in now
// and then), and key mutations through the API (create, deactivate, activate, regenerate, revoke,
// delete, plus token issue, introspection and revocation). It stops by itself.
// Targets: 0 errors anywhere (client side and the server's stderr), server RSS growing at most 20%
// after warm-up, verification p99 ≤ 10 ms (SPEC §5).
// Options: --duration=S (default 150), --rate=R (verifications per second in all, default 2000),
// --ui=N (concurrent page-loading clients, default 2; 0 for none), --mutations=0 (none).
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { type PacedResult, pacedLoad } from "./lib/paced";
import { seedGrid } from "./lib/seed";
import { mb, ms, summarize } from "./lib/stats";
import { printTable } from "./lib/table";
import { openTempDatabase } from "./lib/temp-db";
import { type Benchmark, intArg, progress, progressDone } from "./lib/types";

const PORT = 3294;
const BASE = `http://127.0.0.1:${PORT}`;
const CONNECTIONS = 50;
const TARGET_P99_MS = 10;
const TARGET_GROWTH = 0.2;
const SAMPLE_MS = 5_000;
const PEPPER = "soak-pepper-not-secret-00000000000000";
const ADMIN = { username: "soak-admin", password: "soak-password-123456" };
const UI_PAGES = [
  "/admin/access-keys",
  "/admin/access-keys?status=active&sort=name&dir=desc",
  "/admin/access-keys?owner=garcia&page=3",
  "/admin/users",
  "/admin/users?q=smith",
  "/admin/audit",
  "/admin/settings",
  "/admin/notifications",
  "/me/api-keys",
  "/me/account",
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** RSS of a process and all its descendants, in bytes (Linux /proc). */
function treeRss(root: number): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {} // gone meanwhile
  }
  let total = 0;
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.pop() as number;
    try {
      const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
      total += Number(kb ?? 0) * 1024;
    } catch {}
    queue.push(...(children.get(pid) ?? []));
  }
  return total;
}

function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; stderr: () => string[] }> {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    env: { ...process.env, ...env, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group, stopped as one
  });
  const errors: string[] = [];
  let ready = false;
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the server did not start")), 300_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (!ready && /listening on/.test(output)) {
        ready = true;
        clearTimeout(timer);
        resolve({ child, stderr: () => errors });
      }
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      errors.push(...chunk.toString().split("\n").filter(Boolean));
    });
    child.on("exit", (code) => {
      if (!ready) reject(new Error(`the server exited (${code}): ${output.slice(-2000)}`));
    });
  });
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (!child.pid || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {}
  if ((await Promise.race([exited, sleep(10_000).then(() => "timeout")])) === "timeout") {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {}
  }
}

const cookieHeader = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");

/** Signs in through Auth.js's credentials endpoint, as the sign-in form does; returns the session cookie. */
async function signIn(): Promise<string> {
  const csrf = await fetch(`${BASE}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${BASE}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(csrf) },
    body: new URLSearchParams({ csrfToken, ...ADMIN, callbackUrl: "/" }),
  });
  const cookie = cookieHeader(res);
  if (!/session-token=/.test(cookie)) throw new Error(`sign-in failed: ${res.status}`);
  return cookie;
}

type Tally = { count: number; errors: string[]; latencies: number[] };
const newTally = (): Tally => ({ count: 0, errors: [], latencies: [] });

/** One request, timed and checked; returns the parsed JSON body of an expected answer. */
async function timed(
  tally: Tally,
  label: string,
  request: () => Promise<Response>,
  expected: number,
): Promise<Record<string, unknown> | undefined> {
  const start = performance.now();
  try {
    const res = await request();
    const text = await res.text();
    tally.latencies.push(performance.now() - start);
    tally.count += 1;
    if (res.status !== expected) {
      tally.errors.push(`${label}: ${res.status} ${text.slice(0, 200)}`);
      return undefined;
    }
    return res.headers.get("content-type")?.includes("json") ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch (error) {
    tally.errors.push(`${label}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

/** Signed-in page loads, one after another with a pause, signing in again every 30 s. */
async function browse(tally: Tally, until: () => boolean, worker: number) {
  let cookie = await signIn();
  let signedInAt = Date.now();
  for (let i = worker; !until(); i++) {
    if (Date.now() - signedInAt > 30_000) {
      cookie = await signIn();
      signedInAt = Date.now();
    }
    const page = i % 4 === 0 ? "/login" : (UI_PAGES[i % UI_PAGES.length] as string);
    // /login redirects a signed-in visitor; load it signed out.
    const headers: Record<string, string> = page === "/login" ? {} : { cookie };
    await timed(tally, `GET ${page}`, () => fetch(BASE + page, { headers, redirect: "manual" }), 200);
    await sleep(150);
  }
}

/** The key lifecycle through the API, and OAuth token churn, at a low rate. */
async function mutate(
  tally: Tally,
  until: () => boolean,
  admin: { secret: string; clientId: string },
  ownerId: number,
) {
  const api =
    (path: string, method = "POST", body?: unknown) =>
    () =>
      fetch(BASE + path, {
        method,
        headers: { authorization: `Bearer ${admin.secret}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
  const basic = `Basic ${Buffer.from(`${admin.clientId}:${admin.secret}`).toString("base64")}`;
  const oauth = (path: string, body: string) => () =>
    fetch(BASE + path, {
      method: "POST",
      headers: { authorization: basic, "content-type": "application/x-www-form-urlencoded" },
      body,
    });
  for (let i = 0; !until(); i++) {
    const created = await timed(
      tally,
      "create",
      api("/api/v1/access-keys", "POST", { name: `Soak ${i}`, ownerId, bearerEnabled: true }),
      201,
    );
    const id = (created as { accessKey?: { id: number } } | undefined)?.accessKey?.id;
    if (!id) {
      await sleep(100);
      continue;
    }
    for (const step of ["deactivate", "activate", "regenerate", "revoke"]) {
      await timed(tally, step, api(`/api/v1/access-keys/${id}/${step}`), 200);
      await sleep(100);
    }
    await timed(tally, "delete", api(`/api/v1/access-keys/${id}`, "DELETE"), 204);
    const token = await timed(tally, "token", oauth("/api/v1/oauth/token", "grant_type=client_credentials"), 200);
    const accessToken = (token as { access_token?: string } | undefined)?.access_token;
    if (accessToken) {
      await timed(tally, "introspect", oauth("/api/v1/oauth/introspect", `token=${accessToken}`), 200);
      await timed(tally, "revoke token", oauth("/api/v1/oauth/revoke", `token=${accessToken}`), 200);
    }
    await sleep(100);
  }
}

const run: Benchmark = async (args) => {
  const duration = intArg(args, "duration", 150);
  const rate = intArg(args, "rate", 2000);
  // `--ui=0` leaves the UI out (to see what page renders cost the verifications); default 2 loops.
  const uiLoops = args.includes("--ui=0") ? 0 : intArg(args, "ui", 2);
  const mutating = !args.includes("--mutations=0");
  process.env.KEY_PEPPER = PEPPER;
  process.env.BCRYPT_COST = "4";
  const temp = await openTempDatabase("soak");
  let server: { child: ChildProcess; stderr: () => string[] } | undefined;
  // However it ends, it ends: a hung run is stopped well after its planned end.
  const guard = setTimeout(
    () => {
      if (server?.child.pid) process.kill(-server.child.pid, "SIGKILL");
      console.error("soak: did not finish in time; stopped");
      process.exit(1);
    },
    (duration + 600) * 1000,
  );
  guard.unref();
  try {
    progress("seeding…");
    seedGrid(temp.sqlite(), { users: 2_000, keys: 20_000 });
    const { createUser } = await import("../db/queries/users");
    const { createAccessKey } = await import("../db/queries/access-key-changes");
    const { updateSettings } = await import("../db/queries/settings");
    const ctx = { actorId: null, actorUsername: "soak", ip: null, userAgent: "soak" };
    const user = (username: string, role: "admin" | "user") =>
      createUser(
        {
          username,
          fullName: username,
          email: `${username}@example.test`,
          role,
          password: username === ADMIN.username ? ADMIN.password : "soak-user-password-1",
        },
        ctx,
      );
    const admin = await user(ADMIN.username, "admin");
    const verifier = await user("soak-verifier", "user");
    const owner = await user("soak-owner", "user");
    await updateSettings({ maxKeysPerUser: 100, tokenTtlSeconds: 86_400 }, ctx);
    const key = (ownerId: number, name: string) =>
      createAccessKey({ ownerId, name, description: "", expiresAt: undefined, bearerEnabled: true }, ctx);
    const adminKey = await key(admin.id, "soak admin");
    const verifierKey = await key(verifier.id, "soak verifier");
    temp.client.closeDb();

    progress("starting the product (builds first if there is no build)…");
    server = await startServer({
      DATABASE_PATH: temp.file,
      KEY_PEPPER: PEPPER,
      AUTH_SECRET: "soak-auth-secret-00000000000000000000",
      PORT: String(PORT),
      HOST: "127.0.0.1",
      NODE_ENV: "production",
      BCRYPT_COST: "4",
    });
    progressDone();
    const pid = server.child.pid as number;
    const startupErrors = server.stderr().length;

    const tokenRes = await fetch(`${BASE}/api/v1/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: verifierKey.key.clientId,
        client_secret: verifierKey.secret,
      }),
    });
    const { access_token: token } = (await tokenRes.json()) as { access_token: string };
    if (!token) throw new Error(`no token: ${tokenRes.status}`);

    // Memory, sampled from start to end.
    const started = Date.now();
    const samples: { at: number; rss: number }[] = [{ at: 0, rss: treeRss(pid) }];
    const sampler = setInterval(() => samples.push({ at: Date.now() - started, rss: treeRss(pid) }), SAMPLE_MS);
    const end = started + duration * 1000;
    const over = () => Date.now() >= end;

    const verify = (credential: string) =>
      pacedLoad({
        url: `${BASE}/api/v1/me`,
        headers: { authorization: `Bearer ${credential}` },
        connections: CONNECTIONS / 2,
        rate: rate / 2,
        seconds: duration,
      });
    const ui = newTally();
    const mutations = newTally();
    progress(`soaking for ${duration} s…`);
    const [bearer, tokenRun] = await Promise.all([
      verify(verifierKey.secret),
      verify(token),
      ...Array.from({ length: uiLoops }, (_, i) => browse(ui, over, i)),
      mutating && mutate(mutations, over, { secret: adminKey.secret, clientId: adminKey.key.clientId }, owner.id),
    ]);
    clearInterval(sampler);
    samples.push({ at: Date.now() - started, rss: treeRss(pid) });
    progressDone();

    // Memory: after a warm-up (caches, JIT, Next's first renders), compare the end with the start.
    const warmup = Math.max(20_000, duration * 200);
    const after = samples.filter((s) => s.at >= warmup);
    const median = (list: number[]) => summarize(list).p50;
    const base = median(after.slice(0, 3).map((s) => s.rss));
    const last = median(after.slice(-3).map((s) => s.rss));
    const peak = Math.max(...after.map((s) => s.rss));
    const growth = last / base - 1;

    const verifications = [bearer, tokenRun] as PacedResult[];
    const verifyErrors = verifications.reduce((sum, r) => sum + r.errors + r.non2xx, 0);
    const verifyP99 = summarize(verifications.flatMap((r) => r.latencies)).p99;
    const serverErrors = server.stderr().slice(startupErrors);
    const errors = [...ui.errors, ...mutations.errors];
    const summary = (t: Tally) => summarize(t.latencies);

    printTable(
      `${duration} s, load ${loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")}`,
      [
        { header: "traffic" },
        { header: "requests", align: "right" },
        { header: "req/s", align: "right" },
        { header: "p50 ms", align: "right" },
        { header: "p99 ms", align: "right" },
        { header: "max ms", align: "right" },
        { header: "errors", align: "right" },
      ],
      [
        ...verifications.map((r, i) => {
          const latency = summarize(r.latencies);
          return [
            `GET /api/v1/me, ${i === 0 ? "bearer key" : "access token"}`,
            String(r.sent),
            (r.sent / duration).toFixed(0),
            ms(latency.p50, 1),
            ms(latency.p99, 1),
            ms(latency.max, 1),
            String(r.errors + r.non2xx),
          ];
        }),
        ...(
          [
            ["UI pages (signed in)", ui],
            ["key mutations + OAuth", mutations],
          ] as const
        ).map(([label, t]) => [
          label,
          String(t.count),
          (t.count / duration).toFixed(1),
          ms(summary(t).p50, 1),
          ms(summary(t).p99, 1),
          ms(summary(t).max, 1),
          String(t.errors.length),
        ]),
      ],
    );
    console.log(
      `\nserver RSS (process tree): ${mb(samples[0]?.rss ?? 0)} at start, ${mb(base)} after ${warmup / 1000} s warm-up, ` +
        `${mb(last)} at the end, peak ${mb(peak)}: growth ${(growth * 100).toFixed(1)}% (≤ ${TARGET_GROWTH * 100}%)`,
    );
    console.log(`RSS every ${SAMPLE_MS / 1000} s (MB): ${samples.map((s) => Math.round(s.rss / 2 ** 20)).join(" ")}`);
    console.log(`server stderr lines during the soak: ${serverErrors.length}`);
    for (const line of [...errors, ...serverErrors].slice(0, 20)) console.log(`  ${line}`);

    const failures = verifyErrors + errors.length + serverErrors.length;
    const met = failures === 0 && growth <= TARGET_GROWTH && verifyP99 <= TARGET_P99_MS;
    const verdict =
      `${failures} errors, RSS growth ${(growth * 100).toFixed(1)}% (≤ ${TARGET_GROWTH * 100}%), ` +
      `verification p99 ${verifyP99.toFixed(1)} ms (≤ ${TARGET_P99_MS}): ${met ? "target met" : "TARGET MISSED"}`;
    console.log(verdict);
    return { verdict, met };
  } finally {
    clearTimeout(guard);
    if (server) await stopServer(server.child);
    temp.cleanup();
  }
};

export default run;

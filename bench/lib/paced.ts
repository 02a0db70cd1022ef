import { spawn } from "node:child_process";
import { Agent, request } from "node:http";

/**
 * An open-loop load generator: one request every 1/rate seconds, evenly spaced, over a pool of
 * keep-alive connections, whatever the answers do. (autocannon's rate limit sends each second's
 * quota in a burst at the start of the second, which measures its own bursts.) Each latency runs
 * from the moment the request was *due*, so a stall in the server (or here) counts against every
 * request it delayed: no coordinated omission.
 */
export type PacedResult = {
  sent: number;
  /** Latencies of the requests due after the warm-up. */
  latencies: number[];
  /** Latencies of the requests due during the warm-up (first JIT, first renders), kept apart. */
  warmupLatencies: number[];
  non2xx: number;
  errors: number;
};

export async function pacedLoad(options: {
  url: string;
  headers: Record<string, string>;
  rate: number;
  seconds: number;
  connections: number;
  warmupSeconds?: number;
}): Promise<PacedResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const result: PacedResult = { sent: 0, latencies: [], warmupLatencies: [], non2xx: 0, errors: 0 };
  const interval = 1000 / options.rate;
  const start = performance.now();
  const end = start + options.seconds * 1000;
  const warm = start + (options.warmupSeconds ?? 0) * 1000;
  const inflight = new Set<Promise<void>>();

  const fire = (due: number) => {
    result.sent += 1;
    const done = new Promise<void>((resolve) => {
      const req = request(options.url, { agent, headers: options.headers }, (res) => {
        res.resume();
        res.on("end", () => {
          (due < warm ? result.warmupLatencies : result.latencies).push(performance.now() - due);
          if ((res.statusCode ?? 0) >= 300) result.non2xx += 1;
          resolve();
        });
      });
      req.on("error", () => {
        result.errors += 1;
        resolve();
      });
      req.end();
    });
    inflight.add(done);
    void done.then(() => inflight.delete(done));
  };

  let due = start;
  while (due < end) {
    const now = performance.now();
    while (due <= now && due < end) {
      fire(due);
      due += interval;
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(due - performance.now(), 5))));
  }
  await Promise.all(inflight);
  agent.destroy();
  return result;
}

/**
 * `pacedLoad` in a child process: its clock and event loop are then shared with nothing else the
 * benchmark does (page loads, mutations), which would otherwise show up as server latency.
 */
export function pacedLoadApart(options: Parameters<typeof pacedLoad>[0]): Promise<PacedResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "bench/lib/paced-cli.ts", JSON.stringify(options)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve(JSON.parse(output) as PacedResult) : reject(new Error(`paced load exited (${code})`)),
    );
  });
}

import { mkdtempSync, rmSync } from "node:fs";
import { Agent, type IncomingMessage, request, type ServerResponse } from "node:http";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Duplex } from "node:stream";
import { Worker } from "node:worker_threads";
import type { UsageBatch } from "@/db/queries/verification";
import { CLIENT_IP_HEADER, clientIp } from "../client-ip";
import { superviseWorker } from "./supervise";

export type WorkerOptions = { dev: boolean; distDir: string; port: number; socketPath: string };
/** The pages worker's nice value (its thread only, on Linux): under load, the API's thread comes first. */
export const PAGES_NICE = 10;
/** The worker's server keeps the proxy's idle connections open for good (0: no keep-alive timeout). */
export const WORKER_KEEP_ALIVE_TIMEOUT = 0;
/** What the worker tells the main thread: it is ready; a usage batch it was handed is written, or failed. */
export type WorkerMessage =
  | { type: "ready" }
  | { type: "usage-written"; id: number }
  | { type: "usage-failed"; id: number; message: string };
/** What the main thread tells the worker: write this batch of API usage; stop. */
export type HostMessage = { type: "usage"; id: number; batch: UsageBatch } | { type: "stop" };

// Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection; each side sets its own.
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "te",
  "trailer",
  "upgrade",
]);
const TSX_API = import.meta.resolve("tsx/esm/api");
/** Worker threads do not inherit tsx's module hooks on Node 20: the worker registers them, then loads its TypeScript entry. */
const bootstrap = (entry: URL) =>
  `import(${JSON.stringify(TSX_API)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
/**
 * The production pages worker's heap (MB). Without a limit V8 lets the heap grow far past Next's
 * live set before its first full collection, and releasing that much at once stalled the whole
 * process (figures: docs/benchmarks.md). Past the limit the worker dies and is restarted (pages
 * answer 503 for a second), never the API.
 */
const PAGES_HEAP_LIMITS = { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 12 };
const USAGE_CONFIRM_MS = 10_000;

function endToEnd(raw: string[], drop?: string): string[] {
  const kept: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = (raw[i] as string).toLowerCase();
    if (!HOP_BY_HOP.has(name) && name !== drop) kept.push(raw[i] as string, raw[i + 1] as string);
  }
  return kept;
}

/** The request's headers for Next, with the caller's address in the one header Next trusts for it. */
function forwardedHeaders(req: IncomingMessage): string[] {
  return [...endToEnd(req.rawHeaders, CLIENT_IP_HEADER), CLIENT_IP_HEADER, clientIp(req)];
}

function unavailable(res: ServerResponse): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(503, { "Content-Type": "text/plain; charset=utf-8", "Retry-After": "1", "Cache-Control": "no-store" });
  res.end("Keyward is starting up. Try again in a moment.");
}

export type NextHost = {
  /** The worker's private Unix socket. */
  socketPath: string;
  /** Resolves once the pages can be served. */
  ready: Promise<void>;
  /**
   * Hands a request to the worker (a page, an API write, an API call authenticated with a password);
   * answers 503 while it is (re)starting.
   */
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Hands a protocol upgrade (the dev server's hot-reload WebSocket) to Next. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /**
   * Has the worker write a batch of API usage (its commit then never holds up this thread).
   * Resolves once it is committed; rejects when the worker is not running, reports a failure, exits
   * first or does not confirm within USAGE_CONFIRM_MS (see lib/api/usage.ts for what happens next).
   */
  writeUsage(batch: UsageBatch): Promise<void>;
  stop(): Promise<void>;
};

/**
 * Runs the server's worker thread (./next-worker.ts: Next, the API's durable writes, the scheduler)
 * listening on a Unix socket in a private directory, restarts it if it dies, and proxies requests to it. The socket is reachable only by this user,
 * so the client-IP header the main thread stamps cannot be forged from outside.
 */
export function hostNext(options: {
  dev: boolean;
  /** Next's build directory. */
  distDir: string;
  /** The worker's entry module (tests use a stand-in that echoes requests). */
  entry?: URL;
  port: number;
  /** How long a usage batch may wait for the worker's confirmation (USAGE_CONFIRM_MS; tests shorten it). */
  usageConfirmMs?: number;
}): NextHost {
  const dir = mkdtempSync(path.join(tmpdir(), "keyward-"));
  const socketPath = path.join(dir, "next.sock");
  // Kept-alive connections, which the worker never closes when idle (WORKER_KEEP_ALIVE_TIMEOUT): with one
  // connection per request the worker, running in parallel, answers and closes it before this side
  // has finished its last (empty) write, and a request the worker did serve failed with EPIPE here.
  const agent = new Agent({ keepAlive: true });
  let up = false;
  let nextUsageId = 0;
  const pendingUsage = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  const settleUsage = (id: number, error?: Error) => {
    const pending = pendingUsage.get(id);
    pendingUsage.delete(id);
    if (error) pending?.reject(error);
    else pending?.resolve();
  };
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });

  const pages = superviseWorker(
    "pages worker",
    () => {
      rmSync(socketPath, { force: true });
      const workerOptions: WorkerOptions = {
        dev: options.dev,
        distDir: options.distDir,
        port: options.port,
        socketPath,
      };
      const created = new Worker(bootstrap(options.entry ?? new URL("./next-worker.ts", import.meta.url)), {
        eval: true,
        workerData: workerOptions,
        env: process.env,
        resourceLimits: options.dev ? undefined : PAGES_HEAP_LIMITS,
      });
      created.on("message", (message: WorkerMessage) => {
        if (message.type === "ready") {
          up = true;
          markReady();
        } else if (message.type === "usage-written") settleUsage(message.id);
        else if (message.type === "usage-failed") settleUsage(message.id, new Error(message.message));
      });
      return created;
    },
    {
      onExit: (code) => {
        up = false;
        // Batches it had not confirmed go back to their senders (it may have died before committing).
        for (const id of [...pendingUsage.keys()]) settleUsage(id, new Error(`the worker exited (${code})`));
      },
    },
  );

  return {
    socketPath,
    ready,
    handle(req, res) {
      if (!up) {
        req.resume();
        unavailable(res);
        return;
      }
      const upstream = request(
        { socketPath, agent, method: req.method, path: req.url, headers: forwardedHeaders(req) },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.statusMessage, endToEnd(answer.rawHeaders));
          answer.pipe(res);
          answer.on("error", () => res.destroy()); // the worker went away mid-answer
        },
      );
      upstream.on("error", (error: NodeJS.ErrnoException) => {
        if (res.headersSent) return; // answered already (it may have stopped reading the body early)
        if (!res.destroyed)
          console.error(`Keyward: the worker did not answer ${req.method} ${req.url}: ${error.code ?? error.message}`);
        unavailable(res);
      });
      // A client that goes away mid-answer: stop rendering for it.
      res.on("close", () => {
        if (!res.writableFinished) upstream.destroy();
      });
      req.pipe(upstream);
    },
    upgrade(req, socket, head) {
      const upstream = connect(socketPath, () => {
        const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
        for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
        upstream.write(`${lines.join("\r\n")}\r\n\r\n`);
        if (head.length > 0) upstream.write(head);
        upstream.pipe(socket).pipe(upstream);
      });
      upstream.on("error", () => socket.destroy());
      socket.on("error", () => upstream.destroy());
    },
    writeUsage(batch) {
      const current = pages.current();
      if (!up || !current) return Promise.reject(new Error("the worker is not running"));
      const id = ++nextUsageId;
      return new Promise<void>((resolve, reject) => {
        // A worker stuck in a long render must not hold the batches up for good: after this long the
        // sender takes the batch back (a late confirmation is ignored).
        const timer = setTimeout(
          () => settleUsage(id, new Error("the worker did not confirm in time")),
          options.usageConfirmMs ?? USAGE_CONFIRM_MS,
        );
        timer.unref();
        pendingUsage.set(id, {
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        });
        current.postMessage({ type: "usage", id, batch } satisfies HostMessage);
      });
    },
    async stop() {
      agent.destroy();
      await pages.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

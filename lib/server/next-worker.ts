// The Keyward server's worker thread: Next.js (pages, server actions, Auth.js), the API requests
// that write durably, the main thread's batches of API usage, and the notification scheduler —
// everything that may wait on a render or on the disk — so none of it holds the event loop that
// answers verifications on the main thread. It listens on a private Unix socket; the main thread
// proxies those requests to it (see ./host.ts).
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { setPriority } from "node:os";
import path from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import next from "next";
import { handleProxiedApiRequest, isApiPath, usage } from "../api";
import { jobsIntervalMs } from "../notifications/config";
import { startScheduler } from "../notifications/scheduler";
import {
  type HostMessage,
  PAGES_NICE,
  WORKER_KEEP_ALIVE_TIMEOUT,
  type WorkerMessage,
  type WorkerOptions,
} from "./host";
import { applyPageHeaders } from "./page-headers";
import { refusePagePost } from "./page-posts";
import { commitHandedUsage } from "./usage-handoff";

const { dev, distDir, port, socketPath } = workerData as WorkerOptions;

// On Linux a priority is per thread: this worker's renders yield the CPU to the API's thread.
try {
  setPriority(0, PAGES_NICE);
} catch {} // not permitted or not supported: same priority as the API

if (!dev) {
  // The configuration the build recorded, as Next's own standalone server hands it over: otherwise
  // Next compiles next.config.ts at every start with its native SWC binding, which then stays in
  // memory (≈ 30 MB) for nothing.
  const { config } = JSON.parse(readFileSync(path.join(distDir, "required-server-files.json"), "utf8"));
  process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(config);
}
const app = next({ dev, dir: process.cwd(), port });
await app.prepare();
const handle = app.getRequestHandler();
const server = createServer((req, res) => {
  if (isApiPath(req.url)) {
    handleProxiedApiRequest(req, res);
    return;
  }
  applyPageHeaders(req, res, dev);
  // Cross-origin or unparsable server-action posts: 403/400 here, not a 500 and a log line from Next.
  if (!refusePagePost(req, res)) void handle(req, res);
});
server.keepAliveTimeout = WORKER_KEEP_ALIVE_TIMEOUT;
if (dev) server.on("upgrade", app.getUpgradeHandler()); // hot reload's WebSocket

// Expiry reminders, e-mail delivery and the purge of long-expired tokens: once now (catching up after
// downtime), then every minute; mail queued by a write in this thread is delivered at once.
const interval = jobsIntervalMs();
const scheduler = interval > 0 ? startScheduler({ intervalMs: interval }) : undefined;

const post = (message: WorkerMessage) => parentPort?.postMessage(message);
server.listen(socketPath, () => post({ type: "ready" }));

parentPort?.on("message", (message: HostMessage) => {
  if (message.type === "usage") {
    // The main thread's batch of API usage: committed here, off the thread that answers verifications.
    void commitHandedUsage(message).then(post);
    return;
  }
  server.close(() => {
    void Promise.all([scheduler?.stop(), usage().flush()]).then(() => process.exit(0));
  });
  server.closeIdleConnections();
});

// Next.js (pages, server actions, Auth.js) in a worker thread of the Keyward server, so page renders
// never hold the event loop that answers the REST API and the OAuth endpoints. It listens on a
// private Unix socket; the main thread proxies every non-API request to it (see ./host.ts).
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { setPriority } from "node:os";
import path from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import next from "next";
import { registerDeliveryHook } from "../notifications/kick";
import { PAGES_NICE, type WorkerMessage, type WorkerOptions } from "./host";

const { dev, distDir, port, socketPath } = workerData as WorkerOptions;

// On Linux a priority is per thread: this worker's renders yield the CPU to the API's thread.
try {
  setPriority(0, PAGES_NICE);
} catch {} // not permitted or not supported: same priority as the API
const post = (message: WorkerMessage) => parentPort?.postMessage(message);

// Mail queued by a server action is delivered by the main thread's scheduler, without waiting for its tick.
registerDeliveryHook(() => post({ type: "deliver" }));

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
const server = createServer((req, res) => void handle(req, res));
if (dev) server.on("upgrade", app.getUpgradeHandler()); // hot reload's WebSocket

server.listen(socketPath, () => post({ type: "ready" }));

parentPort?.on("message", (message: { type: string }) => {
  if (message.type !== "stop") return;
  server.close(() => process.exit(0));
  server.closeIdleConnections();
});

// Next.js (pages, server actions, Auth.js) in a worker thread of the Keyward server, so page renders
// never hold the event loop that answers the REST API and the OAuth endpoints. It listens on a
// private Unix socket; the main thread proxies every non-API request to it (see ./host.ts).
import { createServer } from "node:http";
import { parentPort, workerData } from "node:worker_threads";
import next from "next";
import { registerDeliveryHook } from "../notifications/kick";
import type { WorkerMessage, WorkerOptions } from "./host";

const { dev, port, socketPath } = workerData as WorkerOptions;
const post = (message: WorkerMessage) => parentPort?.postMessage(message);

// Mail queued by a server action is delivered by the main thread's scheduler, without waiting for its tick.
registerDeliveryHook(() => post({ type: "deliver" }));

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

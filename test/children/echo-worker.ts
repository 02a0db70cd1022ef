// A stand-in for ./next-worker.ts in host.test.ts: the same protocol (listen on the socket, say
// "ready", commit usage batches with the worker's own code, stop on "stop"), answering with what it
// was sent. A usage batch whose first key was used from "hold" is never answered.
import { createServer } from "node:http";
import { parentPort, workerData } from "node:worker_threads";
import { type HostMessage, WORKER_KEEP_ALIVE_TIMEOUT, type WorkerMessage, type WorkerOptions } from "@/lib/server/host";
import { commitHandedUsage } from "@/lib/server/usage-handoff";

const { socketPath } = workerData as WorkerOptions;
const post = (message: WorkerMessage) => parentPort?.postMessage(message);
let aborted = 0;

const server = createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://worker");
  if (url.pathname === "/crash") process.exit(1);
  if (url.pathname === "/stream") {
    res.writeHead(
      200,
      [
        ["Set-Cookie", "a=1"],
        ["Set-Cookie", "b=2"],
        ["Content-Type", "text/plain"],
      ].flat(),
    );
    res.write("first;");
    setTimeout(() => res.end("second"), 300);
    return;
  }
  if (url.pathname === "/hang") {
    res.on("close", () => {
      aborted += 1;
    });
    res.writeHead(200, { "Content-Type": "text/plain" });
    res.write("started");
    return;
  }
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const body = JSON.stringify({
      method: req.method,
      url: req.url,
      headers: req.headers,
      body: Buffer.concat(chunks).toString(),
      aborted,
    });
    res.writeHead(201, { "Content-Type": "application/json", "Keep-Alive": "timeout=99", "X-Echo": "yes" });
    res.end(body);
  });
});
server.keepAliveTimeout = WORKER_KEEP_ALIVE_TIMEOUT;
server.listen(socketPath, () => post({ type: "ready" }));
parentPort?.on("message", (message: HostMessage) => {
  if (message.type === "usage") {
    if (message.batch.lastUsed[0]?.ip !== "hold") void commitHandedUsage(message).then(post);
    return;
  }
  server.close(() => process.exit(0));
  server.closeAllConnections();
});

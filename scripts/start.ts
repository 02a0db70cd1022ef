import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import { BACKGROUND_CHECKPOINT, databasePath, getDb, migrateDatabase } from "../db/client";
import {
  handleApiRequest,
  isApiPath,
  missingPublicUrlWarning,
  refuseDeclaredTooLarge,
  servedByWorker,
  usage,
} from "../lib/api";
import { startCheckpointer } from "../lib/server/checkpointer";
import { hostNext } from "../lib/server/host";
import { ensureLocalEnv } from "./local-env";

const dev = process.argv.includes("--dev");
process.env.NEXT_TELEMETRY_DISABLED = "1";
ensureLocalEnv();
const publicUrlWarning = missingPublicUrlWarning();
if (publicUrlWarning) console.error(publicUrlWarning);

// `npm start` on a fresh clone: build once, then reuse the build.
const distDir = process.env.NEXT_DIST_DIR || ".next";
if (!dev && !existsSync(path.join(distDir, "BUILD_ID"))) {
  console.log("No production build yet: running `next build` (about half a minute)…");
  const build = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// Every connection of this process (this thread's, the pages worker's) leaves WAL checkpoints to the checkpointer thread.
process.env[BACKGROUND_CHECKPOINT] = "1";
migrateDatabase(getDb());
const checkpointer = startCheckpointer(databasePath());

const port = Number(process.env.PORT) || 3000;
const hostname = process.env.HOST || "0.0.0.0";
// Pages render, durable API writes commit and notifications go out in a worker thread: a slow
// render or a disk flush never delays the verifications answered on this thread.
const pages = hostNext({ dev, distDir, port });
await pages.ready;
// This thread's batches of API usage are committed by the worker too (lib/api/usage.ts: when it cannot).
usage().writeWith((batch) => pages.writeUsage(batch));

const server = createServer((req, res) => {
  // The REST API and OAuth endpoints skip Next's request pipeline entirely (the verification hot path).
  if (!isApiPath(req.url)) pages.handle(req, res);
  else if (!servedByWorker(req)) handleApiRequest(req, res);
  // A body declared over the API's limit is refused here, not streamed to the worker to be refused.
  else if (!refuseDeclaredTooLarge(req, res)) pages.handle(req, res);
});
server.on("upgrade", pages.upgrade);

server.listen(port, hostname, () => {
  console.log(`Keyward ${dev ? "(dev) " : ""}listening on http://localhost:${port} — database ${databasePath()}`);
});

function shutdown() {
  // The worker is about to stop: from here on usage batches (and any it handed back) are committed here.
  usage().writeWith(undefined);
  void usage().flush();
  server.close(
    () => void Promise.all([pages.stop(), usage().flush(), checkpointer.stop()]).then(() => process.exit(0)),
  );
  server.closeIdleConnections();
  // Past the worker's own grace period (5 s) and a last commit here.
  setTimeout(() => process.exit(0), 10_000).unref();
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);

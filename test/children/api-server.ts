// Child process for the race and crash-safety tests (run with `node --import tsx`): the API handler
// alone (no Next: the API never touches it) on a loopback port, on DATABASE_PATH, migrating it at
// start as scripts/start.ts does. Prints "listening <port>" once it serves. SIGTERM flushes the
// batched usage and exits; the crash-safety test sends SIGKILL instead.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { closeDb, getDb, migrateDatabase } from "@/db/client";
import { handleApiRequest, usage } from "@/lib/api/index";

migrateDatabase(getDb());
const server = createServer(handleApiRequest);
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
});

process.on("SIGTERM", () => {
  server.close();
  server.closeAllConnections();
  void usage()
    .flush()
    .then(() => {
      closeDb();
      process.exit(0);
    });
});

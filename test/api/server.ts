import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { handleApiRequest } from "@/lib/api/index";
import { watchResponse } from "./contract";

/**
 * The API handler on an ephemeral loopback port, for tests (no Next needed: the API never touches
 * it). Every response is checked against the OpenAPI document (test/api/contract.ts).
 */
export async function startApiServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    watchResponse(req, res);
    handleApiRequest(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

import type { IncomingMessage } from "node:http";

/** Set by Keyward's HTTP server on every request it hands to Next; any incoming copy is overwritten. */
export const CLIENT_IP_HEADER = "x-keyward-client-ip";

/** Whether the operator put Keyward behind a reverse proxy whose X-Forwarded-* headers count (TRUST_PROXY=1). */
export function trustsProxy(): boolean {
  return process.env.TRUST_PROXY === "1" || process.env.TRUST_PROXY === "true";
}

/**
 * The address a request came from. Behind a reverse proxy (TRUST_PROXY=1) the left-most
 * X-Forwarded-For entry is taken; otherwise the socket's address, which a client cannot forge.
 */
export function clientIp(req: IncomingMessage, trustProxy = trustsProxy()): string {
  if (trustProxy) {
    const forwarded = req.headers["x-forwarded-for"];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
    if (first) return first.slice(0, 64);
  }
  const address = req.socket.remoteAddress ?? "unknown";
  return address.startsWith("::ffff:") ? address.slice(7) : address;
}

/** Behind Keyward's own proxy (a worker thread of the server): the address the main thread stamped. */
export function stampedClientIp(req: IncomingMessage): string {
  const stamped = req.headers[CLIENT_IP_HEADER];
  return (Array.isArray(stamped) ? stamped[0] : stamped) || "unknown";
}

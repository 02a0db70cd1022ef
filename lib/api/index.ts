import { stampedClientIp } from "../client-ip";
import { oauthRoutes } from "./oauth";
import { resourceRoutes } from "./resources";
import { createApiHandler } from "./router";

/** Paths served by the API handler instead of Next. */
export function isApiPath(url: string | undefined): boolean {
  return (
    !!url &&
    (url.startsWith("/api/v1/") || url === "/api/v1" || url.startsWith("/.well-known/oauth-authorization-server"))
  );
}

const routes = [...oauthRoutes, ...resourceRoutes];
export const handleApiRequest = createApiHandler(routes);
/** The same API in the server's worker thread, behind its proxy: the caller is the stamped address. */
export const handleProxiedApiRequest = createApiHandler(routes, { callerIp: stampedClientIp });

/**
 * API requests that write durably (key lifecycle, users, token issue and revocation): the server
 * serves them from its worker thread, so a commit waiting on the disk (`synchronous=FULL`) never
 * holds up the verifications answered on the main thread. Reads, including token introspection,
 * stay on the main thread.
 */
export function writesDurably(method: string | undefined, url: string): boolean {
  if (method === "GET" || method === "HEAD" || method === "OPTIONS") return false;
  return !url.startsWith("/api/v1/oauth/introspect");
}
export { refuseDeclaredTooLarge } from "./http";
export { usage } from "./usage";

import type { IncomingMessage, ServerResponse } from "node:http";
import { stampedClientIp } from "../client-ip";
import { refuseDeclaredTooLarge as refuseTooLarge, sendError, sendOAuthError, splitAuthorization } from "./http";
import { oauthRoutes } from "./oauth";
import { resourceRoutes } from "./resources";
import { createApiHandler, isOAuthRoute } from "./router";

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
 * API requests the server answers in its worker thread, so that neither a commit waiting on the
 * disk (`synchronous=FULL`) nor a bcrypt check holds up the verifications answered on the main
 * thread: every method but GET/HEAD/OPTIONS (key lifecycle, users, token issue and revocation),
 * except token introspection; and any resource request that authenticates with a user's password
 * (HTTP Basic: a quarter of a second of bcrypt, and the sign-in throttle commits). The OAuth
 * endpoints' Basic credentials are a client ID and secret, checked like any key.
 */
export function servedByWorker(req: Pick<IncomingMessage, "method" | "url" | "headers">): boolean {
  const url = req.url ?? "";
  if (url.startsWith("/api/v1/oauth/introspect")) return false;
  if (req.method !== "GET" && req.method !== "HEAD" && req.method !== "OPTIONS") return true;
  const password = splitAuthorization(req.headers.authorization ?? "").scheme === "basic";
  return password && url.startsWith("/api/v1/") && !url.startsWith("/api/v1/oauth/");
}

const oauthPaths = new Set(oauthRoutes.filter(isOAuthRoute).map((route) => route.path));

/**
 * Answers 413 (and returns true) for an API body declared too large, before the server hands the
 * request to its worker: in RFC 6749's error format on the OAuth endpoints, as the router would.
 */
export function refuseDeclaredTooLarge(req: IncomingMessage, res: ServerResponse): boolean {
  const path = (req.url ?? "").split("?")[0]?.replace(/\/+$/, "") ?? "";
  return refuseTooLarge(req, res, oauthPaths.has(path) ? sendOAuthError : sendError);
}
export { missingPublicUrlWarning } from "./oauth";
export { usage } from "./usage";

import type { IncomingMessage } from "node:http";
import type { z } from "zod";
import { databaseVersion } from "@/db/client";
import { findAccessToken } from "@/db/queries/verification";
import { isWellFormedAccessToken } from "../keys";
import { configuredPublicUrl, publicUrl } from "../public-url";
import { issueToken, mayIntrospect, revokeToken } from "../services/tokens";
import { authenticateClient, keyRefusal } from "./authenticate";
import { ApiError, splitAuthorization } from "./http";
import type { RequestContext, Route } from "./router";
import { type serverMetadata, tokenParam, tokenRequest } from "./schemas";

/**
 * OAuth 2.0 client credentials (RFC 6749 §4.4) with discovery (RFC 8414), revocation (RFC 7009)
 * and introspection (RFC 7662). A key's client ID and secret are its client credentials.
 *
 * Who may introspect or revoke: any authenticated client, for tokens issued to itself; a client
 * whose owner is an administrator or auditor (introspection) or administrator (revocation), for any
 * token. Anything else is answered as if the token did not exist ({"active": false}; 200).
 */

const NO_STORE = { "Cache-Control": "no-store", Pragma: "no-cache" };

function oauthError(status: number, code: string, description: string): ApiError {
  return new ApiError(status, code, description);
}

/** client_secret_basic (RFC 6749 §2.3.1: each part form-url-encoded) or client_secret_post, never both. */
function clientCredentials(req: IncomingMessage, body: { client_id?: string; client_secret?: string }) {
  const header = splitAuthorization(req.headers.authorization ?? "");
  const fromBody = body.client_id !== undefined || body.client_secret !== undefined;
  if (header.scheme === "basic") {
    if (fromBody) throw oauthError(400, "invalid_request", "Use one client authentication method, not two.");
    const decoded = Buffer.from(header.credentials, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) return null;
    try {
      const decode = (part: string) => decodeURIComponent(part.replace(/\+/g, " "));
      return { clientId: decode(decoded.slice(0, colon)), secret: decode(decoded.slice(colon + 1)) };
    } catch {
      return null;
    }
  }
  if (body.client_id && body.client_secret) return { clientId: body.client_id, secret: body.client_secret };
  return null;
}

async function authenticatedClient(
  ctx: RequestContext,
  body: { client_id?: string; client_secret?: string },
  version?: string,
) {
  const result = authenticateClient(clientCredentials(ctx.req, body), ctx.caller, version);
  if ("error" in result) throw result.error;
  return result.key;
}

function issuer(req: IncomingMessage): string {
  const configured = configuredPublicUrl();
  if (configured) return configured;
  const trustProxy = process.env.TRUST_PROXY === "1" || process.env.TRUST_PROXY === "true";
  const proto = trustProxy ? String(req.headers["x-forwarded-proto"] ?? "http").split(",")[0] : "http";
  const host = (trustProxy && req.headers["x-forwarded-host"]) || req.headers.host || "localhost";
  return `${proto}://${host}`;
}

async function token(ctx: RequestContext) {
  const body = tokenRequest.safeParse(await ctx.body());
  if (!body.success) throw oauthError(400, "invalid_request", "The token request is malformed.");
  const key = await authenticatedClient(ctx, body.data);
  if (!body.data.grant_type) throw oauthError(400, "invalid_request", "grant_type is required.");
  if (body.data.grant_type !== "client_credentials") {
    throw oauthError(400, "unsupported_grant_type", "Only the client_credentials grant is supported.");
  }
  const { accessToken, expiresIn } = await issueToken(key, {
    actorId: key.ownerId,
    actorUsername: key.ownerUsername,
    ip: ctx.caller.ip,
    userAgent: ctx.caller.userAgent,
  });
  return {
    headers: NO_STORE,
    body: { access_token: accessToken, token_type: "Bearer", expires_in: expiresIn },
  };
}

async function introspect(ctx: RequestContext) {
  const body = tokenParam.safeParse(await ctx.body());
  if (!body.success) throw oauthError(400, "invalid_request", "The introspection request is malformed.");
  const version = databaseVersion(); // one check for the client's key and the token
  const client = await authenticatedClient(ctx, body.data, version);
  if (!body.data.token) throw oauthError(400, "invalid_request", "token is required.");
  const found = isWellFormedAccessToken(body.data.token) ? findAccessToken(body.data.token, version) : undefined;
  const visible = found && mayIntrospect(client, found);
  const now = Date.now();
  if (!found || !visible || found.tokenRevoked || found.tokenExpiresAt <= now || keyRefusal(found, now)) {
    return { headers: NO_STORE, body: { active: false } };
  }
  return {
    headers: NO_STORE,
    body: {
      active: true,
      client_id: found.clientId,
      username: found.ownerUsername,
      sub: String(found.ownerId),
      token_type: "Bearer",
      exp: Math.floor(found.tokenExpiresAt / 1000),
      iat: Math.floor(found.tokenIssuedAt / 1000),
      iss: issuer(ctx.req),
    },
  };
}

async function revoke(ctx: RequestContext) {
  const body = tokenParam.safeParse(await ctx.body());
  if (!body.success) throw oauthError(400, "invalid_request", "The revocation request is malformed.");
  const client = await authenticatedClient(ctx, body.data);
  if (!body.data.token) throw oauthError(400, "invalid_request", "token is required.");
  if (isWellFormedAccessToken(body.data.token)) {
    await revokeToken(client, body.data.token, {
      actorId: client.ownerId,
      actorUsername: client.ownerUsername,
      ip: ctx.caller.ip,
      userAgent: ctx.caller.userAgent,
    });
  }
  // RFC 7009 §2.2: 200 whether or not there was such a token.
  return { headers: NO_STORE, body: {} };
}

function metadata(ctx: RequestContext) {
  const base = issuer(ctx.req);
  const methods: ("client_secret_basic" | "client_secret_post")[] = ["client_secret_basic", "client_secret_post"];
  const body: z.infer<typeof serverMetadata> = {
    issuer: base,
    token_endpoint: `${base}/api/v1/oauth/token`,
    revocation_endpoint: `${base}/api/v1/oauth/revoke`,
    introspection_endpoint: `${base}/api/v1/oauth/introspect`,
    grant_types_supported: ["client_credentials"],
    // No response_types_supported: there is no authorization endpoint for a response type to come from.
    token_endpoint_auth_methods_supported: methods,
    revocation_endpoint_auth_methods_supported: methods,
    introspection_endpoint_auth_methods_supported: methods,
    service_documentation: `${base}/api-reference`,
  };
  // Without PUBLIC_URL the issuer comes from the request's Host: a shared cache must not keep one
  // caller's answer (Host: evil.example) for the next.
  const cache = configuredPublicUrl() ? "public, max-age=300" : "no-store";
  return Promise.resolve({ body, headers: { "Cache-Control": cache } });
}

/** The line `npm start` prints in production without PUBLIC_URL (the issuer then follows the Host header). */
export function missingPublicUrlWarning(): string | undefined {
  if (process.env.NODE_ENV !== "production" || configuredPublicUrl()) return undefined;
  return `Warning: PUBLIC_URL is not set: the OAuth issuer follows each request's Host header and e-mailed links point to ${publicUrl()}. Set PUBLIC_URL to the address clients use.`;
}

export const oauthRoutes: Route[] = [
  { method: "POST", path: "/api/v1/oauth/token", auth: false, errors: "oauth", handler: token },
  { method: "POST", path: "/api/v1/oauth/introspect", auth: false, errors: "oauth", handler: introspect },
  { method: "POST", path: "/api/v1/oauth/revoke", auth: false, errors: "oauth", handler: revoke },
  { method: "GET", path: "/.well-known/oauth-authorization-server", auth: false, handler: metadata },
];

import { z } from "zod";
import { MAX_BODY_BYTES } from "./http";
import {
  auditEventJson,
  auditListQuery,
  auditPage,
  createKeyBody,
  errorBody,
  introspectionResponse,
  issuedKeyJson,
  keyJson,
  keyListQuery,
  keyPage,
  meJson,
  oauthErrorBody,
  revocationResponse,
  serverMetadata,
  tokenParam,
  tokenRequest,
  tokenResponse,
  updateKeyBody,
  userJson,
  userListQuery,
  userPage,
} from "./schemas";

/**
 * The OpenAPI 3.1 document, built from the same zod schemas the handlers validate with and answer
 * by (z.toJSONSchema speaks JSON Schema 2020-12, OpenAPI 3.1's dialect).
 */
type JsonSchema = Record<string, unknown>;
const COMPONENTS = "#/components/schemas/";

/** Named schemas, with the references between them (a page's items point at the item's schema). */
function components(io: "input" | "output", named: Record<string, z.ZodType>): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(named)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { io, unrepresentable: "any", uri: (id) => `${COMPONENTS}${id}` });
  // `$id`/`$schema` belong to standalone documents, not to schemas inside this one.
  return Object.fromEntries(
    Object.entries(schemas).map(([id, { $id: _id, $schema: _schema, ...schema }]) => [id, schema]),
  );
}

/** A list's query parameters, from the schema that validates them (as what their values mean). */
const queryParams = (query: z.ZodObject) =>
  Object.entries(query.shape).map(([name, field]) => {
    const {
      $schema: _schema,
      description,
      ...schema
    } = z.toJSONSchema(field as z.ZodType, {
      io: "output",
      unrepresentable: "any",
    });
    return { name, in: "query", ...(description ? { description } : {}), schema };
  });

const ref = (name: string) => ({ $ref: `${COMPONENTS}${name}` });
const json = (name: string) => ({ "application/json": { schema: ref(name) } });
const response = (description: string, schema: string, headers?: object) => ({
  description,
  content: json(schema),
  ...(headers ? { headers } : {}),
});
const header = (description: string) => ({ description, required: true, schema: { type: "string" } });

/** Answers shared by operations (in the API's error format, or RFC 6749's on the OAuth endpoints). */
const answers = (error: "Error" | "OAuthError") => ({
  badInput: response("Bad input: the fields (or query parameters) at fault are named", error),
  badUrl: response("The URL is malformed", error),
  unauthenticated:
    error === "Error"
      ? response("Missing, invalid or blocked credentials", error, {
          "WWW-Authenticate": header('Bearer realm="keyward" (with error="invalid_token" when credentials were sent)'),
        })
      : response("invalid_client", error, { "WWW-Authenticate": header('Basic realm="keyward"') }),
  forbidden: response("Forbidden for this key's owner", error),
  notFound: response("Not found", error),
  tooLarge: response(`The body is over ${MAX_BODY_BYTES / 1024} KiB`, error),
  mediaType: response("A body that is neither application/json nor application/x-www-form-urlencoded", error),
  throttled: response("Too many failed attempts from this address or for this client", error, {
    "Retry-After": header("Seconds until the next attempt may succeed"),
  }),
  serverError: response("An unexpected server fault (logged; never a stack trace)", error),
});
const api = answers("Error");
const oauth = answers("OAuthError");

const bearer = [{ bearerToken: [] }];
const client = [{ clientCredentials: [] }];
const idParam = { name: "id", in: "path", required: true, schema: { type: "integer", minimum: 1 } };

/** Every authenticated operation may be refused (401), throttled (429) or fail. */
const authed = { 401: api.unauthenticated, 429: api.throttled, "5XX": api.serverError };
/** Every write may carry a body, which is refused over the limit before authentication. */
const write = { ...authed, 413: api.tooLarge };
/** A key by id: a malformed URL is 400, a key the caller may not see 404. */
const byId = { 400: api.badUrl, 403: api.forbidden, 404: api.notFound };

const keyAction = (operationId: string, summary: string, result = "AccessKey") => ({
  post: {
    operationId,
    summary,
    security: bearer,
    parameters: [idParam],
    responses: {
      200: response("The key", result),
      ...byId,
      409: response("Not allowed in this state (or the owner's key limit is reached)", "Error"),
      ...write,
    },
  },
});
const oauthBody = (name: string) => ({
  required: true,
  content: { "application/x-www-form-urlencoded": { schema: ref(name) }, "application/json": { schema: ref(name) } },
});
const oauthFailures = {
  400: oauth.badInput,
  401: oauth.unauthenticated,
  413: oauth.tooLarge,
  415: oauth.mediaType,
  429: oauth.throttled,
  "5XX": oauth.serverError,
};

let cached: object | undefined;

export function openApiDocument(): object {
  cached ??= {
    openapi: "3.1.0",
    info: {
      title: "Keyward API",
      version: "1",
      description:
        "Manage API access keys, and obtain OAuth 2.0 access tokens with a key's client credentials. Every endpoint except the OAuth ones and the two public documents takes `Authorization: Bearer <access token>` (or a bearer-enabled key's secret) and acts with the key owner's permissions. Session cookies are ignored. A method an endpoint does not have is answered 405 with `Allow`; HEAD is answered wherever GET is.",
      // package.json says UNLICENSED (offered under no licence); SPDX spells an unlisted licence LicenseRef-….
      license: { name: "Proprietary (UNLICENSED)", identifier: "LicenseRef-Proprietary" },
    },
    servers: [{ url: "/" }],
    components: {
      securitySchemes: {
        bearerToken: {
          type: "http",
          scheme: "bearer",
          description: "An access token (kwt_…) or a bearer-enabled key secret (kws_…)",
        },
        clientCredentials: { type: "http", scheme: "basic", description: "client_id:secret (client_secret_basic)" },
      },
      schemas: {
        ...components("output", {
          Error: errorBody,
          OAuthError: oauthErrorBody,
          Me: meJson,
          User: userJson,
          UserPage: userPage,
          AccessKey: keyJson,
          AccessKeyPage: keyPage,
          IssuedAccessKey: issuedKeyJson,
          AuditEvent: auditEventJson,
          AuditEventPage: auditPage,
          TokenResponse: tokenResponse,
          IntrospectionResponse: introspectionResponse,
          RevocationResponse: revocationResponse,
          AuthorizationServerMetadata: serverMetadata,
        }),
        ...components("input", {
          CreateAccessKey: createKeyBody,
          UpdateAccessKey: updateKeyBody,
          TokenRequest: tokenRequest,
          TokenParameter: tokenParam,
        }),
      },
    },
    paths: {
      "/api/v1/oauth/token": {
        post: {
          operationId: "issueToken",
          summary: "Get an access token (client_credentials)",
          description:
            "Client authentication by HTTP Basic (client_secret_basic) or body fields (client_secret_post); JSON bodies are accepted too. Answers with Cache-Control: no-store.",
          security: [...client, {}],
          requestBody: oauthBody("TokenRequest"),
          responses: { 200: response("A token", "TokenResponse"), ...oauthFailures },
        },
      },
      "/api/v1/oauth/introspect": {
        post: {
          operationId: "introspectToken",
          summary: "Introspect a token (RFC 7662)",
          description:
            "For resource servers. The caller authenticates as a client; it sees its own tokens, and any token when its owner is an administrator or auditor. Others get {active:false}.",
          security: client,
          requestBody: oauthBody("TokenParameter"),
          responses: { 200: response("Token state", "IntrospectionResponse"), ...oauthFailures },
        },
      },
      "/api/v1/oauth/revoke": {
        post: {
          operationId: "revokeToken",
          summary: "Revoke a token (RFC 7009)",
          description:
            "A client revokes its own tokens; an administrator's client any token. Always 200 for an authenticated client.",
          security: client,
          requestBody: oauthBody("TokenParameter"),
          responses: { 200: response("Revoked, or there was no such token", "RevocationResponse"), ...oauthFailures },
        },
      },
      "/.well-known/oauth-authorization-server": {
        get: {
          operationId: "getAuthorizationServerMetadata",
          summary: "Authorization server metadata (RFC 8414)",
          description:
            "Cached publicly for 5 minutes when PUBLIC_URL is set; otherwise the URLs follow the request's Host header and the answer is not stored.",
          security: [],
          responses: { 200: response("Metadata", "AuthorizationServerMetadata") },
        },
      },
      "/api/v1/openapi.json": {
        get: {
          operationId: "getOpenApiDocument",
          summary: "This OpenAPI 3.1 document (no authentication)",
          security: [],
          responses: {
            200: { description: "The document", content: { "application/json": { schema: { type: "object" } } } },
          },
        },
      },
      "/api/v1/me": {
        get: {
          operationId: "getMe",
          summary: "The key's owner and the key",
          security: bearer,
          responses: { 200: response("Who is calling", "Me"), ...authed },
        },
      },
      "/api/v1/users": {
        get: {
          operationId: "listUsers",
          summary: "List users (administrators and auditors)",
          security: bearer,
          parameters: queryParams(userListQuery),
          responses: {
            200: response("A page of users", "UserPage"),
            400: api.badInput,
            403: api.forbidden,
            ...authed,
          },
        },
      },
      "/api/v1/access-keys": {
        get: {
          operationId: "listAccessKeys",
          summary: "List access keys (all for staff; one's own for users, by self-service level)",
          security: bearer,
          parameters: queryParams(keyListQuery),
          responses: {
            200: response("A page of keys", "AccessKeyPage"),
            400: api.badInput,
            403: api.forbidden,
            ...authed,
          },
        },
        post: {
          operationId: "createAccessKey",
          summary: "Create an access key; the secret is in this response only",
          security: bearer,
          requestBody: { required: true, content: json("CreateAccessKey") },
          responses: {
            201: response("Created", "IssuedAccessKey"),
            400: api.badInput,
            403: api.forbidden,
            409: response("Per-user key limit reached", "Error"),
            415: api.mediaType,
            ...write,
          },
        },
      },
      "/api/v1/access-keys/{id}": {
        get: {
          operationId: "getAccessKey",
          summary: "One access key",
          security: bearer,
          parameters: [idParam],
          responses: { 200: response("The key", "AccessKey"), ...byId, ...authed },
        },
        patch: {
          operationId: "updateAccessKey",
          summary: "Edit name, description, expiration date, bearer flag (administrators)",
          security: bearer,
          parameters: [idParam],
          requestBody: { required: true, content: json("UpdateAccessKey") },
          responses: {
            200: response("The key", "AccessKey"),
            ...byId,
            400: response("Bad input (the fields at fault are named), or a malformed URL", "Error"),
            415: api.mediaType,
            ...write,
          },
        },
        delete: {
          operationId: "deleteAccessKey",
          summary: "Delete an access key",
          security: bearer,
          parameters: [idParam],
          responses: { 204: { description: "Deleted" }, ...byId, ...write },
        },
      },
      "/api/v1/access-keys/{id}/activate": keyAction("activateAccessKey", "Activate an inactive key"),
      "/api/v1/access-keys/{id}/deactivate": keyAction("deactivateAccessKey", "Deactivate an active key"),
      "/api/v1/access-keys/{id}/revoke": keyAction("revokeAccessKey", "Revoke a key's secret for good"),
      "/api/v1/access-keys/{id}/regenerate": keyAction(
        "regenerateAccessKey",
        "Issue a new secret (in this response only)",
        "IssuedAccessKey",
      ),
      "/api/v1/audit-events": {
        get: {
          operationId: "listAuditEvents",
          summary: "Audit events, newest first (administrators and auditors)",
          security: bearer,
          parameters: queryParams(auditListQuery),
          responses: {
            200: response("A page of events", "AuditEventPage"),
            400: api.badInput,
            403: api.forbidden,
            ...authed,
          },
        },
      },
    },
  };
  return cached;
}

import { z } from "zod";
import {
  createKeyBody,
  errorBody,
  issuedKeyJson,
  keyJson,
  tokenParam,
  tokenRequest,
  updateKeyBody,
  userJson,
} from "./schemas";

/**
 * The OpenAPI 3.1 document, built from the same zod schemas the handlers validate with
 * (z.toJSONSchema speaks JSON Schema 2020-12, OpenAPI 3.1's dialect).
 */
const schema = (s: z.ZodType, io: "input" | "output" = "output") => z.toJSONSchema(s, { io, unrepresentable: "any" });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string) => ({ "application/json": { schema: ref(name) } });

const errors = {
  400: { description: "Bad input", content: json("Error") },
  401: { description: "Missing, invalid or blocked credentials", content: json("Error") },
  403: { description: "Forbidden for this key's owner", content: json("Error") },
  404: { description: "Not found", content: json("Error") },
  429: { description: "Too many failed attempts; see Retry-After", content: json("Error") },
};
const bearer = [{ bearerToken: [] }];
const listParams = (names: string[]) => [
  { name: "page", in: "query", schema: { type: "integer", minimum: 1 } },
  { name: "pageSize", in: "query", schema: { type: "integer", enum: [10, 20, 50, 100] } },
  { name: "sort", in: "query", schema: { type: "string" } },
  { name: "dir", in: "query", schema: { type: "string", enum: ["asc", "desc"] } },
  ...names.map((name) => ({ name, in: "query", schema: { type: "string" } })),
];
const page = (item: string) => ({
  type: "object",
  properties: {
    items: { type: "array", items: ref(item) },
    total: { type: "integer" },
    page: { type: "integer" },
    pageSize: { type: "integer" },
    pageCount: { type: "integer" },
  },
  required: ["items", "total", "page", "pageSize", "pageCount"],
});
const idParam = { name: "id", in: "path", required: true, schema: { type: "integer" } };
const keyAction = (summary: string, response = "AccessKey") => ({
  post: {
    summary,
    security: bearer,
    parameters: [idParam],
    responses: {
      200: { description: "The key", content: json(response) },
      ...errors,
      409: { description: "Not allowed in this state", content: json("Error") },
    },
  },
});
const form = (name: string) => ({
  required: true,
  content: { "application/x-www-form-urlencoded": { schema: ref(name) }, "application/json": { schema: ref(name) } },
});

let cached: object | undefined;

export function openApiDocument(): object {
  cached ??= {
    openapi: "3.1.0",
    info: {
      title: "Keyward API",
      version: "1",
      description:
        "Manage API access keys, and obtain OAuth 2.0 access tokens with a key's client credentials. Every endpoint except the OAuth ones takes `Authorization: Bearer <access token>` (or a bearer-enabled key's secret) and acts with the key owner's permissions. Session cookies are ignored.",
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
        Error: schema(errorBody),
        User: schema(userJson),
        AccessKey: schema(keyJson),
        IssuedAccessKey: schema(issuedKeyJson),
        CreateAccessKey: schema(createKeyBody, "input"),
        UpdateAccessKey: schema(updateKeyBody, "input"),
        TokenRequest: schema(tokenRequest, "input"),
        TokenParameter: schema(tokenParam, "input"),
        TokenResponse: {
          type: "object",
          properties: {
            access_token: { type: "string" },
            token_type: { const: "Bearer" },
            expires_in: { type: "integer" },
          },
          required: ["access_token", "token_type", "expires_in"],
        },
        OAuthError: {
          type: "object",
          properties: { error: { type: "string" }, error_description: { type: "string" } },
        },
      },
    },
    paths: {
      "/api/v1/oauth/token": {
        post: {
          summary: "Get an access token (client_credentials)",
          description:
            "Client authentication by HTTP Basic (client_secret_basic) or body fields (client_secret_post); JSON bodies are accepted too. Answers with Cache-Control: no-store.",
          security: [{ clientCredentials: [] }, {}],
          requestBody: form("TokenRequest"),
          responses: {
            200: { description: "A token", content: json("TokenResponse") },
            400: { description: "RFC 6749 §5.2 error", content: json("OAuthError") },
            401: { description: "invalid_client", content: json("OAuthError") },
          },
        },
      },
      "/api/v1/oauth/introspect": {
        post: {
          summary: "Introspect a token (RFC 7662)",
          description:
            "For resource servers. The caller authenticates as a client; it sees its own tokens, and any token when its owner is an administrator or auditor. Others get {active:false}.",
          security: [{ clientCredentials: [] }],
          requestBody: form("TokenParameter"),
          responses: {
            200: { description: "Token state" },
            401: { description: "invalid_client", content: json("OAuthError") },
          },
        },
      },
      "/api/v1/oauth/revoke": {
        post: {
          summary: "Revoke a token (RFC 7009)",
          description:
            "A client revokes its own tokens; an administrator's client any token. Always 200 for an authenticated client.",
          security: [{ clientCredentials: [] }],
          requestBody: form("TokenParameter"),
          responses: {
            200: { description: "Revoked, or there was no such token" },
            401: { description: "invalid_client", content: json("OAuthError") },
          },
        },
      },
      "/.well-known/oauth-authorization-server": {
        get: { summary: "Authorization server metadata (RFC 8414)", responses: { 200: { description: "Metadata" } } },
      },
      "/api/v1/openapi.json": {
        get: {
          summary: "This OpenAPI 3.1 document (no authentication)",
          responses: {
            200: { description: "The document", content: { "application/json": { schema: { type: "object" } } } },
          },
        },
      },
      "/api/v1/me": {
        get: {
          summary: "The key's owner and the key",
          security: bearer,
          responses: { 200: { description: "Who is calling" }, 401: errors[401] },
        },
      },
      "/api/v1/users": {
        get: {
          summary: "List users (administrators and auditors)",
          security: bearer,
          parameters: listParams(["q", "role", "status"]),
          responses: {
            200: { description: "A page of users", content: { "application/json": { schema: page("User") } } },
            ...errors,
          },
        },
      },
      "/api/v1/access-keys": {
        get: {
          summary: "List access keys (all for staff; one's own for users, by self-service level)",
          security: bearer,
          parameters: listParams([
            "name",
            "clientId",
            "status",
            "owner",
            "createdBy",
            "expiresBy",
            "neverExpires",
            "expiresWithin",
          ]),
          responses: {
            200: { description: "A page of keys", content: { "application/json": { schema: page("AccessKey") } } },
            ...errors,
          },
        },
        post: {
          summary: "Create an access key; the secret is in this response only",
          security: bearer,
          requestBody: { required: true, content: json("CreateAccessKey") },
          responses: {
            201: { description: "Created", content: json("IssuedAccessKey") },
            ...errors,
            409: { description: "Per-user key limit reached", content: json("Error") },
          },
        },
      },
      "/api/v1/access-keys/{id}": {
        get: {
          summary: "One access key",
          security: bearer,
          parameters: [idParam],
          responses: { 200: { description: "The key", content: json("AccessKey") }, ...errors },
        },
        patch: {
          summary: "Edit name, description, expiration date, bearer flag (administrators)",
          security: bearer,
          parameters: [idParam],
          requestBody: { required: true, content: json("UpdateAccessKey") },
          responses: { 200: { description: "The key", content: json("AccessKey") }, ...errors },
        },
        delete: {
          summary: "Delete an access key",
          security: bearer,
          parameters: [idParam],
          responses: { 204: { description: "Deleted" }, ...errors },
        },
      },
      "/api/v1/access-keys/{id}/activate": keyAction("Activate an inactive key"),
      "/api/v1/access-keys/{id}/deactivate": keyAction("Deactivate an active key"),
      "/api/v1/access-keys/{id}/revoke": keyAction("Revoke a key's secret for good"),
      "/api/v1/access-keys/{id}/regenerate": keyAction("Issue a new secret (in this response only)", "IssuedAccessKey"),
      "/api/v1/audit-events": {
        get: {
          summary: "Audit events, newest first (administrators and auditors)",
          security: bearer,
          parameters: listParams(["actor", "event", "clientId", "from", "to"]),
          responses: { 200: { description: "A page of events" }, ...errors },
        },
      },
    },
  };
  return cached;
}

import { z } from "zod";
import { KEY_SORTS, KEY_STATUS_FILTERS } from "@/lib/model/access-keys";
import { AUDIT_SORTS } from "@/lib/model/audit";
import { USER_SORTS } from "@/lib/model/users";
import { listFieldSchemas } from "../list-params";
import { AUDIT_EVENTS } from "../model/audit";
import { ROLES } from "../model/authz";
import { keyDescriptionSchema, keyNameSchema } from "../validation/access-keys";

/**
 * The request bodies the API validates, and (through z.toJSONSchema) the schemas its OpenAPI
 * document publishes: one definition for both.
 */
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date as yyyy-mm-dd.");

export const createKeyBody = z.strictObject({
  name: keyNameSchema,
  description: keyDescriptionSchema.optional(),
  expiresAt: date.optional().describe("Valid through this UTC day; default and maximum from the key lifetime policy"),
  bearerEnabled: z.boolean().default(false),
  ownerId: z.number().int().positive().optional().describe("Administrators only; defaults to the caller"),
});

export const updateKeyBody = z.strictObject({
  name: keyNameSchema.optional(),
  // Without the create schema's default (""): a PATCH that leaves description out keeps it.
  description: keyDescriptionSchema.unwrap().optional(),
  expiresAt: date.optional(),
  bearerEnabled: z.boolean().optional(),
});

export const tokenRequest = z.object({
  grant_type: z.string().optional(),
  client_id: z.string().max(200).optional(),
  client_secret: z.string().max(200).optional(),
  scope: z.string().max(1000).optional(),
});

export const tokenParam = z.object({
  token: z.string().max(200).optional(),
  token_type_hint: z.string().max(50).optional(),
  client_id: z.string().max(200).optional(),
  client_secret: z.string().max(200).optional(),
});

/**
 * The query strings of the lists, validated strictly (400 with the parameter named) and published
 * as the operations' parameters. Page, size, sort and dir come from lib/list-params, which the
 * pages read leniently; the filters name the same value lists as lib/list-filters.
 */
function listQuery<Sort extends string>(sortable: readonly Sort[], filters: z.ZodRawShape) {
  const { page, size, sort, dir } = listFieldSchemas(sortable);
  return z.object({ page, pageSize: size, sort, dir, ...filters }).partial();
}
const text = (description: string) => z.string().describe(description);
const days = "Use a whole number of days from 1 to 3650.";
const day = (description: string) => z.iso.date("Use a date as yyyy-mm-dd.").describe(description);

export const userListQuery = listQuery(USER_SORTS, {
  q: text("Part of the username, full name or email"),
  role: z.enum(ROLES, `Use one of ${ROLES.join(", ")}.`),
  status: z.enum(["active", "inactive"], "Use active or inactive."),
});

export const keyListQuery = listQuery(KEY_SORTS, {
  name: text("Part of the key name"),
  clientId: text("Part of the client ID"),
  status: z.enum(KEY_STATUS_FILTERS, `Use one of ${KEY_STATUS_FILTERS.join(", ")}.`),
  owner: text("Part of the owner's username or full name"),
  createdBy: text("Part of the creator's username"),
  expiresBy: day("Keys that expire on or before this UTC day"),
  neverExpires: z.enum(["true", "false", "1", "0"], "Use true or false.").describe("Only keys without an expiry"),
  expiresWithin: z.coerce
    .number(days)
    .int(days)
    .min(1, days)
    .max(3650, days)
    .describe("Keys, not revoked, that expire within this many days"),
});

export const auditListQuery = listQuery(AUDIT_SORTS, {
  actor: text("The actor's exact username"),
  event: z.enum(AUDIT_EVENTS, "Use one of the documented event types."),
  clientId: text("The exact client ID"),
  from: day("Events on or after this UTC day"),
  to: day("Events on or before this UTC day"),
});

export const errorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.record(z.string(), z.array(z.string())).optional(),
  }),
});

export const userJson = z.object({
  id: z.number(),
  username: z.string(),
  fullName: z.string(),
  email: z.string(),
  role: z.enum(ROLES),
  status: z.enum(["active", "inactive"]),
  createdAt: z.string(),
  lastSignInAt: z.string().nullable(),
  keyCount: z.number().int().min(0).describe("How many access keys the user owns"),
});

export const keyJson = z.object({
  id: z.number(),
  clientId: z.string(),
  name: z.string(),
  description: z.string(),
  status: z.enum(["active", "inactive", "revoked", "expired"]),
  owner: z.object({ id: z.number(), username: z.string(), email: z.string(), status: z.enum(["active", "inactive"]) }),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  lastUsedFrom: z.string().nullable(),
  bearerEnabled: z.boolean(),
  secretHint: z.string().describe("The secret's last 4 characters, for recognition"),
});

export const issuedKeyJson = z.object({
  accessKey: keyJson,
  secret: z.string().describe("Shown in this response only; store it now"),
});

const page = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().int().min(0),
    page: z.number().int().min(1),
    pageSize: z.number().int(),
    pageCount: z.number().int().min(1),
  });
export const userPage = page(userJson);
export const keyPage = page(keyJson);

export const meJson = z.object({
  user: userJson.pick({ id: true, username: true, fullName: true, email: true, role: true }),
  authenticatedWith: z.enum(["bearer_key", "access_token", "password"]),
  key: z
    .object({ id: z.number(), clientId: z.string(), name: z.string(), expiresAt: z.string().nullable() })
    .nullable()
    .describe("The key the caller authenticated with (directly or through its token); null for a password"),
});

export const auditEventJson = z.object({
  id: z.number(),
  at: z.string(),
  event: z.string().describe("One of the event types of the event filter"),
  outcome: z.enum(["success", "failure"]),
  actorId: z.number().nullable(),
  actorUsername: z.string().nullable(),
  targetType: z.string().nullable(),
  targetId: z.number().nullable(),
  targetLabel: z.string().nullable(),
  clientId: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  reason: z.string().nullable(),
  details: z.unknown().describe("Changed fields and the like, as JSON; null when there are none"),
});
export const auditPage = page(auditEventJson);

export const tokenResponse = z.object({
  access_token: z.string(),
  token_type: z.literal("Bearer"),
  expires_in: z.number().int().positive(),
});

/** RFC 7662 §2.2: an inactive token says nothing else. */
export const introspectionResponse = z.union([
  z.object({ active: z.literal(false) }),
  z.object({
    active: z.literal(true),
    client_id: z.string(),
    username: z.string(),
    sub: z.string(),
    token_type: z.literal("Bearer"),
    exp: z.number().int(),
    iat: z.number().int(),
    iss: z.string(),
  }),
]);

export const revocationResponse = z.object({}).describe("RFC 7009 §2.2: empty, whether or not the token existed");

const authMethods = z.array(z.enum(["client_secret_basic", "client_secret_post"]));
export const serverMetadata = z.object({
  issuer: z.string(),
  token_endpoint: z.string(),
  revocation_endpoint: z.string(),
  introspection_endpoint: z.string(),
  grant_types_supported: z.array(z.literal("client_credentials")),
  token_endpoint_auth_methods_supported: authMethods,
  revocation_endpoint_auth_methods_supported: authMethods,
  introspection_endpoint_auth_methods_supported: authMethods,
  service_documentation: z.string(),
});

/**
 * The error codes the OAuth endpoints answer with: registered ones only (RFC 6749 §5.2, RFC 7009
 * §2.2.1); anything else is mapped onto them (lib/api/http.ts).
 */
export const OAUTH_ERRORS = ["invalid_request", "invalid_client", "unsupported_grant_type", "server_error"] as const;
export const oauthErrorBody = z.object({ error: z.enum(OAUTH_ERRORS), error_description: z.string() });

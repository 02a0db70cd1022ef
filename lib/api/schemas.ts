import { z } from "zod";
import { ROLES } from "../authz";
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

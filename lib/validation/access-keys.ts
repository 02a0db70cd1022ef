import { z } from "zod";

export const KEY_NAME_PATTERN = /^[A-Za-z0-9 ._-]+$/;

export const keyNameSchema = z
  .string()
  .trim()
  .min(1, "API key name is required.")
  .max(64, "API key name must be at most 64 characters.")
  .regex(KEY_NAME_PATTERN, "API key name may use only English letters, digits, spaces, '.', '_' and '-'.");

export const keyDescriptionSchema = z
  .string()
  .trim()
  .max(500, "Description must be at most 500 characters.")
  .default("");

const expiresAtSchema = z
  .string()
  .trim()
  .optional()
  .transform((value) => value || undefined);

const checkbox = z
  .union([z.boolean(), z.string()])
  .optional()
  .transform((value) => value === true || value === "on" || value === "true");

const id = z.coerce.number().int().positive();

export const createAccessKeySchema = z.object({
  ownerId: z.coerce.number("Choose an owner.").int().positive("Choose an owner."),
  name: keyNameSchema,
  description: keyDescriptionSchema,
  expiresAt: expiresAtSchema,
  bearerEnabled: checkbox,
});

export const updateAccessKeySchema = z.object({
  id,
  name: keyNameSchema,
  description: keyDescriptionSchema,
  expiresAt: expiresAtSchema,
  bearerEnabled: checkbox,
});

export const keyIdSchema = z.object({ id });

export const KEY_BULK_ACTIONS = ["deactivate", "revoke", "delete"] as const;
export const bulkKeySchema = z.object({
  ids: z.array(id).min(1, "Select at least one key.").max(500, "Select at most 500 keys at once."),
  action: z.enum(KEY_BULK_ACTIONS),
});

export type CreateAccessKeyInput = z.output<typeof createAccessKeySchema>;
export type UpdateAccessKeyInput = z.output<typeof updateAccessKeySchema>;

import { z } from "zod";
import { expiryProblem } from "../model/policy";
import type { Settings } from "../model/settings";

export const KEY_NAME_PATTERN = /^[A-Za-z0-9 ._-]+$/;

export const keyNameSchema = z
  .string()
  .trim()
  .min(1, "API key name is required.")
  .max(64, "API key name must be at most 64 characters.")
  // `*`, not `+`: an empty name is "required", not also made of the wrong characters.
  .regex(/^[A-Za-z0-9 ._-]*$/, "API key name may use only English letters, digits, spaces, '.', '_' and '-'.");

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

/**
 * What the expiry check of a key form needs, read when the form is submitted: the policy, and for
 * an edit the key's current date (yyyy-mm-dd), which stays allowed while it is left as it is even
 * if the policy has since become stricter or the key has expired.
 */
export type ExpiryContext = { keyLifetimeDays: Settings["keyLifetimeDays"]; current?: string };

/**
 * A key form's schema that also checks the expiration date against the policy, in the same pass
 * as every other field: a date beyond the limit is reported together with, say, a bad name, not
 * only once the name is fixed. Parse it with `safeParseAsync` (the context is read from the
 * database). The write transaction checks the same rule again (`resolveExpiry`).
 */
export function withExpiryPolicy<Schema extends z.ZodObject>(
  schema: Schema,
  context: (input: Record<string, unknown>) => Promise<ExpiryContext>,
): Schema {
  return schema.superRefine(
    async (input: Record<string, unknown>, ctx) => {
      const requested = input.expiresAt;
      if (typeof requested !== "string" || !requested) return;
      const { current, ...settings } = await context(input);
      if (requested === current) return;
      const problem = expiryProblem(requested, settings);
      if (problem) ctx.addIssue({ code: "custom", path: ["expiresAt"], message: problem });
    },
    // Also when other fields are wrong (even of the wrong type): every problem is reported at once.
    { when: (payload) => typeof payload.value === "object" && payload.value !== null },
  );
}

export const keyIdSchema = z.object({ id });

export const KEY_BULK_ACTIONS = ["deactivate", "revoke", "delete"] as const;
export const bulkKeySchema = z.object({
  ids: z.array(id).min(1, "Select at least one key.").max(500, "Select at most 500 keys at once."),
  action: z.enum(KEY_BULK_ACTIONS),
});

export type CreateAccessKeyInput = z.output<typeof createAccessKeySchema>;
export type UpdateAccessKeyInput = z.output<typeof updateAccessKeySchema>;

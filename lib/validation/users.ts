import { z } from "zod";
import { ROLES } from "../model/authz";
import { PASSWORD_MAX_BYTES, PASSWORD_MIN_LENGTH } from "../password";

export const usernameSchema = z
  .string()
  .trim()
  .min(3, "Username must be 3 to 64 characters.")
  .max(64, "Username must be 3 to 64 characters.")
  .regex(/^[A-Za-z0-9._-]*$/, "Username may use only letters, digits, '.', '_' and '-'."); // empty: "3 to 64" says it

export const fullNameSchema = z
  .string()
  .trim()
  .min(1, "Full name is required.")
  .max(128, "Full name must be at most 128 characters.");

export const emailSchema = z
  .string()
  .trim()
  .max(254, "Email must be at most 254 characters.")
  .pipe(z.email("Enter a valid email address."));

export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Password must be at least ${PASSWORD_MIN_LENGTH} characters.`)
  .refine(
    (value) => Buffer.byteLength(value, "utf8") <= PASSWORD_MAX_BYTES,
    `Password is too long: at most ${PASSWORD_MAX_BYTES} bytes (bcrypt ignores anything beyond that).`,
  );

export const roleSchema = z.enum(ROLES, "Choose a role.");

/** An empty password field on the edit form means "keep the current password". */
const optionalPassword = z
  .string()
  .optional()
  .transform((value) => (value ? value : undefined))
  .pipe(passwordSchema.optional());

export const setupSchema = z.object({
  username: usernameSchema,
  fullName: fullNameSchema,
  email: emailSchema,
  password: passwordSchema,
});

export const createUserSchema = setupSchema.extend({ role: roleSchema });

export const updateUserSchema = z.object({
  id: z.coerce.number().int().positive(),
  username: usernameSchema,
  fullName: fullNameSchema,
  email: emailSchema,
  role: roleSchema,
  password: optionalPassword,
});

export const userIdSchema = z.object({ id: z.coerce.number().int().positive() });

export const signInSchema = z.object({
  username: z.string().trim().min(1, "Enter your username.").max(256),
  password: z.string().min(1, "Enter your password.").max(1024),
});

export const SAME_PASSWORD = "The new password must be different from the current password.";

export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password.").max(1024),
    newPassword: passwordSchema,
  })
  .refine((input) => input.newPassword !== input.currentPassword, { path: ["newPassword"], message: SAME_PASSWORD });

export type SetupInput = z.infer<typeof setupSchema>;
export type CreateUserInput = z.infer<typeof createUserSchema>;
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

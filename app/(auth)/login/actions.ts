"use server";

import { z } from "zod";
import { DomainError } from "@/lib/model/errors";
import { definePublicAction } from "@/lib/next/action";
import { SignInRefused, signIn } from "@/lib/next/auth";
import { INVALID_CREDENTIALS } from "@/lib/sign-in";
import { signInSchema } from "@/lib/validation/users";

/** Only a path on this site: never an absolute or protocol-relative URL (no open redirect). */
const localPath = z
  .string()
  .optional()
  .transform((value) => (value && /^\/(?![/\\])/.test(value) ? value : "/"));

export const signInAction = definePublicAction({
  schema: signInSchema.extend({ callbackUrl: localPath }),
  async handler({ username, password, callbackUrl }) {
    try {
      await signIn("credentials", { username, password, redirectTo: callbackUrl });
    } catch (error) {
      if (error instanceof SignInRefused) throw new DomainError("invalid", error.userMessage);
      if (error instanceof Error && error.name === "CredentialsSignin")
        throw new DomainError("invalid", INVALID_CREDENTIALS);
      throw error; // the redirect of a successful sign-in
    }
    return { ok: true };
  },
});

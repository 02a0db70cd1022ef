"use server";

import { definePublicAction } from "@/lib/next/action";
import { signIn } from "@/lib/next/auth";
import { createFirstAdmin } from "@/lib/services/users";
import { setupSchema } from "@/lib/validation/users";

export const setupAction = definePublicAction({
  schema: setupSchema,
  async handler(input, { audit }) {
    await createFirstAdmin(input, audit);
    await signIn("credentials", { username: input.username, password: input.password, redirectTo: "/admin/users" });
    return { ok: true };
  },
});

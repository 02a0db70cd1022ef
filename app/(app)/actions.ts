"use server";

import { recordAuditEvent } from "@/db/queries/audit";
import { changeOwnPassword } from "@/db/queries/users";
import { defineAction } from "@/lib/next/action";
import { signOut } from "@/lib/next/auth";
import { auditContext } from "@/lib/next/request";
import { currentActor } from "@/lib/next/session";
import { changePasswordSchema } from "@/lib/validation/users";

export async function signOutAction(): Promise<void> {
  const actor = await currentActor();
  if (actor)
    await recordAuditEvent(await auditContext(actor), {
      event: "auth.sign_out",
      targetType: "user",
      targetId: actor.id,
    });
  await signOut({ redirectTo: "/login" });
}

export const changePasswordAction = defineAction({
  permission: "account:write",
  schema: changePasswordSchema,
  async handler({ currentPassword, newPassword }, { actor, audit }) {
    await changeOwnPassword(actor.id, currentPassword, newPassword, audit);
    return { ok: true, message: "Your password has been changed." };
  },
});

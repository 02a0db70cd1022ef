"use server";

import { recordAuditEvent } from "@/db/queries/audit";
import { deleteSession } from "@/db/queries/sessions";
import { defineAction, isSameOrigin } from "@/lib/next/action";
import { signOut } from "@/lib/next/auth";
import { auditContext } from "@/lib/next/request";
import { currentActor, currentSessionHash } from "@/lib/next/session";
import { changeOwnPassword } from "@/lib/services/users";
import { changePasswordSchema } from "@/lib/validation/users";

/** Not through `defineAction` (a plain form action, open to anyone), so it checks the origin itself. */
export async function signOutAction(): Promise<void> {
  if (!(await isSameOrigin())) return; // a cross-site page may not sign anyone out
  const [actor, session] = [await currentActor(), await currentSessionHash()];
  // Ended on the server too: a copy of the cookie (another tab, a stolen one) no longer signs anyone in.
  if (session) await deleteSession(session);
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
    await changeOwnPassword(actor, currentPassword, newPassword, audit, (await currentSessionHash()) ?? undefined);
    return { ok: true, message: "Your password has been changed." };
  },
});

"use server";

import { defineAction, isSameOrigin } from "@/lib/next/action";
import { signOut } from "@/lib/next/auth";
import { auditContext } from "@/lib/next/request";
import { currentActor, currentSessionHash } from "@/lib/next/session";
import { signOut as signOutSession } from "@/lib/services/sessions";
import { changeOwnPassword } from "@/lib/services/users";
import { changePasswordSchema } from "@/lib/validation/users";

/** Not through `defineAction` (a plain form action, open to anyone), so it checks the origin itself. */
export async function signOutAction(): Promise<void> {
  if (!(await isSameOrigin())) return; // a cross-site page may not sign anyone out
  const [actor, session] = [await currentActor(), await currentSessionHash()];
  if (actor || session) await signOutSession(actor, session, await auditContext(actor));
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

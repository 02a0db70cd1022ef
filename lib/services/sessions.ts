import { deleteSessionTx } from "@/db/queries/sessions";
import type { AuditContext } from "@/lib/model/audit";
import type { Actor } from "@/lib/model/authz";
import { audit, writeWithEffects } from "./effects";

/**
 * Signs out: ends this session on the server (a copy of the cookie, in another tab or stolen, no
 * longer signs anyone in) and records it, in one transaction. Open to anyone holding a session.
 */
export async function signOut(
  actor: Actor | null | undefined,
  sessionHash: string | null | undefined,
  ctx: AuditContext,
): Promise<void> {
  await writeWithEffects((tx) => {
    if (sessionHash) deleteSessionTx(tx, sessionHash);
    if (actor) audit(tx, ctx, { event: "auth.sign_out", targetType: "user", targetId: actor.id });
  });
}

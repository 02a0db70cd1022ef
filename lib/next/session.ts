import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { getSessionActor } from "@/db/queries/sessions";
import { type Actor, can, type Permission } from "@/lib/model/authz";
import { countUsers } from "@/lib/services/users";
import { sessionIdHash } from "@/lib/sessions";
import { auth, type SessionWithId } from "./auth";

/**
 * The hash of this request's server-side session id, or null without a session. Sessions are
 * Auth.js JWTs carrying an id whose row in `sessions` must still exist: sign-out, a password change
 * and deactivation delete rows, so a copied cookie stops working at once.
 */
export const currentSessionHash = cache(async (): Promise<string | null> => {
  const id = ((await auth()) as SessionWithId | null)?.sessionId;
  return typeof id === "string" && id.length > 0 ? sessionIdHash(id) : null;
});

/**
 * The signed-in, *active* user of this request, re-read from the database: a user deactivated or
 * deleted a moment ago has no actor on their next request, and a role change applies at once.
 */
export const currentActor = cache(async (): Promise<Actor | null> => {
  const hash = await currentSessionHash();
  const found = hash ? await getSessionActor(hash) : undefined;
  return found?.status === "active" ? found : null;
});

/** For pages: first run goes to /setup, anyone not signed in to /login. */
export async function requireActor(): Promise<Actor> {
  if ((await countUsers()) === 0) redirect("/setup");
  const actor = await currentActor();
  if (!actor) redirect("/login");
  return actor;
}

/** For pages: the actor, or a 403 page (app/(app)/forbidden.tsx) for those without the permission. */
export async function requirePermission(permission: Permission): Promise<Actor> {
  const actor = await requireActor();
  if (!can(actor, permission)) forbidden();
  return actor;
}

import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { countUsers, getSessionActor } from "@/db/queries/users";
import { type Actor, can, type Permission } from "@/lib/authz";
import { auth, type SessionWithVersion } from "./auth";

/**
 * The signed-in, *active* user of this request, re-read from the database: a user deactivated or
 * deleted a moment ago has no actor on their next request, and a role change applies at once.
 * Sessions are Auth.js JWTs; `sessionVersion` lets the server end them all the same.
 */
export const currentActor = cache(async (): Promise<Actor | null> => {
  const session = await auth();
  const id = Number(session?.user?.id);
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const found = await getSessionActor(id);
  // A session from before a deactivation or an administrator's password reset is over.
  if (found?.status !== "active" || found.sessionVersion !== (session as SessionWithVersion).sessionVersion) {
    return null;
  }
  const { sessionVersion: _, ...actor } = found;
  return actor;
});

/** For pages: first run goes to /setup, anyone not signed in to /login. */
export async function requireActor(): Promise<Actor> {
  if ((await countUsers()) === 0) redirect("/setup");
  const actor = await currentActor();
  if (!actor) redirect("/login");
  return actor;
}

/** For pages: the actor, or a 404 for those without the permission (the page does not exist for them). */
export async function requirePermission(permission: Permission): Promise<Actor> {
  const actor = await requireActor();
  if (!can(actor, permission)) notFound();
  return actor;
}

// Shared by the server-action tests (actions-matrix, actions-fuzz): every exported action of every
// app/**/actions.ts, found at test time so that a new one cannot be missed, and sessions for callers.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { getSqlite, writeTransaction } from "@/db/client";
import { insertSession } from "@/db/queries/sessions";
import type { Role } from "@/lib/model/authz";
import type { ActionResult } from "@/lib/next/action";
import { newSessionId, sessionExpiry, sessionIdHash } from "@/lib/sessions";
import { makeUser } from "@/test/db/fixtures";
import { type FakeSession, fakeRequest, setRequest } from "./request";

export type ServerAction = (prev: unknown, input?: unknown) => Promise<ActionResult<unknown> | undefined>;
export type LoadedAction = { name: string; file: string; action: ServerAction };

const modules = import.meta.glob("/app/**/actions.ts");

/** Every export of every app/**\/actions.ts, by export name (names are unique across files). */
export async function loadActions(): Promise<Map<string, LoadedAction>> {
  const actions = new Map<string, LoadedAction>();
  for (const [file, load] of Object.entries(modules)) {
    for (const [name, action] of Object.entries((await load()) as Record<string, unknown>)) {
      if (actions.has(name)) throw new Error(`${name} is exported by two action files: name them apart`);
      actions.set(name, { name, file, action: action as ServerAction });
    }
  }
  return actions;
}

/** Files with a "use server" directive anywhere under app/, components/ and lib/. */
export function useServerFiles(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|tsx)$/.test(entry.name) && /["']use server["']/.test(readFileSync(full, "utf8"))) {
        found.push(`/${path.relative(process.cwd(), full)}`);
      }
    }
  };
  for (const dir of ["app", "components", "lib"]) walk(path.join(process.cwd(), dir));
  return found.filter((file) => !file.endsWith(".test.ts"));
}

export const actionFiles = () => Object.keys(modules);

/** A signed-in session for `user`, as Auth.js would carry it, with its server-side row as a sign-in starts it. */
export async function sessionOf(user: { id: number }): Promise<FakeSession> {
  const sessionId = newSessionId();
  writeTransaction((tx) => insertSession(tx, sessionIdHash(sessionId), user.id, sessionExpiry()));
  return { user: { id: String(user.id) }, sessionId };
}

export async function signedInUser(role: Role) {
  const user = await makeUser(role);
  return { user, session: await sessionOf(user) };
}

/** The current fake request's session row, if it is live. */
function liveSession(): { idHash: string; userId: number } | undefined {
  const id = fakeRequest.session?.sessionId;
  if (!id) return undefined;
  const idHash = sessionIdHash(id);
  const userId = getSqlite().prepare("select user_id from sessions where id_hash = ?").pluck().get(idHash);
  return typeof userId === "number" ? { idHash, userId } : undefined;
}

export type Outcome = "ok" | "forbidden" | "not found" | "refused";

/**
 * Calls `action` as the current fake request and names what happened. A plain form action
 * (signOutAction) returns nothing: it did its work when it signed out.
 */
export async function callAction(action: ServerAction, input: unknown): Promise<{ outcome: Outcome; result: unknown }> {
  const signOuts = fakeRequest.signOuts;
  const live = liveSession();
  const result = await action(null, input);
  if (result === undefined) {
    const signedOut = fakeRequest.signOuts > signOuts;
    // A sign-out ends the caller's session; the caller signs in again at once (same id, so the
    // session the test holds stays usable). A session that was over already stays over.
    if (signedOut && live) writeTransaction((tx) => insertSession(tx, live.idHash, live.userId, sessionExpiry()));
    return { outcome: signedOut ? "ok" : "forbidden", result };
  }
  if (result.ok) return { outcome: "ok", result };
  if (result.message === "forbidden") return { outcome: "forbidden", result };
  if (/was not found/.test(result.message)) return { outcome: "not found", result };
  return { outcome: "refused", result };
}

export { setRequest };

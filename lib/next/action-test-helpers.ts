// Shared by the server-action tests (actions-matrix, actions-fuzz): every exported action of every
// app/**/actions.ts, found at test time so that a new one cannot be missed, and sessions for callers.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { getSessionActor } from "@/db/queries/users";
import { makeUser } from "@/db/test-helpers";
import type { Role } from "@/lib/authz";
import type { ActionResult } from "./action";
import { type FakeSession, fakeRequest, setRequest } from "./action-test-request";

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
  return found.filter((file) => !file.endsWith(".test.ts") && !file.includes("action-test-"));
}

export const actionFiles = () => Object.keys(modules);

/** A signed-in session for `user`, as Auth.js would carry it (with the user's current session version). */
export async function sessionOf(user: { id: number }): Promise<FakeSession> {
  const found = await getSessionActor(user.id);
  return { user: { id: String(user.id) }, sessionVersion: found?.sessionVersion ?? 0 };
}

export async function signedInUser(role: Role) {
  const user = await makeUser(role);
  return { user, session: await sessionOf(user) };
}

export type Outcome = "ok" | "forbidden" | "not found" | "refused";

/**
 * Calls `action` as the current fake request and names what happened. A plain form action
 * (signOutAction) returns nothing: it did its work when it signed out.
 */
export async function callAction(action: ServerAction, input: unknown): Promise<{ outcome: Outcome; result: unknown }> {
  const signOuts = fakeRequest.signOuts;
  const result = await action(null, input);
  if (result === undefined) return { outcome: fakeRequest.signOuts > signOuts ? "ok" : "forbidden", result };
  if (result.ok) return { outcome: "ok", result };
  if (result.message === "forbidden") return { outcome: "forbidden", result };
  if (/was not found/.test(result.message)) return { outcome: "not found", result };
  return { outcome: "refused", result };
}

export { setRequest };

// A valid input for every server action, with a fresh target each time (a new user, a new key), so
// that no call's effect decides another's answer. Used by the authorization matrix as is and by the
// fuzz suite as the starting point it mutates.
import { getSqlite } from "@/db/client";
import type { SelfServiceLevel } from "@/lib/model/settings";
import { verifyPassword } from "@/lib/password";
import { createKey } from "@/lib/services/access-keys";
import { makeUser, testContext } from "@/test/db/fixtures";
import { rootActor } from "@/test/support/actors";
import { tag } from "@/test/support/unique";

export type InputContext = {
  /** The signed-in caller, if any (with the password they signed up with). */
  user?: { id: number; password: string };
  /** Whose key a self-service action is about: the caller's own or someone else's. */
  target: "own" | "other";
  /** Someone else: owner of the keys that administrators act on and of "other" targets. */
  stranger: { id: number };
  /** The self-service level the caller acts at (settings saved by the matrix keep it). */
  level: SelfServiceLevel;
};

export async function keyOf(owner: { id: number }): Promise<number> {
  const name = `Key ${tag()}`;
  const issued = await createKey(
    rootActor,
    { ownerId: owner.id, name, description: "", expiresAt: undefined, bearerEnabled: false },
    testContext,
  );
  return issued.key.id;
}

/** [the caller's password in force, the other one of its two]. */
async function passwordPair(user: InputContext["user"]): Promise<[string, string]> {
  const first = user?.password ?? "correct horse battery";
  const second = `${first} again`;
  const row = user
    ? (getSqlite().prepare("select password_hash as hash from users where id = ?").get(user.id) as
        | { hash: string }
        | undefined)
    : undefined;
  return row && (await verifyPassword(second, row.hash)) ? [second, first] : [first, second];
}

const ownerOf = ({ user, target, stranger }: InputContext) => (target === "own" && user ? user : stranger);
const newUser = () => {
  const name = `made-${tag()}`;
  return { username: name, fullName: "Made User", email: `${name}@example.test`, role: "user" };
};

export const VALID_INPUTS: Record<string, (ctx: InputContext) => Promise<Record<string, unknown> | undefined>> = {
  signOutAction: async () => undefined,
  changePasswordAction: async ({ user }) => {
    // A new password must differ from the current one: callers swap between two, so that any
    // number of calls knows the password in force.
    const [current, next] = await passwordPair(user);
    return { currentPassword: current, newPassword: next };
  },
  createUserAction: async () => ({ ...newUser(), password: "a long enough password" }),
  updateUserAction: async () => {
    const user = await makeUser("user");
    return { id: user.id, username: user.username, fullName: "Renamed", email: user.email, role: "user" };
  },
  setUserStatusAction: async () => ({ id: (await makeUser("user")).id, status: "inactive" }),
  deleteUserAction: async () => ({ id: (await makeUser("user")).id }),
  createAccessKeyAction: async ({ stranger }) => ({ ownerId: stranger.id, name: "Made key", description: "" }),
  regenerateAccessKeyAction: async ({ stranger }) => ({ id: await keyOf(stranger) }),
  updateAccessKeyAction: async ({ stranger }) => ({ id: await keyOf(stranger), name: "Renamed key", description: "" }),
  setAccessKeyStatusAction: async ({ stranger }) => ({ id: await keyOf(stranger), action: "deactivate" }),
  deleteAccessKeyAction: async ({ stranger }) => ({ id: await keyOf(stranger) }),
  bulkAccessKeysAction: async ({ stranger }) => ({ ids: [await keyOf(stranger)], action: "revoke" }),
  searchOwnersAction: async () => ({ q: "made" }),
  saveSettingsAction: async ({ level }) => ({
    maxKeysPerUser: "100",
    keyLifetimeDays: "90",
    expiryReminderDays: "30, 7, 1",
    selfServiceLevel: level,
    apiKeyOnly: "on",
    bearerKeys: "on",
    tokenTtlSeconds: String(60 + Math.floor(Math.random() * 80_000)),
  }),
  createOwnKeyAction: async () => ({ name: "My made key", description: "" }),
  regenerateOwnKeyAction: async (ctx) => ({ id: await keyOf(ownerOf(ctx)) }),
  setOwnKeyStatusAction: async (ctx) => ({ id: await keyOf(ownerOf(ctx)), action: "deactivate" }),
  deleteOwnKeyAction: async (ctx) => ({ id: await keyOf(ownerOf(ctx)) }),
  signInAction: async () => ({ username: "someone", password: "whatever it is" }),
  setupAction: async () => ({ ...newUser(), password: "a long enough password" }),
};

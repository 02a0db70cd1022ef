// A valid input for every server action, with a fresh target each time (a new user, a new key), so
// that no call's effect decides another's answer. Used by the authorization matrix as is and by the
// fuzz suite as the starting point it mutates.
import { randomBytes } from "node:crypto";
import { createAccessKey } from "@/db/queries/access-key-changes";
import { makeUser, testContext } from "@/db/test-helpers";
import type { SelfServiceLevel } from "@/lib/settings";

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

const unique = () => randomBytes(4).toString("hex");

export async function keyOf(owner: { id: number }): Promise<number> {
  const name = `Key ${unique()}`;
  const issued = await createAccessKey(
    { ownerId: owner.id, name, description: "", expiresAt: undefined, bearerEnabled: false },
    testContext,
  );
  return issued.key.id;
}

const ownerOf = ({ user, target, stranger }: InputContext) => (target === "own" && user ? user : stranger);
const newUser = () => {
  const name = `made-${unique()}`;
  return { username: name, fullName: "Made User", email: `${name}@example.test`, role: "user" };
};

export const VALID_INPUTS: Record<string, (ctx: InputContext) => Promise<Record<string, unknown> | undefined>> = {
  signOutAction: async () => undefined,
  changePasswordAction: async ({ user }) => ({
    currentPassword: user?.password ?? "correct horse battery",
    newPassword: user?.password ?? "correct horse battery", // the same: callers keep their password
  }),
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

"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import {
  createAccessKey,
  deleteAccessKey,
  regenerateAccessKey,
  setAccessKeyStatus,
} from "@/db/queries/access-key-changes";
import { getSettings } from "@/db/queries/settings";
import { defineAction } from "@/lib/next/action";
import { assertSelfService, type SelfServiceOperation } from "@/lib/self-service";
import { createAccessKeySchema, keyIdSchema } from "@/lib/validation/access-keys";

/**
 * Self-service actions: any signed-in user, on their own keys only, as far as `selfServiceLevel`
 * allows *now*. Each action checks the level itself, and ownership is checked inside the write
 * transaction (another user's key is "not found").
 */
const PATH = "/me/api-keys";

async function allow(operation: SelfServiceOperation): Promise<void> {
  assertSelfService((await getSettings()).selfServiceLevel, operation);
}

export const createOwnKeyAction = defineAction({
  permission: "account:write",
  schema: createAccessKeySchema.omit({ ownerId: true }),
  async handler(input, { actor, audit }) {
    await allow("create");
    const { key, secret } = await createAccessKey({ ...input, ownerId: actor.id }, audit);
    revalidatePath(PATH);
    return {
      ok: true,
      message: `Access key ${key.name} was created.`,
      data: { name: key.name, clientId: key.clientId, secret },
    };
  },
});

export const regenerateOwnKeyAction = defineAction({
  permission: "account:write",
  schema: keyIdSchema,
  async handler({ id }, { actor, audit }) {
    await allow("manage");
    const { key, secret } = await regenerateAccessKey(id, audit, { ownerId: actor.id });
    revalidatePath(PATH);
    return {
      ok: true,
      message: `Access key ${key.name} was regenerated.`,
      data: { name: key.name, clientId: key.clientId, secret },
    };
  },
});

const PAST = { activate: "activated", deactivate: "deactivated", revoke: "revoked" } as const;

export const setOwnKeyStatusAction = defineAction({
  permission: "account:write",
  schema: keyIdSchema.extend({ action: z.enum(["activate", "deactivate", "revoke"]) }),
  async handler({ id, action }, { actor, audit }) {
    await allow("manage");
    const key = await setAccessKeyStatus(id, action, audit, { ownerId: actor.id });
    revalidatePath(PATH);
    return { ok: true, message: `Access key ${key.name} was ${PAST[action]}.` };
  },
});

export const deleteOwnKeyAction = defineAction({
  permission: "account:write",
  schema: keyIdSchema,
  async handler({ id }, { actor, audit }) {
    await allow("delete");
    const key = await deleteAccessKey(id, audit, { ownerId: actor.id });
    revalidatePath(PATH);
    return { ok: true, message: `Access key ${key.name} was deleted.` };
  },
});

"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { issuedResult, statusResult } from "@/components/access-keys/action-results";
import { createOwnKeyFormSchema } from "@/lib/key-forms";
import { defineAction } from "@/lib/next/action";
import { createOwnKey, deleteOwnKey, regenerateOwnKey, setOwnKeyStatus } from "@/lib/self-service";
import { keyIdSchema } from "@/lib/validation/access-keys";

/**
 * Self-service actions: any signed-in user, on their own keys only, as far as `selfServiceLevel`
 * allows at the moment of the call (lib/self-service.ts checks level and ownership itself).
 */
const PATH = "/me/api-keys";

export const createOwnKeyAction = defineAction({
  permission: "account:write",
  schema: createOwnKeyFormSchema,
  async handler(input, { actor, audit }) {
    const issued = await createOwnKey(actor, input, audit);
    revalidatePath(PATH);
    return issuedResult(issued, "created");
  },
});

export const regenerateOwnKeyAction = defineAction({
  permission: "account:write",
  schema: keyIdSchema,
  async handler({ id }, { actor, audit }) {
    const issued = await regenerateOwnKey(actor, id, audit);
    revalidatePath(PATH, "layout");
    return issuedResult(issued, "regenerated");
  },
});

export const setOwnKeyStatusAction = defineAction({
  permission: "account:write",
  schema: keyIdSchema.extend({ action: z.enum(["activate", "deactivate", "revoke"]) }),
  async handler({ id, action }, { actor, audit }) {
    const key = await setOwnKeyStatus(actor, id, action, audit);
    revalidatePath(PATH, "layout");
    return statusResult(key, action);
  },
});

export const deleteOwnKeyAction = defineAction({
  permission: "account:write",
  schema: keyIdSchema,
  async handler({ id }, { actor, audit }) {
    const key = await deleteOwnKey(actor, id, audit);
    revalidatePath(PATH, "layout");
    return { ok: true, message: `Access key ${key.name} was deleted.` };
  },
});

"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { issuedResult, statusResult } from "@/components/access-keys/action-results";
import { createOwnKeyFormSchema } from "@/lib/key-forms";
import { defineAction } from "@/lib/next/action";
import { createKey, deleteKey, regenerateKey, setKeyStatus } from "@/lib/services/access-keys";
import { keyIdSchema } from "@/lib/validation/access-keys";

/**
 * Self-service actions: any signed-in user, on their own keys only, as far as `selfServiceLevel`
 * allows at the moment of the call (lib/services/access-keys.ts checks level and ownership in the write transaction).
 */
const PATH = "/me/api-keys";

export const createOwnKeyAction = defineAction({
  permission: "account:write",
  schema: createOwnKeyFormSchema,
  async handler(input, { actor, audit }) {
    const issued = await createKey(actor, input, audit, "own");
    revalidatePath(PATH);
    return issuedResult(issued, "created");
  },
});

export const regenerateOwnKeyAction = defineAction({
  permission: "account:write",
  schema: keyIdSchema,
  async handler({ id }, { actor, audit }) {
    const issued = await regenerateKey(actor, id, audit, "own");
    revalidatePath(PATH, "layout");
    return issuedResult(issued, "regenerated");
  },
});

export const setOwnKeyStatusAction = defineAction({
  permission: "account:write",
  schema: keyIdSchema.extend({ action: z.enum(["activate", "deactivate", "revoke"]) }),
  async handler({ id, action }, { actor, audit }) {
    const key = await setKeyStatus(actor, id, action, audit, "own");
    revalidatePath(PATH, "layout");
    return statusResult(key, action);
  },
});

export const deleteOwnKeyAction = defineAction({
  permission: "account:write",
  schema: keyIdSchema,
  async handler({ id }, { actor, audit }) {
    const key = await deleteKey(actor, id, audit, "own");
    revalidatePath(PATH, "layout");
    return { ok: true, message: `Access key ${key.name} was deleted.` };
  },
});

"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { bulkResult, issuedResult, statusResult } from "@/components/access-keys/action-results";
import { createKeyFormSchema, updateKeyFormSchema } from "@/lib/key-forms";
import { defineAction } from "@/lib/next/action";
import {
  bulkUpdateKeys,
  createKey,
  deleteKey,
  regenerateKey,
  setKeyStatus,
  updateKey,
} from "@/lib/services/access-keys";
import { searchActiveUsers } from "@/lib/services/users";
import { bulkKeySchema, keyIdSchema } from "@/lib/validation/access-keys";

const PATH = "/admin/access-keys";

export const createAccessKeyAction = defineAction({
  permission: "keys:write",
  schema: createKeyFormSchema,
  async handler(input, { actor, audit }) {
    const issued = await createKey(actor, input, audit);
    revalidatePath(PATH);
    return issuedResult(issued, "created");
  },
});

export const regenerateAccessKeyAction = defineAction({
  permission: "keys:write",
  schema: keyIdSchema,
  async handler({ id }, { actor, audit }) {
    const issued = await regenerateKey(actor, id, audit);
    revalidatePath(PATH, "layout");
    return issuedResult(issued, "regenerated");
  },
});

export const updateAccessKeyAction = defineAction({
  permission: "keys:write",
  schema: updateKeyFormSchema,
  async handler(input, { actor, audit }) {
    const key = await updateKey(actor, input, audit);
    revalidatePath(PATH, "layout");
    return { ok: true, message: `Access key ${key.name} was saved.` };
  },
});

export const setAccessKeyStatusAction = defineAction({
  permission: "keys:write",
  schema: keyIdSchema.extend({ action: z.enum(["activate", "deactivate", "revoke"]) }),
  async handler({ id, action }, { actor, audit }) {
    const key = await setKeyStatus(actor, id, action, audit);
    revalidatePath(PATH, "layout");
    return statusResult(key, action);
  },
});

export const deleteAccessKeyAction = defineAction({
  permission: "keys:write",
  schema: keyIdSchema,
  async handler({ id }, { actor, audit }) {
    const key = await deleteKey(actor, id, audit);
    revalidatePath(PATH, "layout");
    return { ok: true, message: `Access key ${key.name} was deleted.` };
  },
});

export const bulkAccessKeysAction = defineAction({
  permission: "keys:write",
  schema: bulkKeySchema,
  async handler({ ids, action }, { actor, audit }) {
    const { done, skipped } = await bulkUpdateKeys(actor, ids, action, audit);
    revalidatePath(PATH);
    return bulkResult(done, skipped, action);
  },
});

export const searchOwnersAction = defineAction({
  permission: "keys:write",
  schema: z.object({ q: z.string().trim().max(64).default("") }),
  async handler({ q }, { actor }) {
    return { ok: true, data: await searchActiveUsers(actor, q) };
  },
});

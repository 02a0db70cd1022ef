"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { bulkResult, issuedResult, statusResult } from "@/components/access-keys/action-results";
import {
  bulkUpdateAccessKeys,
  createAccessKey,
  deleteAccessKey,
  regenerateAccessKey,
  setAccessKeyStatus,
  updateAccessKey,
} from "@/db/queries/access-key-changes";
import { searchActiveUsers } from "@/db/queries/users";
import { createKeyFormSchema, updateKeyFormSchema } from "@/lib/key-forms";
import { defineAction } from "@/lib/next/action";
import { bulkKeySchema, keyIdSchema } from "@/lib/validation/access-keys";

const PATH = "/admin/access-keys";

export const createAccessKeyAction = defineAction({
  permission: "keys:write",
  schema: createKeyFormSchema,
  async handler(input, { audit }) {
    const issued = await createAccessKey(input, audit);
    revalidatePath(PATH);
    return issuedResult(issued, "created");
  },
});

export const regenerateAccessKeyAction = defineAction({
  permission: "keys:write",
  schema: keyIdSchema,
  async handler({ id }, { audit }) {
    const issued = await regenerateAccessKey(id, audit);
    revalidatePath(PATH, "layout");
    return issuedResult(issued, "regenerated");
  },
});

export const updateAccessKeyAction = defineAction({
  permission: "keys:write",
  schema: updateKeyFormSchema,
  async handler(input, { audit }) {
    const key = await updateAccessKey(input, audit);
    revalidatePath(PATH, "layout");
    return { ok: true, message: `Access key ${key.name} was saved.` };
  },
});

export const setAccessKeyStatusAction = defineAction({
  permission: "keys:write",
  schema: keyIdSchema.extend({ action: z.enum(["activate", "deactivate", "revoke"]) }),
  async handler({ id, action }, { audit }) {
    const key = await setAccessKeyStatus(id, action, audit);
    revalidatePath(PATH, "layout");
    return statusResult(key, action);
  },
});

export const deleteAccessKeyAction = defineAction({
  permission: "keys:write",
  schema: keyIdSchema,
  async handler({ id }, { audit }) {
    const key = await deleteAccessKey(id, audit);
    revalidatePath(PATH, "layout");
    return { ok: true, message: `Access key ${key.name} was deleted.` };
  },
});

export const bulkAccessKeysAction = defineAction({
  permission: "keys:write",
  schema: bulkKeySchema,
  async handler({ ids, action }, { audit }) {
    const { done, skipped } = await bulkUpdateAccessKeys(ids, action, audit);
    revalidatePath(PATH);
    return bulkResult(done, skipped, action);
  },
});

export const searchOwnersAction = defineAction({
  permission: "keys:write",
  schema: z.object({ q: z.string().trim().max(64).default("") }),
  async handler({ q }) {
    return { ok: true, data: await searchActiveUsers(q) };
  },
});

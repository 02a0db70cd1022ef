"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/next/action";
import { createUser, deleteUser, setUserStatus, updateUser } from "@/lib/services/users";
import { createUserSchema, updateUserSchema, userIdSchema } from "@/lib/validation/users";

const PATH = "/admin/users";

export const createUserAction = defineAction({
  permission: "users:write",
  schema: createUserSchema,
  async handler(input, { actor, audit }) {
    const user = await createUser(actor, input, audit);
    revalidatePath(PATH);
    return { ok: true, message: `User ${user.username} was added.` };
  },
});

export const updateUserAction = defineAction({
  permission: "users:write",
  schema: updateUserSchema,
  async handler(input, { actor, audit }) {
    const user = await updateUser(actor, input, audit);
    revalidatePath(PATH);
    return { ok: true, message: `User ${user.username} was saved.` };
  },
});

export const setUserStatusAction = defineAction({
  permission: "users:write",
  schema: userIdSchema.extend({ status: z.enum(["active", "inactive"]) }),
  async handler({ id, status }, { actor, audit }) {
    const user = await setUserStatus(actor, id, status, audit);
    revalidatePath(PATH);
    return { ok: true, message: `User ${user.username} was ${status === "active" ? "activated" : "deactivated"}.` };
  },
});

export const deleteUserAction = defineAction({
  permission: "users:write",
  schema: userIdSchema,
  async handler({ id }, { actor, audit }) {
    const { username, keysDeleted } = await deleteUser(actor, id, audit);
    revalidatePath(PATH);
    const keys = keysDeleted ? ` and ${keysDeleted} access key${keysDeleted === 1 ? "" : "s"}` : "";
    return { ok: true, message: `User ${username}${keys} deleted.` };
  },
});

"use server";

import { revalidatePath } from "next/cache";
import { updateSettings } from "@/db/queries/settings";
import { defineAction } from "@/lib/next/action";
import { settingsFormSchema } from "@/lib/validation/settings";

export const saveSettingsAction = defineAction({
  permission: "settings:write",
  schema: settingsFormSchema,
  async handler(input, { audit }) {
    const changed = await updateSettings(input, audit);
    revalidatePath("/", "layout");
    return { ok: true, message: changed.length ? `Saved: ${changed.join(", ")}.` : "Nothing changed." };
  },
});

"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { resolveSettings, SETTING_NAMES, type Settings } from "@/lib/model/settings";
import { settingLabel } from "@/lib/model/settings-labels";
import { defineAction } from "@/lib/next/action";
import { saveSettings } from "@/lib/services/settings";
import { settingsFormSchema } from "@/lib/validation/settings";

/** The values the form was loaded with (JSON), or undefined when absent or unreadable. */
function loadedSettings(loaded: string | undefined): Settings | undefined {
  if (!loaded) return undefined;
  try {
    const parsed: unknown = JSON.parse(loaded);
    return parsed && typeof parsed === "object" ? resolveSettings(parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export const saveSettingsAction = defineAction({
  permission: "settings:write",
  schema: settingsFormSchema.extend({ loaded: z.string().optional() }),
  async handler({ loaded, ...values }, { actor, audit }) {
    // Only what this administrator edited is saved: a setting another administrator changed since
    // the form was loaded keeps its new value instead of being silently put back.
    const base = loadedSettings(loaded);
    const edited: Partial<Settings> = {};
    for (const name of SETTING_NAMES) {
      if (!base || JSON.stringify(values[name]) !== JSON.stringify(base[name])) {
        Object.assign(edited, { [name]: values[name] });
      }
    }
    const changed = await saveSettings(actor, edited, audit);
    revalidatePath("/", "layout");
    return {
      ok: true,
      message: changed.length ? `Saved: ${changed.map(settingLabel).join(", ")}.` : "Nothing changed.",
    };
  },
});

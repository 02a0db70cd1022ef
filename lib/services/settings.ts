import { getSettingsTx, writeSettingTx } from "@/db/queries/settings";

/** The current settings, cached per database version (the verification hot path reads them too). */
export { getSettings } from "@/db/queries/settings";

import type { AuditContext } from "@/lib/model/audit";
import { type Actor, authorize } from "@/lib/model/authz";
import { SETTING_NAMES, type Settings } from "@/lib/model/settings";
import { audit, writeWithEffects } from "./effects";

/**
 * Saves every given setting that changed, all or nothing, each change an audit event with its old
 * and new value. Settings left out are not touched (another administrator may have just changed
 * them). Returns the names that changed. An administrator's (the Settings page).
 */
export async function saveSettings(actor: Actor, next: Partial<Settings>, ctx: AuditContext): Promise<string[]> {
  authorize(actor, "settings:write");
  return writeWithEffects((tx) => {
    const current = getSettingsTx(tx);
    const now = new Date();
    const changed: string[] = [];
    for (const name of SETTING_NAMES) {
      if (next[name] === undefined) continue;
      const from = JSON.stringify(current[name]);
      const to = JSON.stringify(next[name]);
      if (from === to) continue;
      writeSettingTx(tx, name, to, ctx.actorId, now);
      audit(tx, ctx, {
        event: "setting.update",
        targetType: "setting",
        targetLabel: name,
        details: { name, from: current[name], to: next[name] },
      });
      changed.push(name);
    }
    return changed;
  });
}

import type { KeyActions } from "@/components/access-keys/types";
import { selfServiceAllows } from "@/lib/model/authz";
import type { SelfServiceLevel } from "@/lib/model/settings";
import { createOwnKeyAction, deleteOwnKeyAction, regenerateOwnKeyAction, setOwnKeyStatusAction } from "./actions";

/** The controls each level offers; the actions re-check the level themselves. */
export function actionsFor(level: SelfServiceLevel): KeyActions {
  const manage = selfServiceAllows(level, "manage");
  return {
    setStatus: manage ? setOwnKeyStatusAction : undefined,
    regenerate: manage ? regenerateOwnKeyAction : undefined,
    create: selfServiceAllows(level, "create") ? createOwnKeyAction : undefined,
    delete: selfServiceAllows(level, "delete") ? deleteOwnKeyAction : undefined,
  };
}

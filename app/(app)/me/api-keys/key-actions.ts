import type { KeyActions } from "@/components/access-keys/types";
import { type Actor, can, type SelfServiceOperation, selfServiceAllows } from "@/lib/model/authz";
import type { SelfServiceLevel } from "@/lib/model/settings";
import { createOwnKeyAction, deleteOwnKeyAction, regenerateOwnKeyAction, setOwnKeyStatusAction } from "./actions";

/**
 * The controls each level offers to this actor — none to an auditor, who changes nothing, not even
 * their own keys; the actions re-check both themselves.
 */
export function actionsFor(level: SelfServiceLevel, actor: Actor): KeyActions {
  const allows = (operation: SelfServiceOperation) =>
    can(actor, "own-keys:write") && selfServiceAllows(level, operation);
  return {
    setStatus: allows("manage") ? setOwnKeyStatusAction : undefined,
    regenerate: allows("manage") ? regenerateOwnKeyAction : undefined,
    create: allows("create") ? createOwnKeyAction : undefined,
    delete: allows("delete") ? deleteOwnKeyAction : undefined,
  };
}

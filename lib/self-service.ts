import { DomainError } from "./errors";
import type { SelfServiceLevel } from "./settings";

/** What users may do with their own keys, by `selfServiceLevel` (SPEC §1 Site settings). */
export type SelfServiceOperation = "view" | "manage" | "create" | "delete";

const NEEDED: Record<SelfServiceOperation, SelfServiceLevel> = {
  view: "view",
  manage: "manage", // activate, deactivate, regenerate, revoke
  create: "full",
  delete: "full",
};
const RANK: Record<SelfServiceLevel, number> = { none: 0, view: 1, manage: 2, full: 3 };

export function selfServiceAllows(level: SelfServiceLevel, operation: SelfServiceOperation): boolean {
  return RANK[level] >= RANK[NEEDED[operation]];
}

export function assertSelfService(level: SelfServiceLevel, operation: SelfServiceOperation): void {
  if (!selfServiceAllows(level, operation)) throw new DomainError("forbidden", "forbidden");
}

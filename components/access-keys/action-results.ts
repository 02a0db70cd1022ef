import type { IssuedKey, SkippedKey } from "@/lib/model/access-keys";
import { plural } from "@/lib/model/format";
import { PAST_TENSE } from "@/lib/model/key-state";
import type { IssuedSecret } from "./types";

/** What the key actions (admin and self-service alike) answer; the secret goes to the secret dialog once. */
export function issuedResult({ key, secret }: IssuedKey, verb: "created" | "regenerated") {
  const data: IssuedSecret = { name: key.name, clientId: key.clientId, secret };
  return { ok: true as const, message: `Access key ${key.name} was ${verb}.`, data };
}

export function statusResult(key: { name: string }, action: keyof typeof PAST_TENSE) {
  return { ok: true as const, message: `Access key ${key.name} was ${PAST_TENSE[action]}.` };
}

/** "2 access keys revoked. 1 skipped: Deploy (kwc_…): already revoked." — every skipped key named, with why. */
export function bulkResult(done: number, skipped: SkippedKey[], action: "deactivate" | "revoke" | "delete") {
  const verb = action === "delete" ? "deleted" : PAST_TENSE[action];
  const names = skipped.map((key) =>
    key.name === null ? `a key that ${key.reason}` : `${key.name} (${key.clientId}): ${key.reason}`,
  );
  const note = skipped.length ? ` ${skipped.length} skipped: ${names.join("; ")}.` : "";
  return { ok: true as const, message: `${plural(done, "access key")} ${verb}.${note}` };
}

import type { IssuedKey } from "@/db/queries/access-key-changes";
import type { IssuedSecret } from "./types";

/** What the key actions (admin and self-service alike) answer; the secret goes to the secret dialog once. */
export function issuedResult({ key, secret }: IssuedKey, verb: "created" | "regenerated") {
  const data: IssuedSecret = { name: key.name, clientId: key.clientId, secret };
  return { ok: true as const, message: `Access key ${key.name} was ${verb}.`, data };
}

export const PAST_TENSE = { activate: "activated", deactivate: "deactivated", revoke: "revoked" } as const;

export function statusResult(key: { name: string }, action: keyof typeof PAST_TENSE) {
  return { ok: true as const, message: `Access key ${key.name} was ${PAST_TENSE[action]}.` };
}

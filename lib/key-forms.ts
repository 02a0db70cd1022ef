import { getAccessKey } from "@/db/queries/access-keys";
import { getSettings } from "@/db/queries/settings";
import { toDateInput } from "./model/policy";
import {
  createAccessKeySchema,
  type ExpiryContext,
  updateAccessKeySchema,
  withExpiryPolicy,
} from "./validation/access-keys";

/*
 * The key dialogs' schemas (admin and My API Keys): every field, the expiration date against the
 * policy included, is checked in one pass, so one submit reports every problem.
 */

async function policy(): Promise<ExpiryContext> {
  return { keyLifetimeDays: (await getSettings()).keyLifetimeDays };
}

async function policyForEdit({ id }: Record<string, unknown>): Promise<ExpiryContext> {
  const key = typeof id === "number" && Number.isSafeInteger(id) && id > 0 ? await getAccessKey(id) : undefined;
  return { ...(await policy()), current: key ? toDateInput(key.expiresAt) : undefined };
}

export const createKeyFormSchema = withExpiryPolicy(createAccessKeySchema, policy);
export const createOwnKeyFormSchema = withExpiryPolicy(createAccessKeySchema.omit({ ownerId: true }), policy);
export const updateKeyFormSchema = withExpiryPolicy(updateAccessKeySchema, policyForEdit);

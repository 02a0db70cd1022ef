// The key dialogs' schemas read the expiry policy (and, for an edit, the key) when a form is
// submitted, so a date beyond the policy is reported with the other field errors at once.
import { beforeEach, describe, expect, it } from "vitest";
import type { z } from "zod";
import { createKey } from "@/lib/services/access-keys";
import { saveSettings } from "@/lib/services/settings";
import { makeUser, testContext } from "@/test/db/fixtures";
import { rootActor } from "@/test/support/actors";
import { createKeyFormSchema, createOwnKeyFormSchema, updateKeyFormSchema } from "./key-forms";
import { toDateInput } from "./model/policy";
import { fieldErrorsOf } from "./validation/field-errors";

const inDays = (days: number) => toDateInput(new Date(Date.now() + days * 86_400_000));

async function errorsOf(schema: z.ZodType, input: object) {
  const result = await schema.safeParseAsync(input);
  return result.success ? {} : fieldErrorsOf(result.error.issues);
}

beforeEach(async () => {
  await saveSettings(rootActor, { keyLifetimeDays: 30 }, testContext);
});

describe("key form schemas", () => {
  it("create (admin and My API Keys): a date beyond the policy is reported with a bad name", async () => {
    const input = { ownerId: "1", name: "not/valid", description: "", expiresAt: inDays(60) };
    for (const schema of [createKeyFormSchema, createOwnKeyFormSchema]) {
      const errors = await errorsOf(schema, input);
      expect(Object.keys(errors).sort()).toEqual(["expiresAt", "name"]);
      expect(errors.expiresAt).toEqual([
        `The expiration date cannot be later than ${inDays(30)} (keys live at most 30 days).`,
      ]);
    }
  });

  it("reads the policy at each submit", async () => {
    const input = { ownerId: "1", name: "Fine", expiresAt: inDays(60) };
    expect((await createKeyFormSchema.safeParseAsync(input)).success).toBe(false);
    await saveSettings(rootActor, { keyLifetimeDays: 90 }, testContext);
    expect((await createKeyFormSchema.safeParseAsync(input)).success).toBe(true);
  });

  it("edit: the key's own date may stay after the policy became stricter; a new one is checked", async () => {
    const owner = await makeUser("user");
    await saveSettings(rootActor, { keyLifetimeDays: 365 }, testContext);
    const { key } = await createKey(
      rootActor,
      { ownerId: owner.id, name: "Long lived", description: "", expiresAt: inDays(300), bearerEnabled: false },
      testContext,
    );
    await saveSettings(rootActor, { keyLifetimeDays: 30 }, testContext);
    const kept = toDateInput(key.expiresAt);
    expect(
      (await updateKeyFormSchema.safeParseAsync({ id: String(key.id), name: "Renamed", expiresAt: kept })).success,
    ).toBe(true);
    const errors = await errorsOf(updateKeyFormSchema, { id: String(key.id), name: "", expiresAt: inDays(200) });
    expect(Object.keys(errors).sort()).toEqual(["expiresAt", "name"]);
  });
});

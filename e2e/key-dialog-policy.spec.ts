import { getKey, hex, keysOf, pickOwner } from "./support/access-keys";
import { ADMIN_STATE } from "./support/env";
import { createTestUser, expect, test } from "./support/fixtures";
import { choice, inDays, openCreate, presets } from "./support/key-dialog";
import { setSettingsInDb, settingsInDb } from "./support/settings";

/*
 * Issue 18 item 10: the "Expires in" choices follow the key lifetime policy. Every other spec takes
 * the lifetime as 90 days (settings.spec.ts even checks that nobody changes it), so this spec runs in
 * its own Playwright project, after all of them (playwright.config.ts), and sets it back.
 */

test.describe.configure({ mode: "serial" });
test.use({ storageState: ADMIN_STATE });

test.afterAll(async () => {
  await setSettingsInDb({ keyLifetimeDays: 90 });
});

async function setLifetime(days: number | "never") {
  await setSettingsInDb({ keyLifetimeDays: days });
  expect((await settingsInDb()).keyLifetimeDays).toBe(days);
}

test("keys may live for ever: every preset and 'No expiration', which creates a key that never expires", async ({
  page,
}) => {
  await setLifetime("never");
  const owner = await createTestUser("user");
  const name = `Never ${hex()}`;
  const dialog = await openCreate(page);
  const date = dialog.getByLabel("Expiration date");

  await expect(presets(dialog).getByRole("radio")).toHaveCount(6);
  for (const offered of ["7 days", "30 days", "60 days", "90 days", "Custom date"]) {
    await expect(choice(dialog, offered)).toHaveCount(1);
  }
  // No date is the policy's default here: no expiration.
  await expect(choice(dialog, "No expiration")).toBeChecked();
  await expect(date).toHaveValue("");
  await expect(presets(dialog)).toHaveAccessibleDescription("Never expires");

  await choice(dialog, "90 days").check();
  await expect(date).toHaveValue(inDays(90));
  await choice(dialog, "No expiration").check();
  await expect(date).toHaveValue("");
  await expect(dialog.getByText("Never expires", { exact: true })).toBeVisible();

  await pickOwner(dialog, page, owner.username);
  await dialog.getByLabel("API key name").fill(name);
  await dialog.getByRole("button", { name: "Create", exact: true }).click();
  const secret = page.getByRole("dialog", { name: `Secret for ${name}` });
  await secret.getByRole("button", { name: "Done" }).click();
  await expect(secret).toBeHidden();
  const key = (await keysOf(owner.id)).find((k) => k.name === name);
  expect(key, `key ${name}`).toBeTruthy();
  expect((await getKey(key?.id ?? 0))?.expiresAt).toBeNull();
});

test("a 30-day maximum: only the 7- and 30-day presets, no 'No expiration'", async ({ page }) => {
  await setLifetime(30);
  const dialog = await openCreate(page);
  await expect(presets(dialog).getByRole("radio")).toHaveCount(3);
  await expect(choice(dialog, "7 days")).toHaveCount(1);
  await expect(choice(dialog, "30 days")).toBeChecked();
  await expect(choice(dialog, "Custom date")).toHaveCount(1);
  for (const absent of ["60 days", "90 days", "No expiration"]) {
    await expect(choice(dialog, absent)).toHaveCount(0);
  }
  await expect(dialog.getByLabel("Expiration date")).toHaveValue(inDays(30));
});

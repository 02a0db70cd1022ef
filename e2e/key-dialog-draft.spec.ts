import type { Locator, Page } from "@playwright/test";
import { hex, openKeysOf, rowWith } from "./support/access-keys";
import { ADMIN_STATE } from "./support/env";
import { createTestUser, expect, test } from "./support/fixtures";
import { choice, inDays } from "./support/key-dialog";

/**
 * Issue 18 item 2, second half: a Create dialog closed without creating (Escape, Cancel) reopens with
 * what was typed; a created key clears it, so the next Create dialog starts empty.
 */

test.use({ storageState: ADMIN_STATE });

type Values = { owner: string; name: string; description: string; expiresAt: string; bearer: boolean };

/** What the dialog's fields show, the Owner combobox's choice included (its hidden `ownerId`). */
async function valuesOf(dialog: Locator): Promise<Values & { ownerId: string }> {
  return {
    owner: await dialog.getByRole("combobox", { name: "Owner" }).inputValue(),
    ownerId: await dialog.locator('input[name="ownerId"]').inputValue(),
    name: await dialog.getByLabel("API key name").inputValue(),
    description: await dialog.getByLabel("Description").inputValue(),
    expiresAt: await dialog.getByLabel("Expiration date").inputValue(),
    bearer: await dialog.getByLabel("Bearer token").isChecked(),
  };
}

async function reopen(page: Page, dialog: Locator) {
  await page.getByRole("button", { name: "Create access key" }).click();
  await expect(dialog).toBeVisible();
  // Focus goes to the first field, as on any opening.
  await expect(dialog.getByRole("combobox", { name: "Owner" })).toBeFocused();
}

test("a Create dialog closed without creating keeps what was typed until a key is created", async ({ page }) => {
  const owner = await createTestUser("user", { prefix: "draft-owner" });
  const name = `Draft ${hex()}`;
  await openKeysOf(page, owner.username);
  const createButton = page.getByRole("button", { name: "Create access key" });
  const dialog = page.getByRole("dialog", { name: "Create access key" });
  const combobox = dialog.getByRole("combobox", { name: "Owner" });

  await createButton.click();
  await expect(dialog).toBeVisible();
  const empty = await valuesOf(dialog);
  expect(empty).toMatchObject({ owner: "", ownerId: "", name: "", description: "", bearer: false });

  await combobox.fill(owner.username);
  await page.getByRole("option", { name: owner.username }).click();
  await expect(combobox).toHaveValue(owner.username);
  await dialog.getByLabel("API key name").fill(name);
  await dialog.getByLabel("Description").fill("Kept across closings");
  await choice(dialog, "7 days").check();
  await dialog.getByLabel("Bearer token").check();
  const typed = await valuesOf(dialog);
  expect(typed).toMatchObject({ owner: owner.username, ownerId: String(owner.id), expiresAt: inDays(7), bearer: true });
  expect(typed.expiresAt).not.toBe(empty.expiresAt);

  // Escape with the suggestions open closes them only; a second Escape closes the dialog.
  await combobox.focus();
  const option = page.getByRole("option", { name: owner.username });
  await expect(option).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(option).toBeHidden();
  await expect(dialog).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(createButton).toBeFocused();

  await reopen(page, dialog);
  expect(await valuesOf(dialog)).toEqual(typed);
  await expect(choice(dialog, "7 days")).toBeChecked();

  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await reopen(page, dialog);
  expect(await valuesOf(dialog)).toEqual(typed);
  await expect(choice(dialog, "7 days")).toBeChecked();

  // Created straight from the kept values: the owner chosen before closing is the key's owner.
  await dialog.getByRole("button", { name: "Create", exact: true }).click();
  const secret = page.getByRole("dialog", { name: `Secret for ${name}` });
  await expect(secret).toBeVisible();
  await secret.getByRole("button", { name: "Done" }).click();
  await expect(secret).toBeHidden();
  await expect(rowWith(page, name)).toBeVisible();

  await reopen(page, dialog);
  expect(await valuesOf(dialog)).toEqual(empty);
  await expect(choice(dialog, "7 days")).not.toBeChecked();
});

// Issue 18 item 9: a key's own page acts — the row's actions, with the same dialogs, beside its name.
import { confirm, createKey, getKey, hex, KEYS_PATH, rowAction, secretHashOf } from "./support/access-keys";
import { ADMIN_STATE } from "./support/env";
import { createTestUser, expect, signInAs, test } from "./support/fixtures";

test.describe("as the administrator", () => {
  test.use({ storageState: ADMIN_STATE });

  test("a key's page offers its actions: deactivate, activate, regenerate, edit, and delete back to the list", async ({
    page,
  }) => {
    const owner = await createTestUser("user");
    const key = await createKey(owner.id, `Page acts ${hex()}`);
    await page.goto(`${KEYS_PATH}/${key.id}`);
    await expect(page.getByRole("heading", { name: key.name, level: 1 })).toBeVisible();
    const details = page.getByRole("region", { name: "Details" });

    await rowAction(page, key.name, "Deactivate");
    await confirm(page, "Deactivate");
    await expect(details.getByText("Inactive", { exact: true })).toBeVisible();
    expect((await getKey(key.id))?.status).toBe("inactive");

    await rowAction(page, key.name, "Activate");
    await expect(details.getByText("Active", { exact: true })).toBeVisible();
    expect((await getKey(key.id))?.status).toBe("active");

    const before = await secretHashOf(key.id);
    await rowAction(page, key.name, "Regenerate");
    await confirm(page, "Regenerate");
    const secretDialog = page.getByRole("dialog");
    await expect(secretDialog.getByRole("button", { name: "Copy to clipboard" })).toBeVisible();
    await secretDialog.getByRole("button", { name: "Done" }).click();
    await expect(secretDialog).toBeHidden();
    expect(await secretHashOf(key.id)).not.toBe(before);

    await rowAction(page, key.name, "Edit");
    const edit = page.getByRole("dialog", { name: /Edit/ });
    await edit.getByLabel("Description").fill("Edited on its own page");
    await edit.getByRole("button", { name: "Save" }).click();
    await expect(edit).toBeHidden();
    await expect(details.getByText("Edited on its own page")).toBeVisible();

    await rowAction(page, key.name, "Delete");
    await confirm(page, "Delete");
    await expect(page).toHaveURL(new RegExp(`${KEYS_PATH}$`));
    expect(await getKey(key.id)).toBeUndefined();
  });
});

test("an auditor's view of a key's page has no actions", async ({ page }) => {
  const auditor = await createTestUser("auditor");
  const owner = await createTestUser("user");
  const key = await createKey(owner.id, `Read only ${hex()}`);
  await signInAs(page, auditor);
  await page.goto(`${KEYS_PATH}/${key.id}`);
  await expect(page.getByRole("heading", { name: key.name, level: 1 })).toBeVisible();
  await expect(page.getByRole("button", { name: `Actions for ${key.name}` })).toHaveCount(0);
});

import type { Locator, Page } from "@playwright/test";
import { focusMenuItem, hex, KEYS_PATH, openKeysOf, rowWith, seedKey } from "./support/access-keys";
import { ADMIN_STATE } from "./support/env";
import { createTestUser, expect, seedAccessKeys, test } from "./support/fixtures";

/**
 * Keyboard-only flows (issue 18 items 1 and 2): every step is a key press, and after each one focus is
 * where the user was (the trigger, the row's Actions button, the pagination control, the first
 * invalid field), never on <body>.
 */

test.use({ storageState: ADMIN_STATE });

/** What has focus, for failure messages: never <body>. */
const focused = (page: Page) => page.evaluate(() => document.activeElement?.outerHTML.slice(0, 200) ?? "none");

async function expectFocused(page: Page, locator: Locator) {
  await expect(locator).toBeFocused();
  expect(await focused(page)).not.toMatch(/^<body/);
}

/** Opens a row's menu with Enter and moves to `item` with the arrow keys. */
async function openRowMenuItem(page: Page, trigger: Locator, item: string) {
  await expectFocused(page, await focusMenuItem(page, trigger, item));
}

test("Tab from page load reaches “Skip to content”; Enter moves focus to the main content", async ({ page }) => {
  await page.goto(KEYS_PATH);
  await expect(page.getByRole("heading", { name: "Access Keys" })).toBeVisible();
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expectFocused(page, skip);
  await expect(skip).toBeVisible();
  await page.keyboard.press("Enter");
  await expectFocused(page, page.getByRole("main"));
});

test("create a key end to end with the keyboard only", async ({ page }) => {
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  const owner = await createTestUser("user", { prefix: "kbd-owner" });
  // More active users than the suggestions show without scrolling.
  await Promise.all(Array.from({ length: 8 }, () => createTestUser("user", { prefix: "kbd-other" })));
  const name = `Keyboard ${hex()}`;
  await openKeysOf(page, owner.username);

  const createButton = page.getByRole("button", { name: "Create access key" });
  await createButton.focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Create access key" });
  await expect(dialog).toBeVisible();
  const combobox = dialog.getByRole("combobox", { name: "Owner" });
  await expectFocused(page, combobox);

  // The suggestions open on focus and scroll (more users than fit): Tab still goes to the next field.
  const suggestions = dialog.getByRole("listbox", { name: "Active users" });
  await expect(suggestions).toBeVisible();
  expect(await suggestions.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);

  // A failed submit: nothing chosen, nothing named; focus goes to the first invalid field.
  const nameField = dialog.getByLabel("API key name");
  await page.keyboard.press("Tab");
  await expectFocused(page, nameField);
  await page.keyboard.press("Enter");
  await expect(combobox).toHaveAttribute("aria-invalid", "true");
  await expectFocused(page, combobox);

  // Type in the combobox, pick with the arrows; Escape closes the suggestions only.
  await page.keyboard.type(owner.username);
  const option = page.getByRole("option", { name: owner.username });
  await expect(option).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(option).toBeHidden();
  await expect(dialog).toBeVisible();
  await expectFocused(page, combobox);
  await expect(combobox).toHaveValue(owner.username);
  await page.keyboard.press("ArrowDown");
  await expect(option).toBeVisible();
  await expect(option).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("Enter");
  await expect(option).toBeHidden();
  await expect(dialog).toBeVisible();
  await expect(combobox).toHaveValue(owner.username);
  await expectFocused(page, combobox);

  await page.keyboard.press("Tab");
  await expectFocused(page, nameField);
  await page.keyboard.type(name);
  await page.keyboard.press("Enter");

  const secret = page.getByRole("dialog", { name: `Secret for ${name}` });
  await expect(secret).toBeVisible();
  await expect(dialog).toBeHidden();
  const copy = secret.getByRole("button", { name: "Copy to clipboard" });
  await copy.focus();
  await page.keyboard.press("Enter");
  await expect(secret.getByRole("status").filter({ hasText: "Copied" }).first()).toBeVisible();
  await expectFocused(page, copy);
  const done = secret.getByRole("button", { name: "Done" });
  await done.focus();
  await page.keyboard.press("Enter");
  await expect(secret).toBeHidden();
  await expectFocused(page, createButton);
  await expect(rowWith(page, name)).toBeVisible();
});

test("Cancel and Escape return focus to the dialog's trigger", async ({ page }) => {
  const owner = await createTestUser("user", { prefix: "kbd-cancel" });
  await openKeysOf(page, owner.username);
  const createButton = page.getByRole("button", { name: "Create access key" });
  const dialog = page.getByRole("dialog", { name: "Create access key" });

  await createButton.focus();
  await page.keyboard.press("Enter");
  await expect(dialog).toBeVisible();
  const cancel = dialog.getByRole("button", { name: "Cancel" });
  await cancel.focus();
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  await expectFocused(page, createButton);

  // Escape with the suggestions open closes them; a second Escape closes the dialog.
  await page.keyboard.press("Enter");
  await expect(dialog).toBeVisible();
  await page.keyboard.type(owner.username);
  await expect(page.getByRole("option", { name: owner.username })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("listbox")).toBeHidden();
  await expect(dialog).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expectFocused(page, createButton);
});

test("row-menu actions return focus to the row's Actions button, or its neighbour once the row is gone", async ({
  page,
}) => {
  const owner = await createTestUser("user", { prefix: "kbd-rows" });
  const first = await seedKey(owner.id, { name: `Kbd A ${hex()}` });
  const second = await seedKey(owner.id, { name: `Kbd B ${hex()}` });
  await page.goto(`${KEYS_PATH}?owner=${encodeURIComponent(owner.username)}&sort=name&dir=asc`);
  const trigger = page.getByRole("button", { name: `Actions for ${first.name}`, exact: true });
  const confirmDialog = page.getByRole("alertdialog", { name: `Deactivate ${first.name}?` });

  // Escape, then Cancel, leave the key as it was and focus on its Actions button.
  await openRowMenuItem(page, trigger, "Deactivate");
  await page.keyboard.press("Enter");
  await expect(confirmDialog).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(confirmDialog).toBeHidden();
  await expectFocused(page, trigger);

  await openRowMenuItem(page, trigger, "Deactivate");
  await page.keyboard.press("Enter");
  await expect(confirmDialog).toBeVisible();
  await expectFocused(page, confirmDialog.getByRole("button", { name: "Cancel" }));
  await page.keyboard.press("Enter");
  await expect(confirmDialog).toBeHidden();
  await expectFocused(page, trigger);

  // Confirmed: the row re-renders as inactive, focus stays on its Actions button.
  await openRowMenuItem(page, trigger, "Deactivate");
  await page.keyboard.press("Enter");
  await expect(confirmDialog).toBeVisible();
  await page.keyboard.press("Tab");
  await expectFocused(page, confirmDialog.getByRole("button", { name: "Deactivate" }));
  await page.keyboard.press("Enter");
  await expect(confirmDialog).toBeHidden();
  await expect(rowWith(page, first.clientId)).toContainText("Inactive");
  await expectFocused(page, trigger);

  // Activate has no dialog: focus stays on the trigger while the row changes.
  await openRowMenuItem(page, trigger, "Activate");
  await page.keyboard.press("Enter");
  await expect(rowWith(page, first.clientId)).not.toContainText("Inactive");
  await expectFocused(page, trigger);

  // Deleted: the row is gone, focus moves to the next row's Actions button.
  await openRowMenuItem(page, trigger, "Delete");
  await page.keyboard.press("Enter");
  const deleteDialog = page.getByRole("alertdialog", { name: `Delete ${first.name}?` });
  await expect(deleteDialog).toBeVisible();
  await deleteDialog.getByRole("button", { name: "Delete" }).focus();
  await page.keyboard.press("Enter");
  await expect(deleteDialog).toBeHidden();
  await expect(rowWith(page, first.clientId)).toHaveCount(0);
  await expectFocused(page, page.getByRole("button", { name: `Actions for ${second.name}`, exact: true }));
});

test("Next and Previous page keep focus on the pagination control", async ({ page }) => {
  const owner = await createTestUser("user", { prefix: "kbd-pages" });
  await seedAccessKeys(owner.id, 25);
  await page.goto(`${KEYS_PATH}?owner=${encodeURIComponent(owner.username)}&size=10`);
  const pagination = page.getByRole("navigation", { name: "Pagination" });
  const next = pagination.getByRole("button", { name: "Next page" });
  const previous = pagination.getByRole("button", { name: "Previous page" });

  await next.focus();
  await page.keyboard.press("Enter");
  await expect(pagination).toContainText("Page 2 of 3");
  await expectFocused(page, next);
  await page.keyboard.press("Enter");
  await expect(pagination).toContainText("Page 3 of 3");
  await expect(next).toBeDisabled();
  // The control used is disabled now: focus goes to the first enabled one.
  await expectFocused(page, previous);
  await page.keyboard.press("Enter");
  await expect(pagination).toContainText("Page 2 of 3");
  await expectFocused(page, previous);
});

test("users grid: dialogs and row actions return focus; a failed submit focuses the first invalid field", async ({
  page,
}) => {
  const user = await createTestUser("user", { prefix: "kbd-user" });
  await page.goto(`/admin/users?q=${encodeURIComponent(user.username)}`);
  const addUser = page.getByRole("button", { name: "Add user" });
  const dialog = page.getByRole("dialog", { name: "Add user" });

  await addUser.focus();
  await page.keyboard.press("Enter");
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Save" }).focus();
  await page.keyboard.press("Enter");
  await expect(dialog.getByLabel("Username")).toHaveAttribute("aria-invalid", "true");
  await expectFocused(page, dialog.getByLabel("Username"));
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expectFocused(page, addUser);

  const row = page.getByRole("row").filter({ hasText: user.username });
  const deactivate = row.getByRole("button", { name: "Deactivate" });
  await deactivate.focus();
  await page.keyboard.press("Enter");
  const confirmDialog = page.getByRole("alertdialog", { name: `Deactivate ${user.username}?` });
  await expect(confirmDialog).toBeVisible();
  await confirmDialog.getByRole("button", { name: "Deactivate" }).focus();
  await page.keyboard.press("Enter");
  await expect(confirmDialog).toBeHidden();
  const activate = row.getByRole("button", { name: "Activate" });
  await expect(activate).toBeVisible();
  await expectFocused(page, activate);
});

test("bulk actions, Clear selection and Clear filters leave focus in the grid", async ({ page }) => {
  const owner = await createTestUser("user", { prefix: "kbd-bulk" });
  const key = await seedKey(owner.id, { name: `Kbd bulk ${hex()}` });
  await openKeysOf(page, owner.username);
  const select = page.getByRole("checkbox", { name: `Select ${key.name}`, exact: true });
  const selectAll = page.getByRole("checkbox", { name: "Select all rows on this page" });
  const bar = page.getByRole("region", { name: "Bulk actions" });

  await select.focus();
  await page.keyboard.press("Space");
  await expect(bar).toBeVisible();
  await bar.getByRole("button", { name: "Clear selection" }).focus();
  await page.keyboard.press("Enter");
  await expect(bar).toBeHidden();
  await expectFocused(page, selectAll);

  await select.focus();
  await page.keyboard.press("Space");
  await bar.getByRole("button", { name: "Deactivate" }).focus();
  await page.keyboard.press("Enter");
  const confirmDialog = page.getByRole("alertdialog");
  await expect(confirmDialog).toBeVisible();
  await confirmDialog.getByRole("button", { name: "Deactivate" }).focus();
  await page.keyboard.press("Enter");
  await expect(confirmDialog).toBeHidden();
  await expect(bar).toBeHidden();
  await expect(rowWith(page, key.clientId)).toContainText("Inactive");
  await expectFocused(page, selectAll);

  const clear = page.getByRole("button", { name: "Clear filters" });
  await clear.focus();
  await page.keyboard.press("Enter");
  await expect(clear).toBeHidden();
  await expectFocused(page, page.getByRole("search", { name: "Filters" }).getByLabel("API key name"));
});

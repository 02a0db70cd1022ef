import type { Page } from "@playwright/test";
import {
  actionsButton,
  confirm,
  createKey,
  focusMenuItem,
  getKey,
  hex,
  rowAction,
  rowMenuItems,
  type SeededKey,
  secretHashOf,
} from "./support/access-keys";
import { createTestUser, expect, signInAs, test } from "./support/fixtures";
import { setSettingsInDb, settingsInDb } from "./support/settings";

/*
 * Issue 18 item 9 for owners: a user's own key page (/me/api-keys/<id>) offers exactly the actions
 * the self-service level allows, and they work from there.
 * The level is site-wide, so this spec runs in its own Playwright project after all the others
 * (playwright.config.ts) and puts back the level it found.
 */
test.describe.configure({ mode: "serial" });

type Level = "none" | "view" | "manage" | "full";
let found: Level | undefined;

test.beforeAll(async () => {
  found = (await settingsInDb()).selfServiceLevel;
});

test.afterAll(async () => {
  if (found) await setSettingsInDb({ selfServiceLevel: found });
});

const MY_KEYS = "/me/api-keys";
const SECRET = /^kws_[0-9A-Za-z]{38}$/;
/** Every verb a key's menu can offer. */
const VERBS = ["Edit", "Deactivate", "Activate", "Regenerate", "Revoke", "Delete"];

async function setLevel(level: Level) {
  await setSettingsInDb({ selfServiceLevel: level });
  expect((await settingsInDb()).selfServiceLevel).toBe(level);
}

const trigger = (page: Page, key: SeededKey) => actionsButton(page, key.name);
const details = (page: Page) => page.getByRole("region", { name: "Details" });
/** The status badge in the Details card (the history below it may name statuses too). */
const statusBadge = (page: Page) => details(page).locator("dd .badge").first();

/** Opens the user's own key page and expects it shown (200, its heading and client ID). */
async function openKeyPage(page: Page, key: SeededKey) {
  const response = await page.goto(`${MY_KEYS}/${key.id}`);
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { name: key.name, level: 1 })).toBeVisible();
  await expect(details(page).getByText(key.clientId, { exact: true })).toBeVisible();
}

/** Another user's key page is not there for this user (the page answers 404, and shows nothing of it). */
async function expectOthersKeyHidden(page: Page, theirs: SeededKey) {
  expect((await page.goto(`${MY_KEYS}/${theirs.id}`))?.status()).toBe(404);
  await expect(page.getByText(theirs.clientId)).toHaveCount(0);
  await expect(page.getByText(theirs.name)).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Actions for / })).toHaveCount(0);
}

/**
 * At `level`: a signed-in user with a key of their own named `name`, and another user's key.
 * Creating the keys straight in the database works at every level, none included.
 */
async function ownerAt(page: Page, level: Level, name: string) {
  await setLevel(level);
  const user = await createTestUser("user", { prefix: "own-page" });
  const other = await createTestUser("user", { prefix: "own-page-other" });
  const theirs = await createKey(other.id, `Theirs ${hex()}`);
  const key = await createKey(user.id, `${name} ${hex()}`);
  await signInAs(page, user);
  return { key, theirs };
}

test("level view: the own key page is shown with no actions at all; another user's key page is a 404", async ({
  page,
}) => {
  const { key, theirs } = await ownerAt(page, "view", "Own view");

  await openKeyPage(page, key);
  await expect(statusBadge(page)).toHaveText("Active");
  await expect(trigger(page, key)).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Actions/ })).toHaveCount(0);
  for (const verb of VERBS) {
    await expect(page.getByRole("button", { name: verb, exact: true })).toHaveCount(0);
    await expect(page.getByRole("menuitem", { name: verb, exact: true })).toHaveCount(0);
  }

  await expectOthersKeyHidden(page, theirs);
  expect((await page.goto(`${MY_KEYS}/999999999`))?.status()).toBe(404);
});

test("level manage: deactivate, activate, regenerate and revoke from the key page; no delete, no edit", async ({
  page,
}) => {
  const { key, theirs } = await ownerAt(page, "manage", "Own manage");
  await openKeyPage(page, key);

  expect(await rowMenuItems(page, key.name)).toEqual(["Deactivate", "Regenerate", "Revoke"]);

  // Deactivate by keyboard only: menu, confirmation, and focus back on the menu button.
  await focusMenuItem(page, trigger(page, key), "Deactivate");
  await page.keyboard.press("Enter");
  const deactivate = page.getByRole("alertdialog", { name: `Deactivate ${key.name}?` });
  await expect(deactivate).toBeVisible();
  const confirmButton = deactivate.getByRole("button", { name: "Deactivate", exact: true });
  for (let i = 0; i < 4 && !(await confirmButton.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press("Tab");
  }
  await expect(confirmButton).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(deactivate).toBeHidden();
  await expect(statusBadge(page)).toHaveText("Inactive");
  expect((await getKey(key.id))?.status).toBe("inactive");
  await expect(trigger(page, key)).toBeFocused();
  expect(await rowMenuItems(page, key.name)).toEqual(["Activate", "Regenerate", "Revoke"]);

  // The page as served again agrees (the change is stored, not only shown).
  await openKeyPage(page, key);
  await expect(statusBadge(page)).toHaveText("Inactive");

  await rowAction(page, key.name, "Activate");
  await expect(statusBadge(page)).toHaveText("Active");
  expect((await getKey(key.id))?.status).toBe("active");

  // Regenerate: confirmation, then the new secret, shown once.
  const before = await secretHashOf(key.id);
  await rowAction(page, key.name, "Regenerate");
  await confirm(page, "Regenerate");
  const secretDialog = page.getByRole("dialog", { name: `Secret for ${key.name}` });
  await expect(secretDialog).toBeVisible();
  await expect(secretDialog.getByLabel("Client ID")).toHaveValue(key.clientId);
  const secret = await secretDialog.getByLabel("Secret", { exact: true }).inputValue();
  expect(secret).toMatch(SECRET);
  expect(secret).not.toBe(key.secret);
  await expect(secretDialog.getByRole("button", { name: "Copy to clipboard" })).toBeVisible();
  await secretDialog.getByRole("button", { name: "Done" }).click();
  await expect(secretDialog).toBeHidden();
  expect(await secretHashOf(key.id)).not.toBe(before);
  expect(await page.content()).not.toContain(secret);
  await openKeyPage(page, key);
  expect(await page.content()).not.toContain(secret);
  await expect(page.getByRole("dialog", { name: `Secret for ${key.name}` })).toHaveCount(0);

  // Revoke: a revoked key can only be regenerated.
  await rowAction(page, key.name, "Revoke");
  await confirm(page, "Revoke");
  await expect(statusBadge(page)).toHaveText("Revoked");
  expect((await getKey(key.id))?.status).toBe("revoked");
  expect(await rowMenuItems(page, key.name)).toEqual(["Regenerate"]);

  await expectOthersKeyHidden(page, theirs);
});

test("level full: the key page also deletes, back to My API Keys; still no edit", async ({ page }) => {
  const { key, theirs } = await ownerAt(page, "full", "Own full");
  await openKeyPage(page, key);

  expect(await rowMenuItems(page, key.name)).toEqual(["Deactivate", "Regenerate", "Revoke", "Delete"]);

  await rowAction(page, key.name, "Delete");
  await confirm(page, "Delete");
  await expect(page).toHaveURL(new RegExp(`${MY_KEYS}$`));
  await expect(page.getByRole("heading", { name: "My API Keys", level: 1 })).toBeVisible();
  await expect(page.getByRole("table", { name: "My API keys" })).not.toContainText(key.clientId);
  expect(await getKey(key.id)).toBeUndefined();
  expect((await page.goto(`${MY_KEYS}/${key.id}`))?.status()).toBe(404);

  await expectOthersKeyHidden(page, theirs);
});

test("level none: the own key page is refused with 403 saying self-service is off, and shows nothing of the key", async ({
  page,
}) => {
  const { key, theirs } = await ownerAt(page, "none", "Own none");

  for (const target of [key, theirs]) {
    expect((await page.goto(`${MY_KEYS}/${target.id}`))?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "My API Keys is turned off", level: 1 })).toBeVisible();
    await expect(page.getByText(target.clientId)).toHaveCount(0);
    await expect(page.getByRole("heading", { name: target.name })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^Actions for / })).toHaveCount(0);
  }
  expect((await getKey(key.id))?.status).toBe("active");
});

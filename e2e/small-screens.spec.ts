import type { Page } from "@playwright/test";
import {
  createKey,
  daysFromNow,
  getKey,
  hex,
  KEYS_PATH,
  openKeysOf,
  rowWith,
  seedKey,
  setKeyExpiry,
} from "./support/access-keys";
import { expectAccessible } from "./support/axe";
import { ADMIN_STATE } from "./support/env";
import { createTestUser, expect, signInAs, test } from "./support/fixtures";
import { mainNav } from "./support/settings";
import { expectNoSidewaysScroll, expectOnScreen } from "./support/viewport";

/*
 * A phone (390 × 844, an iPhone 12–15): no page scrolls sideways, the header folds into a "Menu"
 * button that works from the keyboard, grids scroll inside their own box and dialogs fit the screen.
 */

const PHONE = { width: 390, height: 844 };
test.use({ viewport: PHONE });
test.describe.configure({ timeout: 180_000 });

const menuButton = (page: Page) => page.getByRole("button", { name: "Menu", exact: true });

async function visit(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBeLessThan(400);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectNoSidewaysScroll(page, path);
  // At this width grids and tables scroll sideways: axe checks, among others, that a keyboard can too.
  await expectAccessible(page, `${path} at ${PHONE.width}px`);
}

test.describe("as an administrator", () => {
  test.use({ storageState: ADMIN_STATE });

  test("no Users or Access Keys page is wider than the screen", async ({ page }) => {
    const owner = await createTestUser("user", { prefix: "phone" });
    const key = await createKey(owner.id, `Phone page key with a long name ${hex()}`);
    // Expiring soon: its cell carries visually hidden text, which once escaped the grid's scroll box.
    await setKeyExpiry(key.id, daysFromNow(3));
    for (const path of [
      "/admin/users",
      `/admin/users?q=${owner.username}`,
      KEYS_PATH,
      `${KEYS_PATH}?owner=${owner.username}`,
      `${KEYS_PATH}/${key.id}`,
    ]) {
      await visit(page, path);
    }
  });

  test("no other admin page is wider than the screen", async ({ page }) => {
    const owner = await createTestUser("user", { prefix: "phone" });
    await createKey(owner.id, `Phone mailed ${hex()}`);
    for (const path of ["/admin/audit", "/admin/notifications", "/admin/settings", "/me/account", "/api-reference"]) {
      await visit(page, path);
    }
    await page.goto(`/admin/notifications?recipient=${encodeURIComponent(owner.email)}`);
    await page.getByRole("table", { name: "Notifications" }).getByRole("link").first().click();
    await expect(page).toHaveURL(/\/admin\/notifications\/\d+$/);
    await expectNoSidewaysScroll(page, "a notification");
    await page.goto("/me/api-keys");
    await expectNoSidewaysScroll(page, "/me/api-keys (administrator)");
    await page.goto(`/no-such-page-${hex()}`);
    await expectNoSidewaysScroll(page, "the 404 page");
  });

  test("the header folds into a Menu button that works from the keyboard", async ({ page }) => {
    await page.goto("/admin/users");
    await expect(mainNav(page)).toBeHidden();
    await expect(menuButton(page)).toHaveAttribute("aria-expanded", "false");
    const controls = await menuButton(page).getAttribute("aria-controls");
    expect(controls).toBeTruthy();

    // Reached by Tab from the top of the page.
    await page.locator("body").focus();
    for (let i = 0; i < 5 && !(await menuButton(page).evaluate((el) => el === document.activeElement)); i++) {
      await page.keyboard.press("Tab");
    }
    await expect(menuButton(page)).toBeFocused();

    await page.keyboard.press("Enter");
    await expect(menuButton(page)).toHaveAttribute("aria-expanded", "true");
    await expect(page.locator(`[id="${controls}"]`)).toBeVisible();
    await expect(mainNav(page)).toBeVisible();
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    await expectNoSidewaysScroll(page, "the open menu");
    await expectOnScreen(page, page.locator(`[id="${controls}"]`), "the open menu");

    // Escape closes it and gives focus back to the button.
    await page.keyboard.press("Tab");
    await expect(mainNav(page).getByRole("link").first()).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(menuButton(page)).toHaveAttribute("aria-expanded", "false");
    await expect(mainNav(page)).toBeHidden();
    await expect(menuButton(page)).toBeFocused();

    // Space opens it too; Tab walks the links in order, Enter follows one and the menu closes.
    await page.keyboard.press("Space");
    await expect(mainNav(page)).toBeVisible();
    const target = mainNav(page).getByRole("link", { name: "Access Keys" });
    for (let i = 0; i < 10 && !(await target.evaluate((el) => el === document.activeElement)); i++) {
      await page.keyboard.press("Tab");
    }
    await expect(target).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/admin\/access-keys$/);
    await expect(page.getByRole("heading", { level: 1, name: "Access Keys" })).toBeVisible();
    await expect(menuButton(page)).toHaveAttribute("aria-expanded", "false");
    await expect(mainNav(page)).toBeHidden();

    // A tap outside closes it as well.
    await menuButton(page).click();
    await expect(mainNav(page)).toBeVisible();
    await page.mouse.click(PHONE.width / 2, PHONE.height - 20);
    await expect(mainNav(page)).toBeHidden();
  });

  test("revoking a key from a phone: the grid scrolls in its own box, menu and dialog fit the screen", async ({
    page,
  }) => {
    const owner = await createTestUser("user", { prefix: "phone" });
    const key = await seedKey(owner.id, { name: `Leaked on a phone ${hex()}` });
    await openKeysOf(page, owner.username);
    await expectNoSidewaysScroll(page, "the filtered Access Keys grid");

    // The table is wider than the phone and scrolls inside its own box, which fits the screen.
    const scrollBox = await page.getByRole("table", { name: "Access keys" }).evaluate((table) => {
      const box = table.parentElement as HTMLElement;
      const rect = box.getBoundingClientRect();
      return { left: rect.left, right: rect.right, scrollWidth: box.scrollWidth, clientWidth: box.clientWidth };
    });
    expect(scrollBox.scrollWidth).toBeGreaterThan(scrollBox.clientWidth);
    expect(scrollBox.left).toBeGreaterThanOrEqual(0);
    expect(scrollBox.right).toBeLessThanOrEqual(PHONE.width);

    const actions = page.getByRole("button", { name: `Actions for ${key.name}`, exact: true });
    await actions.scrollIntoViewIfNeeded();
    await actions.click();
    const menu = page.getByRole("menu");
    await expect(menu).toBeVisible();
    await expectOnScreen(page, menu, "the row menu");
    await page.getByRole("menuitem", { name: "Revoke", exact: true }).click();

    const dialog = page.getByRole("alertdialog", { name: `Revoke ${key.name}?` });
    await expect(dialog).toBeVisible();
    await expectOnScreen(page, dialog, "the Revoke dialog");
    const confirm = dialog.getByRole("button", { name: "Revoke", exact: true });
    await expectOnScreen(page, confirm, "the Revoke button");
    await expectNoSidewaysScroll(page, "the Revoke dialog");
    await confirm.click();
    await expect(dialog).toBeHidden();
    await expect(rowWith(page, key.clientId)).toContainText("Revoked");
    expect((await getKey(key.id))?.status).toBe("revoked");

    // The longest dialog scrolls inside itself rather than running off the screen.
    await page.goto(KEYS_PATH);
    await page.getByRole("button", { name: "Create access key" }).click();
    const create = page.getByRole("dialog", { name: "Create access key" });
    await expect(create).toBeVisible();
    await expectOnScreen(page, create, "the Create access key dialog");
    await expectNoSidewaysScroll(page, "the Create access key dialog");
  });
});

test("as a user: my pages fit the screen and the menu reaches them", async ({ browser }) => {
  const user = await createTestUser("user", { prefix: "phone" });
  const key = await createKey(user.id, `Phone own key ${hex()}`);
  const context = await browser.newContext({ viewport: PHONE, storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  try {
    await page.goto("/login");
    await expectNoSidewaysScroll(page, "/login");
    await signInAs(page, user);
    await visit(page, "/me/account");
    await visit(page, "/api-reference");
    // My API Keys follows the self-service level, which the settings specs change: check what it shows.
    for (const path of ["/me/api-keys", `/me/api-keys/${key.id}`]) {
      await page.goto(path);
      await expectNoSidewaysScroll(page, `${path} (user)`);
    }
    await menuButton(page).click();
    await mainNav(page).getByRole("link", { name: "Account" }).click();
    await expect(page).toHaveURL(/\/me\/account$/);
    await expect(mainNav(page)).toBeHidden();
  } finally {
    await context.close();
  }
});

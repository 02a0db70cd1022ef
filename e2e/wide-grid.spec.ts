import type { Page } from "@playwright/test";
import {
  actionsButton,
  daysFromNow,
  grid,
  hex,
  KEYS_PATH,
  openKeysOf,
  rowWith,
  seedKey,
  setKeyExpiry,
} from "./support/access-keys";
import { ADMIN_STATE } from "./support/env";
import { createTestUser, expect, setStatusInDb, test } from "./support/fixtures";
import { expectNoSidewaysScroll, expectOnScreen } from "./support/viewport";

/*
 * The Access Keys grid in a 1280 px window (every column fits, nothing starts off-screen), its
 * "Columns" menu (kept across reloads), a row menu that names its key, and 200 % zoom, where the
 * table scrolls in its own box with the key's name kept at the left.
 */

test.use({ storageState: ADMIN_STATE, viewport: { width: 1280, height: 800 } });

const COLUMNS = [
  "Name",
  "Client ID",
  "Owner",
  "Owner status",
  "Email",
  "Status",
  "Created by",
  "Created",
  "Expires",
  "Last used",
  "Actions",
];

/** An owner with long names and a key in every state, the longest texts a row can hold. */
async function ownerWithEveryState() {
  const owner = await createTestUser("user", { prefix: `wide-grid-owner-${hex()}` });
  const name = (state: string) => `Deployment pipeline ${state} ${hex()}`;
  const keys = [
    await seedKey(owner.id, { name: name("active"), createdByUsername: "a-rather-long-admin-name" }),
    await seedKey(owner.id, { name: name("inactive"), status: "inactive" }),
    await seedKey(owner.id, { name: name("revoked"), status: "revoked" }),
    await seedKey(owner.id, { name: name("never expires"), expiresAt: null }),
    await seedKey(owner.id, { name: name("expiring soon") }),
    await seedKey(owner.id, { name: name("expired") }),
  ];
  await setKeyExpiry(keys[4]?.id ?? 0, daysFromNow(3));
  await setKeyExpiry(keys[5]?.id ?? 0, daysFromNow(-2));
  return { owner, keys };
}

const headers = async (page: Page) =>
  (await grid(page).locator("thead th").allInnerTexts()).map((h) => h.replace(/[▲▼↕]/g, "").trim()).filter(Boolean);

/** The table's width against its scroll box's, and where the box ends. */
const measure = (page: Page) =>
  grid(page).evaluate((table) => {
    const box = table.parentElement as HTMLElement;
    const widths = [...table.querySelectorAll("thead th")].map(
      (th) =>
        `${(th.textContent ?? "").replace(/[▲▼↕\s]+/g, " ").trim() || "(select)"} ${Math.round(th.getBoundingClientRect().width)}`,
    );
    return { table: box.scrollWidth, box: box.clientWidth, right: box.getBoundingClientRect().right, widths };
  });

test("at 1280 px every column fits: nothing starts off-screen and the page does not scroll sideways", async ({
  page,
}) => {
  const { owner, keys } = await ownerWithEveryState();
  await openKeysOf(page, owner.username);
  await expect(rowWith(page, keys[0]?.clientId ?? "")).toBeVisible();
  expect(await headers(page)).toEqual(COLUMNS);

  const size = await measure(page);
  expect(
    size.table,
    `the table is ${size.table}px in a ${size.box}px box: ${size.widths.join(", ")}`,
  ).toBeLessThanOrEqual(size.box);
  await expectNoSidewaysScroll(page, "the Access Keys grid at 1280 px");
  await expectOnScreen(page, grid(page).getByRole("columnheader", { name: /Last used/ }), "the Last used header");
  // Every row's Actions button lies within the window's width (the page scrolls down, not sideways).
  for (const key of keys) {
    const box = await actionsButton(page, key.name).boundingBox();
    expect(box, `Actions for ${key.name}`).not.toBeNull();
    expect((box?.x ?? 0) + (box?.width ?? 0), `Actions for ${key.name}: right edge`).toBeLessThanOrEqual(1280);
  }
  // The wide layout shows the navigation itself, without the phone's "Menu" button.
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Menu", exact: true })).toBeHidden();
});

test("the Columns menu hides columns by keyboard, keeps the choice across reloads and shows them all again", async ({
  page,
}) => {
  const { owner, keys } = await ownerWithEveryState();
  await openKeysOf(page, owner.username);
  const row = rowWith(page, keys[0]?.clientId ?? "");
  await expect(row).toBeVisible();

  const trigger = page.getByRole("button", { name: /^Columns/ });
  await expect(trigger).toHaveText(/^Columns\s*▾$/);
  await trigger.focus();
  await page.keyboard.press("Enter");
  const menu = page.getByRole("menu", { name: "Columns" });
  await expect(menu).toBeVisible();
  // The row's checkbox, its name and its actions cannot be hidden, so the menu does not offer them.
  await expect(menu.getByRole("menuitemcheckbox")).toHaveText(COLUMNS.slice(1, -1).map((c) => new RegExp(`${c}$`)));
  for (const column of ["Email", "Created by"]) {
    const item = menu.getByRole("menuitemcheckbox", { name: column, exact: true });
    await expect(item).toHaveAttribute("aria-checked", "true");
    for (let i = 0; i < 12 && !(await item.evaluate((el) => el === document.activeElement)); i++) {
      await page.keyboard.press("ArrowDown");
    }
    await expect(item).toBeFocused();
    await page.keyboard.press("Space");
    // The menu stays open for the next choice.
    await expect(item).toHaveAttribute("aria-checked", "false");
  }
  await page.keyboard.press("Escape");
  await expect(menu).toBeHidden();
  await expect(trigger).toBeFocused();
  await expect(trigger).toHaveAccessibleName("Columns (2 hidden)");

  const shown = COLUMNS.filter((c) => c !== "Email" && c !== "Created by");
  expect(await headers(page)).toEqual(shown);
  await expect(row.locator("td")).toHaveCount(shown.length + 1); // and the row's checkbox

  await page.reload();
  await expect(row).toBeVisible();
  await expect(trigger).toHaveAccessibleName("Columns (2 hidden)");
  expect(await headers(page)).toEqual(shown);
  // Another page with the same grid keeps the choice too.
  await page.goto(KEYS_PATH);
  await expect(trigger).toHaveAccessibleName("Columns (2 hidden)");

  await openKeysOf(page, owner.username);
  await trigger.click();
  await page.getByRole("menuitem", { name: "Show all columns" }).click();
  await expect(trigger).toHaveAccessibleName("Columns");
  expect(await headers(page)).toEqual(COLUMNS);
  await page.keyboard.press("Escape");
  await page.reload();
  await expect(row).toBeVisible();
  expect(await headers(page)).toEqual(COLUMNS);
});

test("the open row menu names its key", async ({ page }) => {
  const owner = await createTestUser("user", { prefix: "wide-grid" });
  const key = await seedKey(owner.id, { name: `Release bot ${hex()}` });
  await openKeysOf(page, owner.username);
  await actionsButton(page, key.name).click();
  const menu = page.getByRole("menu", { name: `Actions for ${key.name}` });
  await expect(menu).toBeVisible();
  await expect(menu.getByText(key.name, { exact: true })).toBeVisible();
  await expectOnScreen(page, menu, "the row menu");
  await expect(menu.getByRole("menuitem").first()).toHaveText("Edit");
});

test.describe("at 200 % zoom", () => {
  // A 1280 × 800 window at 200 %: 640 × 400 CSS pixels, drawn at twice the density.
  test.use({ viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 });

  test("the grid scrolls in its own box with the key's name kept in view; dialogs fit the window", async ({ page }) => {
    const { owner, keys } = await ownerWithEveryState();
    await setStatusInDb(owner.id, "inactive");
    const key = keys[0];
    if (!key) throw new Error("no key");
    await openKeysOf(page, owner.username);
    await expect(rowWith(page, key.clientId)).toBeVisible();
    await expectNoSidewaysScroll(page, "the Access Keys grid at 200 %");
    await rowWith(page, key.clientId).evaluate((row) => row.scrollIntoView({ block: "center" }));

    const box = await measure(page);
    expect(box.table, "the table scrolls inside its box").toBeGreaterThan(box.box);
    expect(box.right).toBeLessThanOrEqual(640);

    // Scrolled to the far right: the name (and the row's checkbox) stay at the left, the actions at the right.
    await grid(page).evaluate((table) => {
      const scroller = table.parentElement as HTMLElement;
      scroller.scrollLeft = scroller.scrollWidth;
    });
    const scroller = await grid(page).evaluate((table) => (table.parentElement as HTMLElement).getBoundingClientRect());
    const name = rowWith(page, key.clientId).getByRole("link", { name: key.name });
    const nameBox = await name.boundingBox();
    expect(nameBox, "the key's name").not.toBeNull();
    expect(nameBox?.x ?? 0).toBeGreaterThanOrEqual(scroller.left);
    expect(nameBox?.x ?? 0).toBeLessThan(scroller.left + 120);
    await expect(name).toBeInViewport();
    // Nothing painted over the name: the top element at its centre is the link itself.
    const onTop = await name.evaluate((link) => {
      const r = link.getClientRects()[0] ?? link.getBoundingClientRect(); // its first line: names wrap
      return link.contains(document.elementFromPoint(r.left + 4, r.top + r.height / 2));
    });
    expect(onTop, "the name is not covered by scrolled cells").toBe(true);
    await expectOnScreen(page, actionsButton(page, key.name), "the Actions button");

    // The Create dialog fits the window and scrolls inside itself.
    await page.getByRole("button", { name: "Create access key" }).click();
    const dialog = page.getByRole("dialog", { name: "Create access key" });
    await expect(dialog).toBeVisible();
    await expectOnScreen(page, dialog, "the Create access key dialog");
    await expectNoSidewaysScroll(page, "the Create access key dialog at 200 %");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();

    // The row menu and its confirmation fit too.
    await actionsButton(page, key.name).click();
    await expectOnScreen(page, page.getByRole("menu"), "the row menu");
    await page.getByRole("menuitem", { name: "Revoke", exact: true }).click();
    const confirm = page.getByRole("alertdialog", { name: `Revoke ${key.name}?` });
    await expectOnScreen(page, confirm, "the Revoke dialog");
    await page.keyboard.press("Escape");
  });
});

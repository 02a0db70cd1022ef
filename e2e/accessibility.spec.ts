import type { Page } from "@playwright/test";
import { createKey, hex, KEYS_PATH, openKeysOf, pickOwner, rowWith, seedKey } from "./support/access-keys";
import { expectAccessible } from "./support/axe";
import { ADMIN_STATE } from "./support/env";
import { createTestUser, expect, signInAs, test, uniqueIp } from "./support/fixtures";

/*
 * axe-core on every page and on every dialog and menu open over one, failing on serious and critical
 * violations (each state is checked softly, so a failure lists every state at once). Content outside
 * every landmark ("region", moderate) fails too: a popup portalled out of <main> is one.
 */

const RULES = { rules: ["region"] };
// Each axe run takes a second or two, and these tests visit many states.
test.describe.configure({ timeout: 180_000 });
const heading = (page: Page, name: string | RegExp) => page.getByRole("heading", { level: 1, name });

async function visit(page: Page, path: string, name: string | RegExp) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(200);
  await expect(heading(page, name)).toBeVisible();
  await expectAccessible(page, path, RULES);
}

test.describe("as an administrator", () => {
  test.use({ storageState: ADMIN_STATE });

  test("Users and Access Keys pages, dimmed rows included", async ({ page }) => {
    const owner = await createTestUser("user", { prefix: "axe" });
    const key = await createKey(owner.id, `Axe page ${hex()}`);
    // An inactive user and their key: the dimmed rows.
    const gone = await createTestUser("user", { prefix: "axe-gone", status: "inactive" });
    await seedKey(gone.id, { name: `Axe dimmed ${hex()}` });

    await visit(page, "/admin/users", "Users");
    await visit(page, `/admin/users?q=${gone.username}`, "Users");
    await visit(page, KEYS_PATH, "Access Keys");
    await visit(page, `${KEYS_PATH}?owner=${gone.username}`, "Access Keys");
    await visit(page, `${KEYS_PATH}/${key.id}`, key.name);
  });

  test("Audit, Notifications and a notification", async ({ page }) => {
    const owner = await createTestUser("user", { prefix: "axe" });
    await createKey(owner.id, `Axe mailed ${hex()}`);

    await visit(page, "/admin/audit", "Audit");
    await visit(page, "/admin/notifications", "Notifications");
    await page.goto(`/admin/notifications?recipient=${encodeURIComponent(owner.email)}`);
    await page.getByRole("table", { name: "Notifications" }).getByRole("link").first().click();
    await expect(page).toHaveURL(/\/admin\/notifications\/\d+$/);
    await expectAccessible(page, "a notification", RULES);
  });

  test("Settings, Account, API reference, My API Keys and the 404 page", async ({ page }) => {
    await visit(page, "/admin/settings", "Settings");
    await visit(page, "/me/account", "Account");
    await visit(page, "/api-reference", "API reference");
    const mine = await page.goto("/me/api-keys");
    expect(mine?.status()).toBeLessThan(500);
    await expectAccessible(page, "/me/api-keys (administrator)", RULES);

    const missing = await page.goto(`/no-such-page-${hex()}`);
    expect(missing?.status()).toBe(404);
    await expectAccessible(page, "the 404 page (signed in)", RULES);
  });

  test("access keys: the row menu and the dialogs it opens", async ({ page }) => {
    const owner = await createTestUser("user", { prefix: "axe" });
    const active = await seedKey(owner.id, { name: `Axe active ${hex()}` });
    await seedKey(owner.id, { name: `Axe inactive ${hex()}`, status: "inactive" });
    await openKeysOf(page, owner.username);

    const trigger = page.getByRole("button", { name: `Actions for ${active.name}`, exact: true });
    await trigger.click();
    await expect(page.getByRole("menu")).toBeVisible();
    await expectAccessible(page, "the row menu (opened by mouse)", RULES);
    await page.keyboard.press("Escape");
    await expect(page.getByRole("menu")).toHaveCount(0);
    await expect(trigger).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("menuitem").first()).toBeFocused();
    await expectAccessible(page, "the row menu (opened by keyboard)", RULES);
    await page.keyboard.press("Escape");

    // The Columns menu, with one column hidden.
    const columns = page.getByRole("button", { name: /^Columns/ });
    await columns.click();
    await page.getByRole("menuitemcheckbox", { name: "Email", exact: true }).click();
    await expectAccessible(page, "the Columns menu", RULES);
    await page.keyboard.press("Escape");
    await expect(columns).toHaveAccessibleName("Columns (1 hidden)");
    await expectAccessible(page, "the grid with a column hidden", RULES);

    for (const [item, role, name] of [
      ["Edit", "dialog", `Edit access key ${active.name}`],
      ["Deactivate", "alertdialog", `Deactivate ${active.name}?`],
      ["Regenerate", "alertdialog", `Regenerate ${active.name}?`],
      ["Revoke", "alertdialog", `Revoke ${active.name}?`],
      ["Delete", "alertdialog", `Delete ${active.name}?`],
    ] as const) {
      await trigger.click();
      await page.getByRole("menuitem", { name: item, exact: true }).click();
      const dialog = page.getByRole(role, { name });
      await expect(dialog).toBeVisible();
      await expectAccessible(page, `the ${item} dialog`, RULES);
      await page.keyboard.press("Escape");
      await expect(dialog).toBeHidden();
    }

    await rowWith(page, active.clientId).getByRole("checkbox").check();
    await page.getByRole("region", { name: "Bulk actions" }).getByRole("button", { name: "Revoke" }).click();
    await expect(page.getByRole("alertdialog")).toBeVisible();
    await expectAccessible(page, "the bulk Revoke dialog", RULES);
    await page.keyboard.press("Escape");
    await expect(page.getByRole("alertdialog")).toBeHidden();
  });

  test("access keys: the create dialog, its owner list and the secret dialog", async ({ page }) => {
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.goto(KEYS_PATH);
    await page.getByRole("button", { name: "Create access key" }).click();
    const create = page.getByRole("dialog", { name: "Create access key" });
    await expect(create).toBeVisible();
    await expectAccessible(page, "the Create access key dialog", RULES);
    await create.getByRole("button", { name: "Create", exact: true }).click();
    await expect(create.getByTestId("form-error")).toBeVisible();
    await expectAccessible(page, "the Create access key dialog with errors", RULES);
    await create.getByRole("combobox", { name: "Owner" }).fill(`nobody-${hex()}`);
    await expect(create.getByText("No active user matches.")).toBeVisible();
    await expectAccessible(page, "the Owner list with no match", RULES);
    const creator = await createTestUser("user", { prefix: "axe" });
    await create.getByRole("combobox", { name: "Owner" }).fill(creator.username);
    await expect(page.getByRole("option", { name: creator.username })).toBeVisible();
    await expectAccessible(page, "the Owner list", RULES);
    await pickOwner(create, page, creator.username);
    const name = `Axe created ${hex()}`;
    await create.getByLabel("API key name").fill(name);
    await create.getByRole("button", { name: "Create", exact: true }).click();
    const secret = page.getByRole("dialog", { name: `Secret for ${name}` });
    await expect(secret).toBeVisible();
    await expectAccessible(page, "the secret dialog", RULES);
    await secret.getByRole("button", { name: "Copy to clipboard" }).click();
    await expect(secret.getByRole("status")).toHaveText("Copied");
    await expectAccessible(page, "the secret dialog after copying", RULES);
    await secret.getByRole("button", { name: "Done" }).click();
    await expect(secret).toBeHidden();
  });

  test("users: every dialog", async ({ page }) => {
    const user = await createTestUser("user", { prefix: "axe" });
    await page.goto(`/admin/users?q=${user.username}`);
    const row = page.getByRole("row").filter({ hasText: user.username });

    await page.getByRole("button", { name: "Add user" }).click();
    const add = page.getByRole("dialog", { name: "Add user" });
    await expectAccessible(page, "the Add user dialog", RULES);
    await add.getByRole("button", { name: "Save" }).click();
    await expect(page.getByTestId("form-error")).toBeVisible();
    await expectAccessible(page, "the Add user dialog with errors", RULES);
    await page.keyboard.press("Escape");
    await expect(add).toBeHidden();

    for (const [button, role, name] of [
      ["Edit", "dialog", `Edit user ${user.username}`],
      ["Deactivate", "alertdialog", `Deactivate ${user.username}?`],
      ["Delete", "alertdialog", `Delete ${user.username}?`],
    ] as const) {
      await row.getByRole("button", { name: button, exact: true }).click();
      const dialog = page.getByRole(role, { name });
      await expect(dialog).toBeVisible();
      await expectAccessible(page, `the user ${button} dialog`, RULES);
      await page.keyboard.press("Escape");
      await expect(dialog).toBeHidden();
    }
  });
});

test.describe("signed in without the admin role", () => {
  // Each test signs its own user in (a context of its own), without the administrator's session.
  test.use({ storageState: { cookies: [], origins: [] } });

  test("a user's pages, and an admin page refused with a 403", async ({ page }) => {
    const user = await createTestUser("user", { prefix: "axe" });
    await signInAs(page, user);
    const key = await createKey(user.id, `Axe own ${hex()}`);
    // My API Keys follows the self-service level, which the settings specs change: check what it shows.
    for (const path of ["/me/api-keys", `/me/api-keys/${key.id}`]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBeLessThan(500);
      await expectAccessible(page, `${path} (user)`, RULES);
    }
    await visit(page, "/me/account", "Account");
    await visit(page, "/api-reference", "API reference");
    const refused = await page.goto("/admin/users");
    expect(refused?.status()).toBe(403);
    await expectAccessible(page, "an admin page refused to a user (403)", RULES);
  });

  test("an auditor's read-only pages", async ({ page }) => {
    const auditor = await createTestUser("auditor", { prefix: "axe" });
    await signInAs(page, auditor);
    await visit(page, "/admin/users", "Users");
    await visit(page, KEYS_PATH, "Access Keys");
    await visit(page, "/admin/settings", "Settings");
    await visit(page, "/me/account", "Account");
  });
});

test.describe("signed out", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("the sign-in page, its error, and the 404 page", async ({ page }) => {
    // Its failed sign-in counts against an address of its own.
    await page.setExtraHTTPHeaders({ "X-Forwarded-For": uniqueIp() });
    await page.goto("/login");
    await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
    await expectAccessible(page, "/login", RULES);
    await page.getByLabel("Username").fill(`nobody-${hex()}`);
    await page.getByLabel("Password").fill("not-the-password-at-all");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("form-error")).toBeVisible();
    await expectAccessible(page, "/login after a failed sign-in", RULES);

    const setup = await page.goto("/setup");
    expect(setup?.status()).toBe(404);
    await expectAccessible(page, "the 404 page (signed out)", RULES);
  });
});

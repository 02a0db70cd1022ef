import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { ADMIN, ADMIN_STATE } from "./support/env";
import {
  countAccessKeys,
  createTestUser,
  expect,
  findUserByUsername,
  formError,
  getUser,
  seedAccessKeys,
  signIn,
  test,
  uniqueIp,
} from "./support/fixtures";

test.use({ storageState: ADMIN_STATE });

const hex = () => randomBytes(4).toString("hex");
const grid = (page: Page) => page.getByRole("table", { name: "Users" });
/** The data rows of the grid (the header row excluded). */
const dataRows = (page: Page) => grid(page).locator("tbody tr");
const rowOf = (page: Page, username: string) => page.getByRole("row").filter({ hasText: username });
const filters = (page: Page) => page.getByRole("search", { name: "Filters" });
const sortHeader = (page: Page, name: string) =>
  page.locator("th[aria-sort]").filter({ has: page.getByRole("button", { name, exact: true }) });

/** Opens the grid filtered down to `q` (a unique username or prefix). */
async function openUsers(page: Page, q: string) {
  await page.goto(`/admin/users?q=${encodeURIComponent(q)}`);
  await expect(grid(page)).toBeVisible();
}

test("add a user: errors are shown by field and keep what was typed; then the user is created", async ({ page }) => {
  const username = `added-${hex()}`;
  await page.goto("/admin/users");
  await page.getByRole("button", { name: "Add user" }).click();
  const dialog = page.getByRole("dialog", { name: "Add user" });
  await expect(dialog).toBeVisible();

  await dialog.getByLabel("Username").fill("no spaces allowed");
  await dialog.getByLabel("Full name").fill("Ada Lovelace");
  await dialog.getByLabel("Email").fill("not-an-email");
  await dialog.getByLabel("Role").selectOption({ label: "Auditor" });
  await dialog.getByLabel("Password").fill("short");
  await dialog.getByRole("button", { name: "Save" }).click();

  await expect(formError(page)).toHaveText("Please correct the highlighted fields.");
  await expect(dialog.getByText("Username may use only letters, digits, '.', '_' and '-'.")).toBeVisible();
  await expect(dialog.getByText("Enter a valid email address.")).toBeVisible();
  await expect(dialog.getByText("Password must be at least 12 characters.")).toBeVisible();
  await expect(dialog.getByLabel("Username")).toHaveAttribute("aria-invalid", "true");
  await expect(dialog.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  await expect(dialog.getByLabel("Full name")).not.toHaveAttribute("aria-invalid", "true");
  // What was typed is still there.
  await expect(dialog.getByLabel("Username")).toHaveValue("no spaces allowed");
  await expect(dialog.getByLabel("Full name")).toHaveValue("Ada Lovelace");
  await expect(dialog.getByLabel("Email")).toHaveValue("not-an-email");
  await expect(dialog.getByLabel("Role")).toHaveValue("auditor");
  expect(await findUserByUsername("no spaces allowed")).toBeUndefined();

  await dialog.getByLabel("Username").fill(username);
  await dialog.getByLabel("Email").fill(`${username}@example.test`);
  await dialog.getByLabel("Password").fill("a-good-long-password");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(`User ${username} was added.`)).toBeVisible();

  await filters(page).getByLabel("Search users").fill(username);
  const row = rowOf(page, username);
  await expect(row).toBeVisible();
  await expect(row).toContainText("Ada Lovelace");
  await expect(row).toContainText(`${username}@example.test`);
  await expect(row).toContainText("auditor");
  await expect(row.getByText("Active", { exact: true })).toBeVisible();

  const created = await findUserByUsername(username);
  expect(created).toMatchObject({ fullName: "Ada Lovelace", role: "auditor", status: "active" });
});

test("add a user: a username or email already taken is refused and nothing is created", async ({ page }) => {
  const existing = await createTestUser("user");
  await page.goto("/admin/users");
  await page.getByRole("button", { name: "Add user" }).click();
  const dialog = page.getByRole("dialog", { name: "Add user" });

  // Usernames are unique regardless of case.
  await dialog.getByLabel("Username").fill(existing.username.toUpperCase());
  await dialog.getByLabel("Full name").fill("Someone Else");
  await dialog.getByLabel("Email").fill(existing.email);
  await dialog.getByLabel("Password").fill("a-good-long-password");
  await dialog.getByRole("button", { name: "Save" }).click();

  await expect(dialog.getByText("This username is already taken.")).toBeVisible();
  await expect(dialog.getByText("This email is already used by another user.")).toBeVisible();
  await expect(dialog.getByLabel("Username")).toHaveValue(existing.username.toUpperCase());

  // A fresh username with the taken email is still refused.
  const fresh = `fresh-${hex()}`;
  await dialog.getByLabel("Username").fill(fresh);
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog.getByText("This email is already used by another user.")).toBeVisible();
  await expect(dialog.getByText("This username is already taken.")).toHaveCount(0);

  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  expect((await findUserByUsername(existing.username))?.id).toBe(existing.id);
  expect((await findUserByUsername(existing.username))?.fullName).toBe(existing.fullName);
  expect(await findUserByUsername(fresh)).toBeUndefined();
});

test("edit a user's full name and role", async ({ page }) => {
  const user = await createTestUser("user");
  await openUsers(page, user.username);
  await rowOf(page, user.username).getByRole("button", { name: "Edit" }).click();
  const dialog = page.getByRole("dialog", { name: `Edit user ${user.username}` });
  await expect(dialog.getByLabel("Username")).toHaveValue(user.username);
  await expect(dialog.getByLabel("Full name")).toHaveValue(user.fullName);
  await expect(dialog.getByLabel("Role")).toHaveValue("user");
  await expect(dialog.getByLabel("Password")).toHaveValue("");

  const newName = `Renamed ${hex()}`;
  await dialog.getByLabel("Full name").fill(newName);
  await dialog.getByLabel("Role").selectOption({ label: "Auditor" });
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(`User ${user.username} was saved.`)).toBeVisible();

  const row = rowOf(page, user.username);
  await expect(row).toContainText(newName);
  await expect(row).toContainText("auditor");
  expect(await getUser(user.id)).toMatchObject({ fullName: newName, role: "auditor", username: user.username });
});

test("deactivate a user after confirming, then activate them again", async ({ page }) => {
  const user = await createTestUser("user");
  await openUsers(page, user.username);
  const row = rowOf(page, user.username);
  await expect(row.getByText("Active", { exact: true })).toBeVisible();

  await row.getByRole("button", { name: "Deactivate" }).click();
  const confirm = page.getByRole("alertdialog", { name: `Deactivate ${user.username}?` });
  await expect(confirm).toBeVisible();
  // Cancel changes nothing.
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(confirm).toBeHidden();
  expect((await getUser(user.id))?.status).toBe("active");

  await row.getByRole("button", { name: "Deactivate" }).click();
  await confirm.getByRole("button", { name: "Deactivate" }).click();
  await expect(confirm).toBeHidden();
  await expect(row.getByText("Inactive", { exact: true })).toBeVisible();
  await expect(row.getByRole("button", { name: "Activate" })).toBeVisible();
  expect((await getUser(user.id))?.status).toBe("inactive");

  await row.getByRole("button", { name: "Activate" }).click();
  const activate = page.getByRole("alertdialog", { name: `Activate ${user.username}?` });
  await activate.getByRole("button", { name: "Activate" }).click();
  await expect(activate).toBeHidden();
  await expect(row.getByText("Active", { exact: true })).toBeVisible();
  await expect(row.getByRole("button", { name: "Deactivate" })).toBeVisible();
  expect((await getUser(user.id))?.status).toBe("active");
});

test("delete a user: the confirmation names their keys, then the user and keys are gone", async ({ page, browser }) => {
  const user = await createTestUser("user");
  await seedAccessKeys(user.id, 2);
  await openUsers(page, user.username);
  const row = rowOf(page, user.username);
  await expect(row.getByRole("cell", { name: "2", exact: true })).toBeVisible();

  await row.getByRole("button", { name: "Delete" }).click();
  const confirm = page.getByRole("alertdialog", { name: `Delete ${user.username}?` });
  await expect(confirm).toContainText("2 access keys");
  await confirm.getByRole("button", { name: "Delete" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByText(`User ${user.username} and 2 access keys deleted.`)).toBeVisible();
  await expect(row).toHaveCount(0);
  await expect(grid(page)).toContainText("No users match these filters.");
  expect(await getUser(user.id)).toBeUndefined();
  expect(await countAccessKeys(user.id)).toBe(0);

  // They can no longer sign in (from an address of its own: this sign-in fails on purpose).
  // A context of its own, without the administrator's session that test.use() would otherwise lend it.
  const context = await browser.newContext({
    storageState: { cookies: [], origins: [] },
    extraHTTPHeaders: { "X-Forwarded-For": uniqueIp() },
  });
  try {
    const other = await context.newPage();
    await signIn(other, user.username, user.password);
    await expect(formError(other)).toHaveText("Invalid username or password.");
    await expect(other).toHaveURL(/\/login/);
  } finally {
    await context.close();
  }
});

test("one's own row can be edited but not deactivated or deleted", async ({ page }) => {
  await openUsers(page, ADMIN.email);
  const own = page.getByRole("row").filter({ has: page.getByRole("cell", { name: ADMIN.username, exact: true }) });
  await expect(own).toHaveCount(1);
  await expect(own.getByRole("button", { name: "Edit" })).toBeVisible();
  await expect(own.getByRole("button", { name: "Deactivate" })).toHaveCount(0);
  await expect(own.getByRole("button", { name: "Delete" })).toHaveCount(0);
});

test("the search box narrows the grid and is kept in the URL; no match shows the empty state", async ({ page }) => {
  const prefix = `srch-${hex()}`;
  const [first, second] = [await createTestUser("user", { prefix }), await createTestUser("user", { prefix })];
  await page.goto("/admin/users");
  const search = filters(page).getByLabel("Search users");

  await search.fill(prefix);
  await expect(page).toHaveURL(new RegExp(`[?&]q=${prefix}(&|$)`));
  await expect(dataRows(page)).toHaveCount(2);
  await expect(rowOf(page, first.username)).toBeVisible();
  await expect(rowOf(page, second.username)).toBeVisible();

  await search.fill(first.username);
  await expect(page).toHaveURL(new RegExp(`[?&]q=${first.username}(&|$)`));
  await expect(dataRows(page)).toHaveCount(1);
  await expect(rowOf(page, first.username)).toBeVisible();

  // Full name and email match too.
  await search.fill(second.fullName);
  await expect(dataRows(page)).toHaveCount(1);
  await expect(rowOf(page, second.username)).toBeVisible();

  // The URL alone restores the filter.
  await page.reload();
  await expect(filters(page).getByLabel("Search users")).toHaveValue(second.fullName);
  await expect(dataRows(page)).toHaveCount(1);

  await filters(page).getByLabel("Search users").fill(`nobody-${hex()}`);
  await expect(grid(page)).toContainText("No users match these filters.");
  await expect(page.getByText("Showing 0–0 of 0")).toBeVisible();

  await filters(page).getByRole("button", { name: "Clear filters" }).click();
  await expect(page).not.toHaveURL(/[?&]q=/);
  await expect(filters(page).getByLabel("Search users")).toHaveValue("");
});

test("the Role and Status filters", async ({ page }) => {
  const prefix = `flt-${hex()}`;
  const activeUser = await createTestUser("user", { prefix });
  const auditor = await createTestUser("auditor", { prefix });
  const inactiveUser = await createTestUser("user", { prefix, status: "inactive" });
  await openUsers(page, prefix);
  await expect(dataRows(page)).toHaveCount(3);

  await filters(page).getByLabel("Role").selectOption({ label: "Auditor" });
  await expect(page).toHaveURL(/[?&]role=auditor(&|$)/);
  await expect(dataRows(page)).toHaveCount(1);
  await expect(rowOf(page, auditor.username)).toBeVisible();

  await filters(page).getByLabel("Role").selectOption({ label: "User" });
  await expect(page).toHaveURL(/[?&]role=user(&|$)/);
  await expect(dataRows(page)).toHaveCount(2);

  await filters(page).getByLabel("Status").selectOption({ label: "Inactive" });
  await expect(page).toHaveURL(/[?&]status=inactive(&|$)/);
  await expect(dataRows(page)).toHaveCount(1);
  await expect(rowOf(page, inactiveUser.username)).toBeVisible();

  await filters(page).getByLabel("Status").selectOption({ label: "Active" });
  await expect(dataRows(page)).toHaveCount(1);
  await expect(rowOf(page, activeUser.username)).toBeVisible();

  await filters(page).getByLabel("Role").selectOption({ label: "Administrator" });
  await expect(grid(page)).toContainText("No users match these filters.");

  await filters(page).getByLabel("Role").selectOption({ label: "All" });
  await filters(page).getByLabel("Status").selectOption({ label: "All" });
  await expect(page).not.toHaveURL(/[?&](role|status)=/);
  await expect(dataRows(page)).toHaveCount(3);
});

test("clicking a sortable header sorts by it and toggles aria-sort", async ({ page }) => {
  const prefix = `sort-${hex()}`;
  const users = [
    await createTestUser("user", { prefix }),
    await createTestUser("user", { prefix }),
    await createTestUser("user", { prefix }),
  ];
  const ascending = users.map((user) => user.username).sort();
  const usernameCells = dataRows(page).locator("td:first-child");
  await openUsers(page, prefix);

  // Sorted by username, ascending, by default.
  await expect(sortHeader(page, "Username")).toHaveAttribute("aria-sort", "ascending");
  await expect(sortHeader(page, "Full name")).toHaveAttribute("aria-sort", "none");
  await expect(usernameCells).toHaveText(ascending);

  await page.getByRole("button", { name: "Username", exact: true }).click();
  await expect(sortHeader(page, "Username")).toHaveAttribute("aria-sort", "descending");
  await expect(page).toHaveURL(/[?&]sort=username&dir=desc/);
  await expect(usernameCells).toHaveText([...ascending].reverse());

  await page.getByRole("button", { name: "Username", exact: true }).click();
  await expect(sortHeader(page, "Username")).toHaveAttribute("aria-sort", "ascending");
  await expect(page).toHaveURL(/[?&]sort=username&dir=asc/);
  await expect(usernameCells).toHaveText(ascending);

  // Another column starts ascending, and the Username header is no longer sorted.
  await page.getByRole("button", { name: "Email", exact: true }).click();
  await expect(sortHeader(page, "Email")).toHaveAttribute("aria-sort", "ascending");
  await expect(sortHeader(page, "Username")).toHaveAttribute("aria-sort", "none");
  await expect(page).toHaveURL(/[?&]sort=email&dir=asc/);
});

test("pagination when there are more users than fit on a page", async ({ page }) => {
  const prefix = `page-${hex()}`;
  for (let i = 0; i < 25; i++) await createTestUser("user", { prefix });
  await openUsers(page, prefix);
  const pagination = page.getByRole("navigation", { name: "Pagination" });

  await expect(dataRows(page)).toHaveCount(20);
  await expect(pagination).toContainText("Showing 1–20 of 25");
  await expect(pagination).toContainText("Page 1 of 2");
  await expect(pagination.getByRole("button", { name: "Previous page" })).toBeDisabled();
  const firstPage = await dataRows(page).locator("td:first-child").allTextContents();

  await pagination.getByRole("button", { name: "Next page" }).click();
  await expect(page).toHaveURL(/[?&]page=2(&|$)/);
  await expect(pagination).toContainText("Page 2 of 2");
  await expect(pagination).toContainText("Showing 21–25 of 25");
  await expect(dataRows(page)).toHaveCount(5);
  await expect(pagination.getByRole("button", { name: "Next page" })).toBeDisabled();
  const secondPage = await dataRows(page).locator("td:first-child").allTextContents();
  expect(secondPage.filter((name) => firstPage.includes(name))).toEqual([]);
  expect(new Set([...firstPage, ...secondPage]).size).toBe(25);

  await pagination.getByRole("button", { name: "Previous page" }).click();
  await expect(pagination).toContainText("Page 1 of 2");
  await expect(page).not.toHaveURL(/[?&]page=/);
  await expect(dataRows(page)).toHaveCount(20);

  await pagination.getByLabel("Rows per page").selectOption("50");
  await expect(page).toHaveURL(/[?&]size=50(&|$)/);
  await expect(pagination).toContainText("Page 1 of 1");
  await expect(dataRows(page)).toHaveCount(25);
  await expect(pagination.getByRole("button", { name: "Next page" })).toBeDisabled();
});

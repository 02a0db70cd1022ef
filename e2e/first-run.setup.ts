import { mkdirSync } from "node:fs";
import { ADMIN, ADMIN_STATE, E2E_AUTH_DIR } from "./support/env";
import { expect, formError, test } from "./support/fixtures";

test("first run: every page leads to /setup, which creates the administrator and then disappears; the empty Access Keys page explains keys", async ({
  page,
}) => {
  for (const path of ["/", "/login", "/admin/users", "/me/account"]) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/setup$/);
  }

  // Validation is shown per field and nothing is created.
  await page.getByLabel("Username").fill("a b");
  await page.getByLabel("Full name").fill(ADMIN.fullName);
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create administrator" }).click();
  await expect(formError(page)).toBeVisible();
  await expect(page.getByText("Username may use only letters")).toBeVisible();
  await expect(page.getByText("Enter a valid email address.")).toBeVisible();
  await expect(page.getByText("Password must be at least 12 characters.")).toBeVisible();
  await expect(page.getByLabel("Full name")).toHaveValue(ADMIN.fullName);

  await page.getByLabel("Username").fill(ADMIN.username);
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Create administrator" }).click();
  await expect(page).toHaveURL(/\/admin\/users/);
  await expect(page.getByTestId("current-username")).toHaveText(ADMIN.username);

  mkdirSync(E2E_AUTH_DIR, { recursive: true });
  await page.context().storageState({ path: ADMIN_STATE });

  // Gone afterwards.
  const response = await page.goto("/setup");
  expect(response?.status()).toBe(404);
  // A fresh install's Access Keys page (no spec has made a key yet: they all depend on this one)
  // explains keys and where to make one; a filter matching nothing says so instead, with Clear filters.
  await page.goto("/admin/access-keys");
  const grid = page.getByRole("table", { name: "Access keys" });
  await expect(grid.getByText("No access keys yet.")).toBeVisible();
  await expect(grid.getByText("Use “Create access key” to make the first one.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Create access key" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Clear filters" })).toHaveCount(0);
  await page.goto("/admin/access-keys?name=nothing-matches-this");
  await expect(grid.getByText("No access keys match these filters.")).toBeVisible();
  await expect(grid.getByText("No access keys yet.")).toHaveCount(0);
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(grid.getByText("No access keys yet.")).toBeVisible();
});

import { mkdirSync } from "node:fs";
import { ADMIN, ADMIN_STATE, E2E_AUTH_DIR } from "./support/env";
import { expect, formError, test } from "./support/fixtures";

test("first run: every page leads to /setup, which creates the administrator and then disappears", async ({ page }) => {
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
});

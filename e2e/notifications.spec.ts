import type { Page } from "@playwright/test";
import {
  cellOf,
  daysFromNow,
  filters,
  grid,
  hex,
  KEYS_PATH,
  pickOwner,
  rowWith,
  type SeededKey,
  seedKey,
} from "./support/access-keys";
import { ADMIN_STATE } from "./support/env";
import { createTestUser, expect, test } from "./support/fixtures";

test.use({ storageState: ADMIN_STATE });

const HOUR = 3_600_000;
const notificationsGrid = (page: Page) => page.getByRole("table", { name: "Notifications" });

test("creating a key for someone queues an e-mail to them, readable on Notifications, without the secret", async ({
  page,
}) => {
  const owner = await createTestUser("user");
  const name = `Mailed ${hex()}`;

  await page.goto(KEYS_PATH);
  await page.getByRole("button", { name: "Create access key" }).click();
  const dialog = page.getByRole("dialog", { name: "Create access key" });
  await pickOwner(dialog, page, owner.username);
  await dialog.getByLabel("API key name").fill(name);
  await dialog.getByRole("button", { name: "Create", exact: true }).click();
  const secretDialog = page.getByRole("dialog", { name: `Secret for ${name}` });
  const clientId = await secretDialog.getByLabel("Client ID").inputValue();
  const secret = await secretDialog.getByLabel("Secret").inputValue();
  expect(secret).toMatch(/^kws_/);
  await secretDialog.getByRole("button", { name: "Done" }).click();

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Notifications" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Notifications" })).toBeVisible();
  await expect(page.getByText("No SMTP server is configured")).toBeVisible();
  await filters(page).getByLabel("Recipient", { exact: true }).fill(owner.email);
  await expect(page).toHaveURL(/[?&]recipient=/);
  const rows = notificationsGrid(page).locator("tbody tr");
  await expect(rows).toHaveCount(1);
  const headers = await notificationsGrid(page).locator("thead th").allInnerTexts();
  expect(headers.map((h) => h.replace(/[▲▼↕]/g, "").trim())).toEqual([
    "Time",
    "Recipient",
    "Subject",
    "Status",
    "Sent",
    "Attempts",
  ]);
  const row = rows.first();
  await expect(row).toContainText(owner.email);
  await expect(row).toContainText(`Access key "${name}" was created for you`);
  await expect(row).toContainText("Outbox");
  await expect(row.locator("td").first()).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);

  await row.getByRole("link", { name: `Access key "${name}" was created for you` }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Access key "${name}" was created for you`);
  const body = page.getByTestId("notification-body");
  await expect(body).toContainText(name);
  await expect(body).toContainText(clientId);
  await expect(body).toContainText("What to do:");
  await expect(body).toContainText("/me/api-keys");
  await expect(page.getByText(owner.email)).toBeVisible();
  expect(await page.content()).not.toContain(secret);
});

test("auditors see Notifications; users do not", async ({ browser }) => {
  const auditor = await createTestUser("auditor");
  const user = await createTestUser("user");
  for (const [who, visible] of [
    [auditor, true],
    [user, false],
  ] as const) {
    const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const page = await context.newPage();
    await page.goto("/login");
    await page.getByLabel("Username").fill(who.username);
    await page.getByLabel("Password").fill(who.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("current-username")).toHaveText(who.username);
    const link = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Notifications" });
    await expect(link).toHaveCount(visible ? 1 : 0);
    const response = await page.goto("/admin/notifications");
    expect(response?.status()).toBe(visible ? 200 : 403);
    await context.close();
  }
});

test.describe("expiry in the Access Keys grid", () => {
  async function seedExpiring() {
    const owner = await createTestUser("user");
    const tag = hex();
    const soon = await seedKey(owner.id, { name: `Soon ${tag}`, expiresAt: new Date(daysFromNow(6).getTime() + HOUR) });
    const later = await seedKey(owner.id, {
      name: `Later ${tag}`,
      expiresAt: new Date(daysFromNow(60).getTime() + HOUR),
    });
    const revoked = await seedKey(owner.id, {
      name: `Revoked ${tag}`,
      status: "revoked",
      expiresAt: new Date(daysFromNow(6).getTime() + HOUR),
    });
    const past = await seedKey(owner.id, {
      name: `Past ${tag}`,
      expiresAt: new Date(daysFromNow(-2).getTime() - HOUR),
    });
    return { owner, soon, later, revoked, past };
  }

  const expiresCell = (page: Page, key: SeededKey) => cellOf(page, rowWith(page, key.clientId), "Expires");

  test("shows how soon each key expires and highlights those within the first reminder window", async ({ page }) => {
    const { owner, soon, later, revoked, past } = await seedExpiring();
    const consoleErrors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
    });
    await page.goto(`${KEYS_PATH}?owner=${encodeURIComponent(owner.username)}`);
    await expect(grid(page).locator("tbody tr")).toHaveCount(4);

    const soonCell = await expiresCell(page, soon);
    await expect(soonCell).toContainText("(in 6 days)");
    await expect(soonCell.locator("[data-expires-soon]")).toHaveCount(1);
    await expect(soonCell).toContainText("within the 30-day reminder window");

    const laterCell = await expiresCell(page, later);
    await expect(laterCell).toContainText("(in 60 days)");
    await expect(laterCell.locator("[data-expires-soon]")).toHaveCount(0);

    // A revoked key is not going to expire on anyone: no highlight.
    await expect((await expiresCell(page, revoked)).locator("[data-expires-soon]")).toHaveCount(0);
    await expect(await expiresCell(page, past)).toContainText("(expired 2 days ago)");
    await expect((await expiresCell(page, past)).locator("[data-expires-soon]")).toHaveCount(0);
    // The relative text is computed from the server's "now": the browser renders the same (no hydration error).
    expect(consoleErrors).toEqual([]);
  });

  test('"Expires within N days" narrows the grid to keys expiring that soon, and lives in the URL', async ({
    page,
  }) => {
    const { owner, soon, later } = await seedExpiring();
    await page.goto(`${KEYS_PATH}?owner=${encodeURIComponent(owner.username)}`);
    await expect(grid(page).locator("tbody tr")).toHaveCount(4);

    const within = filters(page).getByLabel("Expires within N days", { exact: true });
    await within.fill("10");
    await expect(page).toHaveURL(/[?&]expiresWithin=10(&|$)/);
    await expect(grid(page).locator("tbody tr")).toHaveCount(1);
    await expect(rowWith(page, soon.clientId)).toHaveCount(1);

    await within.fill("90");
    await expect(page).toHaveURL(/[?&]expiresWithin=90(&|$)/);
    await expect(grid(page).locator("tbody tr")).toHaveCount(2);
    await expect(rowWith(page, later.clientId)).toHaveCount(1);

    await page.reload();
    await expect(filters(page).getByLabel("Expires within N days", { exact: true })).toHaveValue("90");
    await expect(grid(page).locator("tbody tr")).toHaveCount(2);
  });
});

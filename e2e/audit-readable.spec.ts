import type { Page } from "@playwright/test";
import { cellOf, createKey, dataRows, hex, openKeysOf, rowWith, seedKey } from "./support/access-keys";
import { ADMIN_STATE } from "./support/env";
import { createTestUser, expect, test } from "./support/fixtures";
import { watchHydration } from "./support/hydration";

/*
 * Issue 18 items 6, 8 and 12: history people can read. Event codes in words, details as labelled
 * values, times in the viewer's zone (this browser says Asia/Tokyo, UTC+9 all year) with UTC on
 * hover and no hydration mismatch; "Last used" as relative time; checkboxes that name their key;
 * a bulk result that names what it skipped; dates that never wrap.
 */

test.use({ storageState: ADMIN_STATE, timezoneId: "Asia/Tokyo" });

const AUDIT = "/admin/audit";
const auditRows = (page: Page) => page.getByRole("table", { name: "Audit events" }).locator("tbody tr");
const auditCell = (page: Page, row: number, column: number) => auditRows(page).nth(row).locator("td").nth(column);

async function seedApiEvent(key: { id: number; clientId: string; name: string }, at: Date) {
  const { insertAuditEvent } = await import("../db/queries/audit");
  const { writeTransaction } = await import("../db/client");
  const ctx = { actorId: null, actorUsername: null, ip: "198.51.100.9", userAgent: "ci-plugin" };
  writeTransaction((tx) =>
    insertAuditEvent(
      tx,
      ctx,
      {
        event: "api.auth",
        outcome: "success",
        targetType: "access_key",
        targetId: key.id,
        clientId: key.clientId,
        details: { via: "basic", count: 2 },
      },
      at,
    ),
  );
}

async function setLastUsed(id: number, at: Date, ip: string) {
  const { getSqlite } = await import("../db/client");
  getSqlite()
    .prepare("update access_keys set last_used_at = ?, last_used_ip = ? where id = ?")
    .run(at.getTime(), ip, id);
}

test("the Audit page: events in words, details labelled, times local with UTC on hover", async ({ page }) => {
  const hydration = watchHydration(page);
  const owner = await createTestUser("user");
  const key = await createKey(owner.id, `Readable ${hex()}`);
  await seedApiEvent(key, new Date("2021-03-04T05:06:07.000Z"));

  await page.goto(`${AUDIT}?clientId=${key.clientId}`);
  await expect(auditRows(page)).toHaveCount(2);
  // Newest first: the key's creation (today), then the API authentication of 2021.
  await expect(auditCell(page, 0, 1)).toHaveText("Key created");
  await expect(auditCell(page, 1, 1)).toHaveText("API authentication");

  const time = auditCell(page, 1, 0).locator("time");
  await expect(time).toHaveText("2021-03-04 14:06 GMT+9");
  await expect(time).toHaveAttribute("datetime", "2021-03-04T05:06:07.000Z");
  await expect(time).toHaveAttribute("title", "2021-03-04 05:06:07 UTC");
  await expect(time).toHaveCSS("white-space", "nowrap");

  // Details as labelled values, never raw JSON.
  const details = auditCell(page, 0, 7);
  await expect(details).toContainText(`Owner: ${owner.username}`);
  await expect(details).toContainText("Bearer token: No");
  await expect(details).toContainText(/Expires: \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
  await expect(auditCell(page, 1, 7)).toHaveText(/Via: basic\s+Attempts: 2/);
  for (const text of await auditRows(page).allInnerTexts()) expect(text).not.toMatch(/[{}"]/);

  // The Event filter offers words too (its value, in the URL, stays the code).
  const eventFilter = page.getByRole("search", { name: "Filters" }).getByLabel("Event", { exact: true });
  await eventFilter.selectOption({ label: "API authentication" });
  await expect(page).toHaveURL(/[?&]event=api\.auth(&|$)/);
  await expect(auditRows(page)).toHaveCount(1);
  await expect(eventFilter.locator("option", { hasText: "Key created" })).toHaveAttribute("value", "key.create");
  expect(hydration).toEqual([]);
});

test("the key page's history and details: events in words, local times, Last used relative", async ({ page }) => {
  const hydration = watchHydration(page);
  const owner = await createTestUser("user");
  const key = await createKey(owner.id, `History ${hex()}`);
  await setLastUsed(key.id, new Date(Date.now() - 3 * 60_000), "203.0.113.5");

  await page.goto(`/admin/access-keys/${key.id}`);
  const history = page.getByRole("table", { name: "Key history" });
  await expect(history.locator("tbody tr").first().locator("td").nth(1)).toHaveText("Key created");
  await expect(history.locator("tbody time").first()).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} GMT\+9$/);
  const lastUsed = page.locator("dt", { hasText: "Last used" }).locator("xpath=following-sibling::dd[1]");
  await expect(lastUsed).toHaveText("3 minutes ago from 203.0.113.5");
  await expect(lastUsed.locator("time")).toHaveAttribute(
    "title",
    /GMT\+9 \(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC\)$/,
  );
  expect(hydration).toEqual([]);
});

test("the Access Keys grid: Last used relative with the exact time on hover, Never used; dates on one line", async ({
  page,
}) => {
  const hydration = watchHydration(page);
  const owner = await createTestUser("user");
  const used = await seedKey(owner.id, { name: `Used ${hex()}` });
  const unused = await seedKey(owner.id, { name: `Unused ${hex()}` });
  const at = new Date(Date.now() - 3 * 60_000);
  await setLastUsed(used.id, at, "203.0.113.6");

  await openKeysOf(page, owner.username);
  const usedCell = await cellOf(page, rowWith(page, used.clientId), "Last used");
  await expect(usedCell).toHaveText("3 minutes ago");
  await expect(usedCell.locator("time")).toHaveAttribute("datetime", at.toISOString());
  await expect(usedCell.locator("time")).toHaveAttribute("title", /\d{2}:\d{2} GMT\+9 \(.* UTC\)$/);
  await expect(await cellOf(page, rowWith(page, unused.clientId), "Last used")).toHaveText("Never used");

  // Narrow window: the date cells still hold their value on one line.
  await page.setViewportSize({ width: 700, height: 800 });
  for (const column of ["Created", "Last used"]) {
    const value = (await cellOf(page, rowWith(page, used.clientId), column)).locator("time, span").first();
    await expect(value, column).toHaveCSS("white-space", "nowrap");
  }
  expect(hydration).toEqual([]);
});

test("row checkboxes name their key; the bulk confirmation lists client IDs; the result names what it skipped", async ({
  page,
}) => {
  const owner = await createTestUser("user");
  const tag = hex();
  // Two keys with the same name (allowed): the client IDs tell them apart.
  const twinA = await seedKey(owner.id, { name: `Twin ${tag}` });
  const twinB = await seedKey(owner.id, { name: `Twin ${tag}`, status: "revoked" });
  const other = await seedKey(owner.id, { name: `Other ${tag}`, status: "inactive" });

  await openKeysOf(page, owner.username);
  await expect(dataRows(page)).toHaveCount(3);
  await expect(page.getByRole("checkbox", { name: `Select Twin ${tag}`, exact: true })).toHaveCount(2);
  await expect(page.getByRole("checkbox", { name: /^Select row/ })).toHaveCount(0);
  await page.getByRole("checkbox", { name: `Select Other ${tag}`, exact: true }).check();
  for (const box of await page.getByRole("checkbox", { name: `Select Twin ${tag}`, exact: true }).all())
    await box.check();

  await page.getByRole("region", { name: "Bulk actions" }).getByRole("button", { name: "Revoke", exact: true }).click();
  const dialog = page.getByRole("alertdialog", { name: "Revoke 3 access keys?" });
  for (const key of [twinA, twinB, other]) await expect(dialog).toContainText(`${key.name} (${key.clientId})`);
  await dialog.getByRole("button", { name: "Revoke", exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(
    page.getByText(`2 access keys revoked. 1 skipped: Twin ${tag} (${twinB.clientId}): already revoked.`),
  ).toBeVisible();
});

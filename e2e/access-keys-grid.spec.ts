import type { Locator, Page } from "@playwright/test";
import {
  cellOf,
  confirm,
  dataRows,
  dateInput,
  daysFromNow,
  filters,
  grid,
  hex,
  KEYS_PATH,
  keysOf,
  openKeysOf,
  rowWith,
  type SeededKey,
  seedKey,
  setKeyExpiry,
  sortHeader,
} from "./support/access-keys";
import { lowestContrast } from "./support/contrast";
import { ADMIN_STATE } from "./support/env";
import { createTestUser, expect, setStatusInDb, test } from "./support/fixtures";

test.use({ storageState: ADMIN_STATE });

const filter = (page: Page, label: string) => filters(page).getByLabel(label, { exact: true });

/** The grid shows exactly these keys (found by their unique client IDs). */
async function expectRows(page: Page, keys: SeededKey[]) {
  await expect(dataRows(page)).toHaveCount(keys.length);
  for (const key of keys) await expect(rowWith(page, key.clientId)).toHaveCount(1);
}

async function expectStatuses(page: Page, keys: SeededKey[], status: string) {
  for (const key of keys) await expect(await cellOf(page, rowWith(page, key.clientId), "Status")).toHaveText(status);
}

test("bulk actions apply to the selected rows only: deactivate, revoke, delete", async ({ page }) => {
  const owner = await createTestUser("user");
  const tag = hex();
  const keys = [
    await seedKey(owner.id, { name: `Bulk one ${tag}` }),
    await seedKey(owner.id, { name: `Bulk two ${tag}` }),
    await seedKey(owner.id, { name: `Bulk three ${tag}` }),
  ];
  const [one, two, three] = keys as [SeededKey, SeededKey, SeededKey];

  await page.goto(KEYS_PATH);
  await filter(page, "Owner").fill(owner.username);
  await expect(page).toHaveURL(new RegExp(`[?&]owner=${owner.username}`));
  await expectRows(page, keys);
  const bar = page.getByRole("region", { name: "Bulk actions" });
  await expect(bar).toHaveCount(0);

  // Each checkbox names its key.
  await page.getByRole("checkbox", { name: `Select ${one.name}`, exact: true }).check();
  await page.getByRole("checkbox", { name: `Select ${two.name}`, exact: true }).check();
  await expect(bar).toContainText("2 selected");
  await bar.getByRole("button", { name: "Deactivate", exact: true }).click();
  await expect(page.getByRole("alertdialog", { name: "Deactivate 2 access keys?" })).toBeVisible();
  await confirm(page, "Deactivate");
  await expectStatuses(page, [one, two], "Inactive");
  await expectStatuses(page, [three], "Active");
  await expect(bar).toHaveCount(0);

  await page.getByRole("checkbox", { name: "Select all rows on this page" }).check();
  await expect(bar).toContainText("3 selected");
  await bar.getByRole("button", { name: "Revoke", exact: true }).click();
  await confirm(page, "Revoke");
  await expectStatuses(page, keys, "Revoked");
  expect((await keysOf(owner.id)).map((k) => k.status)).toEqual(["revoked", "revoked", "revoked"]);

  await page.getByRole("checkbox", { name: "Select all rows on this page" }).check();
  await bar.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(page.getByRole("alertdialog", { name: "Delete 3 access keys?" })).toBeVisible();
  await confirm(page, "Delete");
  await expect(grid(page).getByText("No access keys match these filters.")).toBeVisible();
  expect(await keysOf(owner.id)).toHaveLength(0);
});

/** Five keys of one new owner, one per status, with different expiries and one with its own creator. */
async function seedFilterKeys() {
  const owner = await createTestUser("user");
  const tag = hex();
  const creator = `creator-${tag}`;
  const alpha = await seedKey(owner.id, { name: `Alpha ${tag}`, expiresAt: daysFromNow(10) });
  const beta = await seedKey(owner.id, { name: `Beta ${tag}` });
  const gamma = await seedKey(owner.id, { name: `Gamma ${tag}`, status: "inactive" });
  const delta = await seedKey(owner.id, { name: `Delta ${tag}`, status: "revoked", createdByUsername: creator });
  const epsilon = await seedKey(owner.id, { name: `Epsilon ${tag}` });
  await setKeyExpiry(beta.id, new Date(Date.now() - 86_400e3)); // expired yesterday
  await setKeyExpiry(gamma.id, null); // never expires
  return { owner, tag, creator, alpha, beta, gamma, delta, epsilon, all: [alpha, beta, gamma, delta, epsilon] };
}

test("the text filters (API key name, Client ID, Created by, Owner) narrow the grid and live in the URL", async ({
  page,
}) => {
  const { owner, tag, creator, alpha, delta, epsilon, all } = await seedFilterKeys();
  await page.goto(KEYS_PATH);
  await expect(grid(page)).toBeVisible();

  // API key name: a shared part, then one whole name.
  await filter(page, "API key name").fill(tag);
  await expect(page).toHaveURL(new RegExp(`[?&]name=${tag}`));
  await expectRows(page, all);
  await filter(page, "API key name").fill(`Alpha ${tag}`);
  await expect(page).toHaveURL(new RegExp(`[?&]name=Alpha(\\+|%20)${tag}`));
  await expectRows(page, [alpha]);
  await filter(page, "API key name").fill("");
  await expect(page).not.toHaveURL(/[?&]name=/);

  await filter(page, "Client ID").fill(epsilon.clientId);
  await expect(page).toHaveURL(new RegExp(`[?&]clientId=${epsilon.clientId}`));
  await expectRows(page, [epsilon]);
  await filter(page, "Client ID").fill("");
  await expect(page).not.toHaveURL(/[?&]clientId=/);

  await filter(page, "Created by").fill(creator);
  await expect(page).toHaveURL(new RegExp(`[?&]createdBy=${creator}`));
  await expectRows(page, [delta]);
  await filter(page, "Created by").fill("");
  await expect(page).not.toHaveURL(/[?&]createdBy=/);

  await filter(page, "Owner").fill(owner.username);
  await expect(page).toHaveURL(new RegExp(`[?&]owner=${owner.username}`));
  await expectRows(page, all);

  // A shared link restores the filters; "Clear filters" drops them all.
  await page.goto(`${KEYS_PATH}?owner=${owner.username}&name=Alpha`);
  await expectRows(page, [alpha]);
  await expect(filter(page, "Owner")).toHaveValue(owner.username);
  await expect(filter(page, "API key name")).toHaveValue("Alpha");
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(page).not.toHaveURL(/[?&](owner|name)=/);
  await expect(filter(page, "Owner")).toHaveValue("");
});

test("Status, Expires by and Never expires narrow the grid and live in the URL; sorting by Name toggles aria-sort", async ({
  page,
}) => {
  const { owner, alpha, beta, gamma, delta, epsilon, all } = await seedFilterKeys();
  await openKeysOf(page, owner.username);
  await expectRows(page, all);

  const status = filter(page, "Status");
  for (const [label, expected] of [
    ["Expired", [beta]],
    ["Inactive", [gamma]],
    ["Revoked", [delta]],
    ["Active", [alpha, epsilon]],
  ] as const) {
    await status.selectOption({ label });
    await expect(page).toHaveURL(new RegExp(`[?&]status=${label.toLowerCase()}`));
    await expectRows(page, [...expected]);
  }
  await expectStatuses(page, [alpha, epsilon], "Active");
  await status.selectOption({ label: "All" });
  await expect(page).not.toHaveURL(/[?&]status=/);
  await expectRows(page, all);

  // Expires by: alpha (in 10 days) and beta (yesterday); not the 90-day keys, not the one that never expires.
  const by = dateInput(daysFromNow(20));
  await filter(page, "Expires by").fill(by);
  await expect(page).toHaveURL(new RegExp(`[?&]expiresBy=${by}`));
  await expectRows(page, [alpha, beta]);
  await filter(page, "Expires by").fill("");
  await expect(page).not.toHaveURL(/[?&]expiresBy=/);
  await expectRows(page, all);

  await filter(page, "Never expires").check();
  await expect(page).toHaveURL(/[?&]neverExpires=1/);
  await expectRows(page, [gamma]);
  await expect(await cellOf(page, rowWith(page, gamma.clientId), "Expires")).toHaveText("Never");
  await filter(page, "Never expires").uncheck();
  await expect(page).not.toHaveURL(/[?&]neverExpires=/);
  await expectRows(page, all);

  const name = sortHeader(page, "Name");
  await expect(name).toHaveAttribute("aria-sort", "none");
  const byName = [alpha, beta, delta, epsilon, gamma].map((k) => k.name);
  await name.getByRole("button").click();
  await expect(name).toHaveAttribute("aria-sort", "ascending");
  await expect(page).toHaveURL(/[?&]sort=name/);
  await expect(dataRows(page).getByRole("link")).toHaveText(byName);
  await name.getByRole("button").click();
  await expect(name).toHaveAttribute("aria-sort", "descending");
  await expect(page).toHaveURL(/[?&]dir=desc/);
  await expect(dataRows(page).getByRole("link")).toHaveText([...byName].reverse());
});

// Dimmed is a hatched background with text at full colour (not grey text or opacity, which fall
// below 4.5:1); other rows have a plain background.
const TEXT = "rgb(31, 35, 40)";
async function expectDimmed(cell: Locator, dimmed: boolean) {
  await expect(cell).toHaveCSS("color", TEXT);
  if (dimmed) await expect(cell).toHaveCSS("background-image", /repeating-linear-gradient/);
  else await expect(cell).toHaveCSS("background-image", "none");
  expect(await lowestContrast(cell), "contrast of the cell's text and links").toBeGreaterThanOrEqual(4.5);
}

test("keys of an inactive owner are dimmed with 'Owner inactive'; expired keys show 'Expired'", async ({ page }) => {
  const prefix = `dim${hex()}`;
  const gone = await createTestUser("user", { prefix });
  const here = await createTestUser("user", { prefix });
  const blocked = await seedKey(gone.id, { name: `Blocked ${hex()}` });
  const fine = await seedKey(here.id, { name: `Fine ${hex()}` });
  const old = await seedKey(here.id, { name: `Old ${hex()}` });
  await setKeyExpiry(old.id, new Date(Date.now() - 86_400e3));
  await setStatusInDb(gone.id, "inactive");

  await openKeysOf(page, prefix);
  await expectRows(page, [blocked, fine, old]);

  const blockedRow = rowWith(page, blocked.clientId);
  const blockedStatus = await cellOf(page, blockedRow, "Status");
  await expect(blockedStatus).toContainText("Active");
  await expect(blockedStatus).toContainText("Owner inactive");
  await expect(await cellOf(page, blockedRow, "Owner status")).toHaveText("Inactive");
  await expectDimmed(await cellOf(page, blockedRow, "Name"), true);
  await expectDimmed(await cellOf(page, blockedRow, "Owner"), true);

  const fineRow = rowWith(page, fine.clientId);
  await expect(await cellOf(page, fineRow, "Status")).toHaveText("Active");
  await expectDimmed(await cellOf(page, fineRow, "Name"), false);

  const oldRow = rowWith(page, old.clientId);
  await expect(await cellOf(page, oldRow, "Status")).toHaveText("Expired");
  await expectDimmed(await cellOf(page, oldRow, "Name"), false);

  // The key's own page says so too; reactivating the owner restores the key.
  await blockedRow.getByRole("link", { name: blocked.name }).click();
  await expect(page.getByRole("heading", { name: blocked.name, level: 1 })).toBeVisible();
  await expect(page.getByText("Owner inactive")).toBeVisible();
  await setStatusInDb(gone.id, "active");
  await openKeysOf(page, prefix);
  await expect(await cellOf(page, rowWith(page, blocked.clientId), "Status")).toHaveText("Active");
  await expectDimmed(await cellOf(page, rowWith(page, blocked.clientId), "Name"), false);
});

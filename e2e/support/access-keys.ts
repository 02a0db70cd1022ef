import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { expect, type Locator, type Page } from "@playwright/test";
import { E2E_DATABASE } from "./env";

/**
 * Access-key helpers for the keys specs: setup data written straight into the server's database
 * (the same file, WAL mode), and locators for the Access Keys grid.
 */

process.env.DATABASE_PATH ??= E2E_DATABASE;
// The server's pepper (playwright.config.ts), so keys created here hash like the server's own.
process.env.KEY_PEPPER ??= "e2e-pepper-not-for-production-0000000000";

export const KEYS_PATH = "/admin/access-keys";
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export const hex = () => randomBytes(4).toString("hex");
const DAY = 86_400_000;
export const daysFromNow = (days: number) => new Date(Date.now() + days * DAY);
/** yyyy-mm-dd (UTC) of a moment, as the date inputs want it. */
export const dateInput = (date: Date) => date.toISOString().slice(0, 10);

function clientId(): string {
  let out = "kwc_";
  for (const byte of randomBytes(20)) out += BASE62[byte % 62];
  return out;
}

export type SeededKey = { id: number; clientId: string; name: string };

/** A key inserted directly (no audit event, no limit check): for grids, filters and bulk actions. */
export async function seedKey(
  ownerId: number,
  options: {
    name: string;
    status?: "active" | "inactive" | "revoked";
    /** null: never expires; default 90 days from now. */
    expiresAt?: Date | null;
    createdByUsername?: string;
  },
): Promise<SeededKey> {
  const { getDb } = await import("../../db/client");
  const { accessKeys } = await import("../../db/schema");
  const now = new Date();
  const id = clientId();
  const row = getDb()
    .insert(accessKeys)
    .values({
      clientId: id,
      name: options.name,
      ownerId,
      createdByUsername: options.createdByUsername ?? "e2e",
      createdAt: now,
      updatedAt: now,
      expiresAt: options.expiresAt === undefined ? daysFromNow(90) : options.expiresAt,
      status: options.status ?? "active",
      secretHash: randomBytes(32).toString("hex"),
      secretHint: "e2e0",
    })
    .returning({ id: accessKeys.id })
    .get();
  return { id: row.id, clientId: id, name: options.name };
}

/** A key created the way the app creates one (limit, audit event "key.create"); returns its secret too. */
export async function createKey(ownerId: number, name: string): Promise<SeededKey & { secret: string }> {
  const { createKey: create } = await import("../../lib/services/access-keys");
  const { rootActor } = await import("../../test/support/actors");
  const { key, secret } = await create(
    rootActor,
    { ownerId, name, description: "", expiresAt: undefined, bearerEnabled: false },
    { actorId: null, actorUsername: "e2e", ip: null, userAgent: "playwright" },
  );
  return { id: key.id, clientId: key.clientId, name: key.name, secret };
}

/** The key as the app reads it (no secret hash), or undefined once deleted. */
export async function getKey(id: number) {
  const { getAccessKey } = await import("../../db/queries/access-keys");
  return getAccessKey(id);
}

/** The stored secret hash of a key: to prove something did (or did not) change it. */
export async function secretHashOf(id: number): Promise<string | undefined> {
  const { getDb } = await import("../../db/client");
  const { accessKeys } = await import("../../db/schema");
  const { eq } = await import("drizzle-orm");
  return getDb().select({ h: accessKeys.secretHash }).from(accessKeys).where(eq(accessKeys.id, id)).get()?.h;
}

export async function keysOf(ownerId: number) {
  const { getDb } = await import("../../db/client");
  const { accessKeys } = await import("../../db/schema");
  const { eq } = await import("drizzle-orm");
  return getDb()
    .select({ id: accessKeys.id, name: accessKeys.name, status: accessKeys.status })
    .from(accessKeys)
    .where(eq(accessKeys.ownerId, ownerId))
    .all();
}

export async function setKeyExpiry(id: number, expiresAt: Date | null): Promise<void> {
  const { getDb } = await import("../../db/client");
  const { accessKeys } = await import("../../db/schema");
  const { eq } = await import("drizzle-orm");
  getDb().update(accessKeys).set({ expiresAt }).where(eq(accessKeys.id, id)).run();
}

/** Whether `text` occurs anywhere in the database file or its write-ahead log, byte for byte. */
export function databaseContains(text: string): boolean {
  const needle = Buffer.from(text);
  return [E2E_DATABASE, `${E2E_DATABASE}-wal`]
    .filter((file) => existsSync(file))
    .some((file) => readFileSync(file).includes(needle));
}

// ——— locators ———

export const grid = (page: Page) => page.getByRole("table", { name: "Access keys" });
/** Data rows (header excluded; the "no keys" message is a single row). */
export const dataRows = (page: Page) => grid(page).locator("tbody tr");
/** The grid row showing this text (a client ID is the safest: unique and never edited). */
export const rowWith = (page: Page, text: string) => dataRows(page).filter({ hasText: text });
export const filters = (page: Page) => page.getByRole("search", { name: "Filters" });
export const sortHeader = (page: Page, name: string) =>
  grid(page)
    .locator("th[aria-sort]")
    .filter({ has: page.getByRole("button", { name, exact: true }) });

/** The cell of `row` under the column headed `column` of any grid (indexes taken from its header row). */
export async function cellIn(table: Locator, row: Locator, column: string): Promise<Locator> {
  const headers = (await table.locator("thead th").allInnerTexts()).map((h) => h.replace(/[▲▼↕]/g, "").trim());
  const index = headers.indexOf(column);
  expect(index, `column ${column} in ${headers.join(", ")}`).toBeGreaterThanOrEqual(0);
  return row.locator("td").nth(index);
}

/** The cell of `row` of the Access Keys grid under the column headed `column`. */
export const cellOf = (page: Page, row: Locator, column: string) => cellIn(grid(page), row, column);

/** Opens the grid showing only `owner`'s keys. */
export async function openKeysOf(page: Page, owner: string) {
  await page.goto(`${KEYS_PATH}?owner=${encodeURIComponent(owner)}`);
  await expect(grid(page)).toBeVisible();
}

/** The "Actions for <name>" menu button of a key (in its grid row, or on its own page). */
export const actionsButton = (page: Page, name: string) =>
  page.getByRole("button", { name: `Actions for ${name}`, exact: true });

/** Opens the row menu of the key named `name` and picks `item`. */
export async function rowAction(page: Page, name: string, item: string) {
  await actionsButton(page, name).click();
  await page.getByRole("menuitem", { name: item, exact: true }).click();
}

/** The items the menu of the key named `name` offers; opened by click, closed with Escape. */
export async function rowMenuItems(page: Page, name: string): Promise<string[]> {
  await actionsButton(page, name).click();
  const menu = page.getByRole("menu");
  await expect(menu).toBeVisible();
  const items = (await menu.getByRole("menuitem").allInnerTexts()).map((t) => t.trim());
  await page.keyboard.press("Escape");
  await expect(menu).toHaveCount(0);
  return items;
}

/** Opens a menu from its focused `trigger` with Enter and moves to `item` with the arrow keys. */
export async function focusMenuItem(page: Page, trigger: Locator, item: string): Promise<Locator> {
  await trigger.focus();
  await page.keyboard.press("Enter");
  const menu = page.getByRole("menu");
  await expect(menu).toBeVisible();
  const target = menu.getByRole("menuitem", { name: item, exact: true });
  await expect(target).toHaveCount(1);
  for (let i = 0; i < 8 && !(await target.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press("ArrowDown");
  }
  await expect(target).toBeFocused();
  return target;
}

/** Confirms the open confirmation dialog with its verb. */
export async function confirm(page: Page, verb: string) {
  const dialog = page.getByRole("alertdialog");
  await dialog.getByRole("button", { name: verb, exact: true }).click();
  await expect(dialog).toBeHidden();
}

/** Picks the owner in the create dialog's combobox: types, then clicks the matching option. */
export async function pickOwner(scope: Locator | Page, page: Page, username: string) {
  await scope.getByRole("combobox", { name: "Owner" }).fill(username);
  await page.getByRole("option", { name: username }).click();
  await expect(scope.getByRole("combobox", { name: "Owner" })).toHaveValue(username);
}

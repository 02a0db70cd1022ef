import type { Locator, Page } from "@playwright/test";
import { dateInput, KEYS_PATH } from "./access-keys";
import { expect } from "./fixtures";

const DAY = 86_400_000;
/** yyyy-mm-dd, `days` after today (UTC, as the dialogs count). */
export const inDays = (days: number) => dateInput(new Date(Date.now() + days * DAY));
/** The key dialogs' "Expires in" presets (issue 18 item 10). */
export const presets = (dialog: Locator) => dialog.getByRole("group", { name: "Expires in" });
export const choice = (dialog: Locator, name: string) => presets(dialog).getByRole("radio", { name, exact: true });

/** Opens the Access Keys page's "Create access key" dialog. */
export async function openCreate(page: Page): Promise<Locator> {
  await page.goto(KEYS_PATH);
  await page.getByRole("button", { name: "Create access key" }).click();
  const dialog = page.getByRole("dialog", { name: "Create access key" });
  await expect(dialog).toBeVisible();
  return dialog;
}

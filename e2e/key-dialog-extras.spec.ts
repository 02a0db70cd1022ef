import { createKey, dateInput, getKey, hex, keysOf, openKeysOf, pickOwner, rowAction } from "./support/access-keys";
import { ADMIN_STATE } from "./support/env";
import { createTestUser, expect, test } from "./support/fixtures";
import { choice, inDays, openCreate, presets } from "./support/key-dialog";

/*
 * Issue 18 items 10 and 11, at the default key lifetime (90 days; key-dialog-policy.spec.ts tries
 * other lifetimes): the create and edit dialogs' "Expires in" presets fill the "Expiration date"
 * field and say the date they come to, which the saved key then has; the secret dialog's three copy
 * buttons each put their text on the clipboard, say "Copied" and keep their names.
 */

test.use({ storageState: ADMIN_STATE });

const LONG = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
/** "Expires on 2 January 2027" for 2027-01-02. */
const expiresOn = (date: string) => `Expires on ${LONG.format(new Date(`${date}T00:00:00Z`))}`;

/** The date (yyyy-mm-dd, UTC) the key with this name of `ownerId` expires on, read from the database. */
async function storedExpiry(ownerId: number, name: string): Promise<string | null> {
  const key = (await keysOf(ownerId)).find((k) => k.name === name);
  expect(key, `key ${name}`).toBeTruthy();
  const stored = await getKey(key?.id ?? 0);
  return stored?.expiresAt ? dateInput(stored.expiresAt) : null;
}

test("create: the presets fill the expiration date and say it; the key expires on it", async ({ page }) => {
  const owner = await createTestUser("user");
  const name = `Preset ${hex()}`;
  const dialog = await openCreate(page);
  const date = dialog.getByLabel("Expiration date");

  // 7 to 90 days and a custom date; at a 90-day maximum, no "No expiration".
  await expect(presets(dialog).getByRole("radio")).toHaveCount(5);
  for (const offered of ["7 days", "30 days", "60 days", "90 days", "Custom date"]) {
    await expect(choice(dialog, offered)).toHaveCount(1);
  }
  await expect(choice(dialog, "No expiration")).toHaveCount(0);

  // The default is the policy's latest date: the 90-day preset.
  await expect(choice(dialog, "90 days")).toBeChecked();
  await expect(date).toHaveValue(inDays(90));
  await expect(presets(dialog)).toHaveAccessibleDescription(expiresOn(inDays(90)));

  await choice(dialog, "7 days").check();
  await expect(date).toHaveValue(inDays(7));
  await expect(dialog.getByText(expiresOn(inDays(7)), { exact: true })).toBeVisible();

  // Typing a date picks "Custom date"; picking it again keeps the date.
  await date.fill(inDays(12));
  await expect(choice(dialog, "Custom date")).toBeChecked();
  await expect(dialog.getByText(expiresOn(inDays(12)), { exact: true })).toBeVisible();
  await choice(dialog, "60 days").check();
  await expect(date).toHaveValue(inDays(60));
  await choice(dialog, "Custom date").check();
  await expect(date).toHaveValue(inDays(60));

  await choice(dialog, "30 days").check();
  await expect(date).toHaveValue(inDays(30));
  await expect(presets(dialog)).toHaveAccessibleDescription(expiresOn(inDays(30)));
  await pickOwner(dialog, page, owner.username);
  await dialog.getByLabel("API key name").fill(name);
  await dialog.getByRole("button", { name: "Create", exact: true }).click();
  const secret = page.getByRole("dialog", { name: `Secret for ${name}` });
  await secret.getByRole("button", { name: "Done" }).click();
  await expect(secret).toBeHidden();
  expect(await storedExpiry(owner.id, name)).toBe(inDays(30));
});

test("edit: the key's own date shows as a custom date; a preset replaces it and is saved", async ({ page }) => {
  const owner = await createTestUser("user");
  const key = await createKey(owner.id, `Edited preset ${hex()}`);
  const before = await getKey(key.id);
  const current = dateInput(before?.expiresAt as Date);
  await openKeysOf(page, owner.username);
  await rowAction(page, key.name, "Edit");
  const dialog = page.getByRole("dialog", { name: `Edit access key ${key.name}` });
  const date = dialog.getByLabel("Expiration date");

  await expect(choice(dialog, "Custom date")).toBeChecked();
  await expect(date).toHaveValue(current);
  await expect(presets(dialog)).toHaveAccessibleDescription(expiresOn(current));
  await expect(choice(dialog, "No expiration")).toHaveCount(0);

  await choice(dialog, "60 days").check();
  await expect(date).toHaveValue(inDays(60));
  await expect(dialog.getByText(expiresOn(inDays(60)), { exact: true })).toBeVisible();
  await dialog.getByRole("button", { name: "Save", exact: true }).click();
  await expect(dialog).toBeHidden();
  expect(dateInput((await getKey(key.id))?.expiresAt as Date)).toBe(inDays(60));
});

test("the secret dialog copies the client ID, the secret, and both as JSON, each button keeping its name", async ({
  page,
}) => {
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  const owner = await createTestUser("user");
  const name = `Copied ${hex()}`;
  const dialog = await openCreate(page);
  await pickOwner(dialog, page, owner.username);
  await dialog.getByLabel("API key name").fill(name);
  await dialog.getByRole("button", { name: "Create", exact: true }).click();

  const secretDialog = page.getByRole("dialog", { name: `Secret for ${name}` });
  await expect(secretDialog).toBeVisible();
  const clientId = await secretDialog.getByLabel("Client ID").inputValue();
  const secret = await secretDialog.getByLabel("Secret").inputValue();
  const status = secretDialog.getByRole("status");
  const clipboard = () => page.evaluate(() => navigator.clipboard.readText());

  await expect(secretDialog.getByRole("button", { name: "Copy to clipboard" })).toHaveAccessibleDescription(
    "Copies the client ID and secret as JSON.",
  );
  for (const [button, text] of [
    ["Copy client ID", clientId],
    ["Copy secret", secret],
    ["Copy to clipboard", JSON.stringify({ client_id: clientId, secret })],
    ["Copy client ID", clientId],
  ] as const) {
    await page.evaluate(() => navigator.clipboard.writeText(""));
    await secretDialog.getByRole("button", { name: button, exact: true }).click();
    await expect(status).toHaveText("Copied");
    await expect.poll(clipboard).toBe(text);
    await expect(secretDialog.getByRole("button", { name: button, exact: true })).toBeVisible();
  }
});

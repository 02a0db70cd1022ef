import type { Page } from "@playwright/test";
import {
  cellOf,
  confirm,
  createKey,
  databaseContains,
  filters,
  getKey,
  hex,
  KEYS_PATH,
  keysOf,
  openKeysOf,
  pickOwner,
  rowAction,
  rowWith,
  secretHashOf,
  seedKey,
} from "./support/access-keys";
import { ADMIN_STATE } from "./support/env";
import { createTestUser, expect, signInAs, test } from "./support/fixtures";
import { callServerAction, type ForgedResponse } from "./support/server-action";

const CLIENT_ID = /^kwc_[0-9A-Za-z]{20}$/;
const SECRET = /^kws_[0-9A-Za-z]{38}$/;

const createDialog = (page: Page) => page.getByRole("dialog", { name: "Create access key" });
const secretDialog = (page: Page, name: string) => page.getByRole("dialog", { name: `Secret for ${name}` });

/** Reads the client ID and secret the secret dialog shows. */
async function issuedValues(page: Page, name: string) {
  const dialog = secretDialog(page, name);
  await expect(dialog).toBeVisible();
  const clientId = await dialog.getByLabel("Client ID").inputValue();
  const secret = await dialog.getByLabel("Secret").inputValue();
  expect(clientId).toMatch(CLIENT_ID);
  expect(secret).toMatch(SECRET);
  return { clientId, secret };
}

test.describe("as an administrator", () => {
  test.use({ storageState: ADMIN_STATE });

  test("create a key: the secret is shown once, copied as JSON, and stored nowhere", async ({ page }) => {
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
    const owner = await createTestUser("user");
    const name = `Created ${hex()}`;

    await page.goto(KEYS_PATH);
    await page.getByRole("button", { name: "Create access key" }).click();
    const dialog = createDialog(page);
    await expect(dialog).toBeVisible();
    await pickOwner(dialog, page, owner.username);
    await dialog.getByLabel("API key name").fill(name);
    await dialog.getByLabel("Description").fill("Used by the nightly build");
    await dialog.getByRole("button", { name: "Create", exact: true }).click();
    await expect(dialog).toBeHidden();

    const { clientId, secret } = await issuedValues(page, name);
    await secretDialog(page, name).getByRole("button", { name: "Copy to clipboard" }).click();
    // The button keeps its name; the outcome is announced in a live region.
    await expect(secretDialog(page, name).getByRole("status")).toHaveText("Copied");
    await expect(secretDialog(page, name).getByRole("button", { name: "Copy to clipboard" })).toBeVisible();
    const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
    expect(copied).toEqual({ client_id: clientId, secret });

    // Only "Done" closes it (Escape does not).
    await page.keyboard.press("Escape");
    await expect(secretDialog(page, name)).toBeVisible();
    await secretDialog(page, name).getByRole("button", { name: "Done" }).click();
    await expect(secretDialog(page, name)).toBeHidden();
    expect(await page.content()).not.toContain(secret);

    await page.reload();
    await filters(page).getByLabel("Owner", { exact: true }).fill(owner.username);
    await expect(page).toHaveURL(new RegExp(`[?&]owner=${owner.username}`));
    const row = rowWith(page, clientId);
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(name);
    await expect(row).toContainText(owner.username);
    await expect(await cellOf(page, row, "Status")).toHaveText("Active");
    await expect(await cellOf(page, row, "Created by")).toHaveText("admin");
    expect(await page.content()).not.toContain(secret);

    await row.getByRole("link", { name }).click();
    await expect(page).toHaveURL(/\/admin\/access-keys\/\d+$/);
    await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
    await expect(page.getByText(clientId)).toBeVisible();
    await expect(page.getByText("Used by the nightly build")).toBeVisible();
    await expect(page.getByText(`…${secret.slice(-4)}`)).toBeVisible();
    expect(await page.content()).not.toContain(secret);

    const [stored] = await keysOf(owner.id);
    expect(stored).toMatchObject({ name, status: "active" });
    expect(await secretHashOf(stored?.id ?? 0)).not.toContain(secret);
    expect(databaseContains(clientId)).toBe(true); // the check below can see what is there
    expect(databaseContains(secret)).toBe(false);
  });

  /** The key's own page lists exactly these events (once each), done by the admin. */
  async function expectHistory(page: Page, name: string, events: string[]) {
    await rowWith(page, name).getByRole("link", { name }).click();
    await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
    const history = page.getByRole("table", { name: "Key history" });
    for (const event of events) {
      await expect(history.getByRole("cell", { name: event, exact: true })).toHaveCount(1);
    }
    await expect(history.getByRole("cell", { name: "admin", exact: true })).toHaveCount(events.length - 1);
  }

  test("row actions: deactivate, activate, revoke, regenerate, each in the key's history", async ({ page }) => {
    const owner = await createTestUser("user");
    const key = await createKey(owner.id, `Rotate ${hex()}`);

    await openKeysOf(page, owner.username);
    const row = rowWith(page, key.clientId);
    const status = await cellOf(page, row, "Status");
    await expect(status).toHaveText("Active");

    await rowAction(page, key.name, "Deactivate");
    await expect(page.getByRole("alertdialog", { name: `Deactivate ${key.name}?` })).toContainText(key.clientId);
    await confirm(page, "Deactivate");
    await expect(status).toHaveText("Inactive");
    expect((await getKey(key.id))?.status).toBe("inactive");

    await rowAction(page, key.name, "Activate");
    await expect(status).toHaveText("Active");
    expect((await getKey(key.id))?.status).toBe("active");

    await rowAction(page, key.name, "Revoke");
    await confirm(page, "Revoke");
    await expect(status).toHaveText("Revoked");
    // A revoked key can only come back through Regenerate.
    await page.getByRole("button", { name: `Actions for ${key.name}` }).click();
    await expect(page.getByRole("menuitem", { name: "Regenerate" })).toBeVisible();
    for (const item of ["Activate", "Deactivate", "Revoke"]) {
      await expect(page.getByRole("menuitem", { name: item, exact: true })).toHaveCount(0);
    }
    await page.keyboard.press("Escape");
    await expect(page.getByRole("menu")).toHaveCount(0);

    const hashBefore = await secretHashOf(key.id);
    await rowAction(page, key.name, "Regenerate");
    await confirm(page, "Regenerate");
    const issued = await issuedValues(page, key.name);
    expect(issued.clientId).toBe(key.clientId);
    expect(issued.secret).not.toBe(key.secret);
    await secretDialog(page, key.name).getByRole("button", { name: "Done" }).click();
    await expect(secretDialog(page, key.name)).toBeHidden();
    await expect(status).toHaveText("Active");
    expect(await secretHashOf(key.id)).not.toBe(hashBefore);
    expect(databaseContains(issued.secret)).toBe(false);

    // Events in words. Key created was done by "e2e" (straight in the database); the rest by the admin.
    await expectHistory(page, key.name, [
      "Key created",
      "Key deactivated",
      "Key activated",
      "Key revoked",
      "Key regenerated",
    ]);
  });

  test("row actions: edit, then delete; the history shows the edit", async ({ page }) => {
    const owner = await createTestUser("user");
    const key = await createKey(owner.id, `Editable ${hex()}`);
    const renamed = `Renamed ${hex()}`;

    await openKeysOf(page, owner.username);
    const row = rowWith(page, key.clientId);
    await rowAction(page, key.name, "Edit");
    const edit = page.getByRole("dialog", { name: `Edit access key ${key.name}` });
    await expect(edit.getByLabel("API key name")).toHaveValue(key.name);
    await edit.getByLabel("API key name").fill(renamed);
    await edit.getByLabel("Description").fill("Rotated quarterly");
    await edit.getByRole("button", { name: "Save" }).click();
    await expect(edit).toBeHidden();
    await expect(row.getByRole("link", { name: renamed })).toBeVisible();
    await expect(page.getByRole("button", { name: `Actions for ${key.name}`, exact: true })).toHaveCount(0);
    expect(await getKey(key.id)).toMatchObject({ name: renamed, description: "Rotated quarterly" });

    await expectHistory(page, renamed, ["Key created", "Key edited"]);
    await expect(page.getByText("Rotated quarterly")).toBeVisible();

    await openKeysOf(page, owner.username);
    await rowAction(page, renamed, "Delete");
    await confirm(page, "Delete");
    await expect(rowWith(page, key.clientId)).toHaveCount(0);
    expect(await getKey(key.id)).toBeUndefined();
    const gone = await page.goto(`${KEYS_PATH}/${key.id}`);
    expect(gone?.status()).toBe(404);
  });

  test("the per-user limit: a third key is refused with a message naming the limit", async ({ page }) => {
    const owner = await createTestUser("user");
    await createKey(owner.id, `First ${hex()}`);
    await createKey(owner.id, `Second ${hex()}`);
    const third = `Third ${hex()}`;

    await page.goto(KEYS_PATH);
    await page.getByRole("button", { name: "Create access key" }).click();
    const dialog = createDialog(page);
    await pickOwner(dialog, page, owner.username);
    await dialog.getByLabel("API key name").fill(third);
    await dialog.getByRole("button", { name: "Create", exact: true }).click();

    const error = dialog.getByTestId("form-error");
    await expect(error).toContainText("limit");
    await expect(error).toContainText(/\b2\b/);
    await expect(dialog).toBeVisible();
    await expect(dialog.getByLabel("API key name")).toHaveValue(third);
    const names = (await keysOf(owner.id)).map((k) => k.name);
    expect(names).toHaveLength(2);
    expect(names).not.toContain(third);
  });

  test("the owner picker offers active users only", async ({ page }) => {
    const prefix = `pick${hex()}`;
    const inactive = await createTestUser("user", { prefix, status: "inactive" });
    const active = await createTestUser("user", { prefix });

    await page.goto(KEYS_PATH);
    await page.getByRole("button", { name: "Create access key" }).click();
    const owner = createDialog(page).getByRole("combobox", { name: "Owner" });

    await owner.fill(prefix);
    await expect(page.getByRole("option", { name: active.username })).toBeVisible();
    await expect(page.getByRole("option")).toHaveCount(1);
    await expect(page.getByRole("option", { name: inactive.username })).toHaveCount(0);

    await owner.fill(inactive.username);
    await expect(page.getByText("No active user matches.")).toBeVisible();
    await expect(page.getByRole("option")).toHaveCount(0);
  });

  test("a key name with non-English letters is refused, the dialog keeps what was typed", async ({ page }) => {
    const owner = await createTestUser("user");
    await page.goto(KEYS_PATH);
    await page.getByRole("button", { name: "Create access key" }).click();
    const dialog = createDialog(page);
    await pickOwner(dialog, page, owner.username);
    await dialog.getByLabel("Description").fill("Déploiement — ключ");

    for (const name of ["Clé API", "ключ"]) {
      await dialog.getByLabel("API key name").fill(name);
      await dialog.getByRole("button", { name: "Create", exact: true }).click();
      await expect(dialog.getByText("API key name may use only English letters")).toBeVisible();
      await expect(dialog.getByLabel("API key name")).toHaveAttribute("aria-invalid", "true");
      await expect(dialog).toBeVisible();
      await expect(dialog.getByLabel("API key name")).toHaveValue(name);
      await expect(dialog.getByLabel("Description")).toHaveValue("Déploiement — ключ");
      await expect(dialog.getByRole("combobox", { name: "Owner" })).toHaveValue(owner.username);
    }
    expect(await keysOf(owner.id)).toHaveLength(0);
  });
});

/** Refused by the action itself: its answer is `{ ok: false, message: "forbidden" }`. */
function expectForbidden(response: ForgedResponse) {
  expect(response.status, response.body).toBe(200);
  expect(response.body).toContain('"message":"forbidden"');
  expect(response.body).not.toContain('"ok":true');
}

test.describe("without key rights", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("an auditor sees keys read-only, and every forged key action is forbidden", async ({ page }) => {
    const auditor = await createTestUser("auditor");
    const owner = await createTestUser("user");
    const key = await seedKey(owner.id, { name: `Watched ${hex()}` });
    const other = await seedKey(owner.id, { name: `Other ${hex()}` });
    const before = await getKey(key.id);
    const hashBefore = await secretHashOf(key.id);

    await signInAs(page, auditor);
    await openKeysOf(page, owner.username);
    await expect(rowWith(page, key.clientId)).toBeVisible();
    await expect(rowWith(page, other.clientId)).toBeVisible();
    await expect(page.getByRole("button", { name: "Create access key" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^Actions/ })).toHaveCount(0);
    await expect(page.getByRole("checkbox", { name: "Select all rows on this page" })).toHaveCount(0);
    await expect(page.getByRole("checkbox", { name: `Select ${key.name}` })).toHaveCount(0);
    await expect(page.getByRole("checkbox", { name: /^Select / })).toHaveCount(0);

    await rowWith(page, key.clientId).getByRole("link", { name: key.name }).click();
    await expect(page.getByRole("heading", { name: key.name, level: 1 })).toBeVisible();
    await expect(page.getByText(key.clientId)).toBeVisible();
    for (const verb of ["Edit", "Deactivate", "Activate", "Regenerate", "Revoke", "Delete"]) {
      await expect(page.getByRole("button", { name: verb, exact: true })).toHaveCount(0);
    }

    const forged = (action: string, input: Record<string, unknown>) =>
      callServerAction(page, { path: KEYS_PATH, action, args: [null, input] });
    const stolenName = `Forged ${hex()}`;
    expectForbidden(
      await forged("createAccessKeyAction", {
        ownerId: owner.id,
        name: stolenName,
        description: "",
        bearerEnabled: true,
      }),
    );
    expectForbidden(await forged("setAccessKeyStatusAction", { id: key.id, action: "deactivate" }));
    expectForbidden(await forged("setAccessKeyStatusAction", { id: key.id, action: "revoke" }));
    expectForbidden(await forged("regenerateAccessKeyAction", { id: key.id }));
    expectForbidden(await forged("updateAccessKeyAction", { id: key.id, name: stolenName, description: "x" }));
    expectForbidden(await forged("deleteAccessKeyAction", { id: key.id }));
    expectForbidden(await forged("bulkAccessKeysAction", { ids: [key.id, other.id], action: "delete" }));
    expectForbidden(await forged("bulkAccessKeysAction", { ids: [key.id, other.id], action: "revoke" }));

    expect(await getKey(key.id)).toEqual(before);
    expect(await secretHashOf(key.id)).toBe(hashBefore);
    expect(await getKey(other.id)).toMatchObject({ status: "active" });
    expect((await keysOf(owner.id)).map((k) => k.name).sort()).toEqual([key.name, other.name].sort());
  });

  test("a plain user gets a 403 page for the Access Keys pages and cannot forge a key", async ({ page }) => {
    const user = await createTestUser("user");
    const key = await seedKey(user.id, { name: `Mine ${hex()}` });
    await signInAs(page, user);
    await expect(page.getByRole("link", { name: "Access Keys" })).toHaveCount(0);

    const list = await page.goto(KEYS_PATH);
    expect(list?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "You may not open this page", level: 1 })).toBeVisible();
    await expect(page.getByRole("table", { name: "Access keys" })).toHaveCount(0);
    const one = await page.goto(`${KEYS_PATH}/${key.id}`);
    expect(one?.status()).toBe(403);

    expectForbidden(
      await callServerAction(page, {
        path: KEYS_PATH,
        action: "createAccessKeyAction",
        args: [null, { ownerId: user.id, name: `Forged ${hex()}` }],
      }),
    );
    expectForbidden(
      await callServerAction(page, { path: KEYS_PATH, action: "deleteAccessKeyAction", args: [null, { id: key.id }] }),
    );
    expect(await keysOf(user.id)).toEqual([{ id: key.id, name: key.name, status: "active" }]);
  });
});

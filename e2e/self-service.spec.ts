import type { Browser, Locator, Page } from "@playwright/test";
import {
  cellIn,
  confirm,
  createKey,
  databaseContains,
  getKey,
  hex,
  keysOf,
  rowAction,
  rowMenuItems,
  secretHashOf,
} from "./support/access-keys";
import { ADMIN, ADMIN_STATE } from "./support/env";
import { createTestUser, expect, signInAs, type TestUser, test } from "./support/fixtures";
import { callServerAction, type ForgedResponse } from "./support/server-action";
import { auditEvents, lastAuditId, mainNav, setSettingsInDb, settingsInDb } from "./support/settings";

/*
 * My API Keys at each self-service level, and every test that changes a site setting. Settings are
 * global to the server, so all of them live in this one file and run one after another; the other
 * specs never depend on the level. The limit and lifetime are never changed here.
 */
test.describe.configure({ mode: "serial" });

test.afterAll(async () => {
  await setSettingsInDb({ selfServiceLevel: "view", tokenTtlSeconds: 3600 });
});

const MY_KEYS = "/me/api-keys";
const SETTINGS = "/admin/settings";
const SECRET = /^kws_[0-9A-Za-z]{38}$/;
const DAY = 86_400_000;

const myGrid = (page: Page) => page.getByRole("table", { name: "My API keys" });
const myRows = (page: Page) => myGrid(page).locator("tbody tr");
const myRow = (page: Page, text: string) => myRows(page).filter({ hasText: text });
const actionsButtons = (page: Page) => page.getByRole("button", { name: /^Actions for / });
const createButton = (page: Page) => page.getByRole("button", { name: "Create access key" });
const secretDialog = (page: Page, name: string) => page.getByRole("dialog", { name: `Secret for ${name}` });

/** The Status cell of a row of My API Keys (column found by its header). */
const statusOf = (page: Page, row: Locator) => cellIn(myGrid(page), row, "Status");

async function setLevel(level: "none" | "view" | "manage" | "full") {
  await setSettingsInDb({ selfServiceLevel: level });
  expect((await settingsInDb()).selfServiceLevel).toBe(level);
}

async function openMyKeys(page: Page) {
  const response = await page.goto(MY_KEYS);
  expect(response?.status()).toBe(200);
  await expect(myGrid(page)).toBeVisible();
}

// ——— forged calls ———

const forge = (page: Page, action: string, input: Record<string, unknown>) =>
  callServerAction(page, { path: MY_KEYS, action, args: [null, input] });

/** Refused by the action itself with this message, and nothing reported as done. */
function expectRefusal(response: ForgedResponse, message: string) {
  expect(response.status, response.body).toBe(200);
  expect(response.body).toContain(`"message":${JSON.stringify(message)}`);
  expect(response.body).not.toContain('"ok":true');
}

/** Everything about these users' keys a forged call could change. */
async function keyState(...users: TestUser[]) {
  const state: Record<string, unknown> = {};
  for (const user of users) {
    const keys = await keysOf(user.id);
    state[user.username] = await Promise.all(
      keys.map(async (k) => ({ ...(await getKey(k.id)), hash: await secretHashOf(k.id) })),
    );
  }
  return state;
}

/** Key events written since `afterId` by `user`. */
async function keyEventsBy(user: TestUser, afterId: number) {
  return (await auditEvents({ actor: user.username, afterId })).filter((e) => e.event.startsWith("key."));
}

/** Forges every self-service action on `key` and expects each to be refused with `message`. */
async function forgeEveryAction(page: Page, key: { id: number }, message: string) {
  expectRefusal(
    await forge(page, "createOwnKeyAction", { name: `Forged ${hex()}`, description: "", bearerEnabled: "on" }),
    message,
  );
  for (const action of ["deactivate", "revoke", "activate"]) {
    expectRefusal(await forge(page, "setOwnKeyStatusAction", { id: key.id, action }), message);
  }
  expectRefusal(await forge(page, "regenerateOwnKeyAction", { id: key.id }), message);
  expectRefusal(await forge(page, "deleteOwnKeyAction", { id: key.id }), message);
}

async function adminPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ storageState: ADMIN_STATE });
  return context.newPage();
}

// ——— the levels ———

test("the settings page starts at the defaults (this file changes them, so it looks first)", async ({ browser }) => {
  const admin = await adminPage(browser);
  await admin.goto(SETTINGS);
  await expect(admin.getByLabel("Maximum keys per user")).toHaveValue("2");
  await expect(admin.getByLabel("Key lifetime (days)")).toHaveValue("90");
  await expect(admin.getByLabel("Keys never expire")).not.toBeChecked();
  await expect(admin.getByLabel("Expiry reminders (days before)")).toHaveValue("30, 7, 1");
  await expect(admin.getByLabel("Self-service level")).toHaveValue("view");
  await expect(admin.getByLabel("API key only")).toBeChecked();
  await expect(admin.getByLabel("Bearer keys")).toBeChecked();
  await expect(admin.getByLabel("Access token lifetime (seconds)")).toHaveValue("3600");
  await admin.context().close();
});

test("level none: no My API Keys link, the pages answer 403 saying self-service is off, and every action is forbidden", async ({
  page,
}) => {
  await setLevel("none");
  const user = await createTestUser("user");
  const key = await createKey(user.id, `None ${hex()}`);

  await signInAs(page, user);
  await expect(page).toHaveURL(/\/me\/account$/);
  await expect(mainNav(page).getByRole("link", { name: "Account" })).toBeVisible();
  await expect(mainNav(page).getByRole("link", { name: "My API Keys" })).toHaveCount(0);

  expect((await page.goto(MY_KEYS))?.status()).toBe(403);
  await expect(myGrid(page)).toHaveCount(0);
  // Said in the app's layout, with a way on.
  await expect(page.getByRole("heading", { name: "My API Keys is turned off", level: 1 })).toBeVisible();
  await expect(page.getByText("An administrator has turned off self-service for API keys")).toBeVisible();
  await expect(page.getByTestId("current-username")).toHaveText(user.username);
  expect((await page.goto(`${MY_KEYS}/${key.id}`))?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "My API Keys is turned off", level: 1 })).toBeVisible();
  await expect(page.getByText(key.clientId)).toHaveCount(0);
  await page.getByRole("link", { name: "Go to your account" }).click();
  await expect(page).toHaveURL(/\/me\/account$/);

  const before = await keyState(user);
  const since = await lastAuditId();
  await forgeEveryAction(page, key, "forbidden");
  expect(await keyState(user)).toEqual(before);
  expect(await keyEventsBy(user, since)).toEqual([]);
});

test("level view: the user's own keys only, read only; forged actions are forbidden and change nothing", async ({
  page,
}) => {
  await setLevel("view");
  const user = await createTestUser("user");
  const other = await createTestUser("user");
  const first = await createKey(user.id, `View one ${hex()}`);
  const second = await createKey(user.id, `View two ${hex()}`);
  const theirs = await createKey(other.id, `Theirs ${hex()}`);

  await signInAs(page, user);
  await expect(page).toHaveURL(/\/me\/api-keys$/);
  await expect(mainNav(page).getByRole("link", { name: "My API Keys" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "My API Keys", level: 1 })).toBeVisible();
  await expect(myRows(page)).toHaveCount(2);
  await expect(myRow(page, first.clientId)).toContainText(first.name);
  await expect(myRow(page, second.clientId)).toContainText(second.name);
  await expect(myGrid(page)).not.toContainText(theirs.clientId);
  await expect(myGrid(page)).not.toContainText(other.username);

  // Read only: no create button, no row menu.
  await expect(createButton(page)).toHaveCount(0);
  await expect(actionsButtons(page)).toHaveCount(0);
  for (const verb of ["Deactivate", "Activate", "Regenerate", "Revoke", "Delete", "Edit"]) {
    await expect(page.getByRole("button", { name: verb, exact: true })).toHaveCount(0);
  }

  // Someone else's key cannot be reached through the URL either.
  await page.goto(`${MY_KEYS}?clientId=${theirs.clientId}&owner=${other.username}`);
  await expect(myGrid(page)).toContainText("No keys match these filters.");
  await expect(myGrid(page)).not.toContainText(theirs.clientId);
  expect((await page.goto(`${MY_KEYS}/${theirs.id}`))?.status()).toBe(404);

  // The user's own key page is there, with its details and no secret.
  await openMyKeys(page);
  await myRow(page, first.clientId).getByRole("link", { name: first.name }).click();
  await expect(page).toHaveURL(new RegExp(`${MY_KEYS}/${first.id}$`));
  await expect(page.getByRole("heading", { name: first.name, level: 1 })).toBeVisible();
  await expect(page.getByText(first.clientId)).toBeVisible();
  expect(await page.content()).not.toContain(first.secret);

  const before = await keyState(user, other);
  const since = await lastAuditId();
  await forgeEveryAction(page, first, "forbidden");
  await forgeEveryAction(page, theirs, "forbidden");
  expect(await keyState(user, other)).toEqual(before);
  expect(await keyEventsBy(user, since)).toEqual([]);
});

test("level manage: deactivate, activate, regenerate and revoke own keys; no create, delete or edit", async ({
  page,
}) => {
  await setLevel("manage");
  const user = await createTestUser("user");
  const key = await createKey(user.id, `Manage ${hex()}`);
  const since = await lastAuditId();

  await signInAs(page, user);
  await openMyKeys(page);
  await expect(createButton(page)).toHaveCount(0);
  expect(await rowMenuItems(page, key.name)).toEqual(["Deactivate", "Regenerate", "Revoke"]);

  const row = myRow(page, key.clientId);
  const status = await statusOf(page, row);
  await expect(status).toHaveText("Active");

  await rowAction(page, key.name, "Deactivate");
  await confirm(page, "Deactivate");
  await expect(status).toHaveText("Inactive");
  expect((await getKey(key.id))?.status).toBe("inactive");
  expect(await rowMenuItems(page, key.name)).toEqual(["Activate", "Regenerate", "Revoke"]);

  await rowAction(page, key.name, "Activate");
  await expect(status).toHaveText("Active");
  expect((await getKey(key.id))?.status).toBe("active");

  const hashBefore = await secretHashOf(key.id);
  await rowAction(page, key.name, "Regenerate");
  await confirm(page, "Regenerate");
  const dialog = secretDialog(page, key.name);
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel("Client ID")).toHaveValue(key.clientId);
  const secret = await dialog.getByLabel("Secret").inputValue();
  expect(secret).toMatch(SECRET);
  expect(secret).not.toBe(key.secret);
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();
  expect(await secretHashOf(key.id)).not.toBe(hashBefore);
  expect(databaseContains(secret)).toBe(false);

  await rowAction(page, key.name, "Revoke");
  await confirm(page, "Revoke");
  await expect(status).toHaveText("Revoked");
  expect((await getKey(key.id))?.status).toBe("revoked");
  expect(await rowMenuItems(page, key.name)).toEqual(["Regenerate"]);

  // Each change is the user's own, in the audit log.
  expect((await keyEventsBy(user, since)).map((e) => e.event)).toEqual([
    "key.deactivate",
    "key.activate",
    "key.regenerate",
    "key.revoke",
  ]);

  // Above the level: create and delete, forged, are forbidden.
  const before = await keyState(user);
  const beforeForging = await lastAuditId();
  expectRefusal(await forge(page, "createOwnKeyAction", { name: `Forged ${hex()}` }), "forbidden");
  expectRefusal(await forge(page, "deleteOwnKeyAction", { id: key.id }), "forbidden");
  expect(await keyState(user)).toEqual(before);
  expect(await keyEventsBy(user, beforeForging)).toEqual([]);
});

test("level full: create (secret shown once, copied as JSON) and delete own keys, within the limit, name and expiry rules", async ({
  page,
}) => {
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await setLevel("full");
  const user = await createTestUser("user");
  const existing = await createKey(user.id, `Full ${hex()}`);
  const name = `Self made ${hex()}`;

  await signInAs(page, user);
  await openMyKeys(page);
  expect(await rowMenuItems(page, existing.name)).toEqual(["Deactivate", "Regenerate", "Revoke", "Delete"]);

  await createButton(page).click();
  const dialog = page.getByRole("dialog", { name: "Create access key" });
  await expect(dialog).toBeVisible();
  // The key is the user's own: there is no owner to choose.
  await expect(dialog.getByRole("combobox", { name: "Owner" })).toHaveCount(0);

  // The admin dialog's rules, all reported on the first submit: the name and the expiry policy
  // (at most 90 days).
  await dialog.getByLabel("API key name").fill("bad/name");
  await dialog.getByLabel("Expiration date").fill(new Date(Date.now() + 200 * DAY).toISOString().slice(0, 10));
  await dialog.getByRole("button", { name: "Create", exact: true }).click();
  await expect(dialog.getByLabel("API key name")).toHaveAccessibleDescription(/may use only English letters/);
  await expect(dialog.getByLabel("Expiration date")).toHaveAccessibleDescription(/cannot be later than/);
  // With the name fixed, the expiry is still refused.
  await dialog.getByLabel("API key name").fill(name);
  await dialog.getByRole("button", { name: "Create", exact: true }).click();
  await expect(dialog.getByLabel("API key name")).not.toHaveAttribute("aria-invalid", "true");
  await expect(dialog.getByLabel("Expiration date")).toHaveAccessibleDescription(/cannot be later than/);
  expect(await keysOf(user.id)).toHaveLength(1);

  const soon = new Date(Date.now() + 30 * DAY).toISOString().slice(0, 10);
  await dialog.getByLabel("Expiration date").fill(soon);
  await dialog.getByLabel("Description").fill("Made by the owner");
  await dialog.getByRole("button", { name: "Create", exact: true }).click();
  await expect(dialog).toBeHidden();

  const issued = secretDialog(page, name);
  await expect(issued).toBeVisible();
  const clientId = await issued.getByLabel("Client ID").inputValue();
  const secret = await issued.getByLabel("Secret").inputValue();
  expect(secret).toMatch(SECRET);
  await issued.getByRole("button", { name: "Copy to clipboard" }).click();
  // The button keeps its name; the outcome is announced in a live region.
  await expect(issued.getByRole("status")).toHaveText("Copied");
  await expect(issued.getByRole("button", { name: "Copy to clipboard" })).toBeVisible();
  expect(JSON.parse(await page.evaluate(() => navigator.clipboard.readText()))).toEqual({
    client_id: clientId,
    secret,
  });
  await page.keyboard.press("Escape");
  await expect(issued).toBeVisible();
  await issued.getByRole("button", { name: "Done" }).click();
  await expect(issued).toBeHidden();
  expect(await page.content()).not.toContain(secret);
  expect(databaseContains(secret)).toBe(false);

  await expect(myRow(page, clientId)).toContainText(name);
  const created = (await keysOf(user.id)).find((k) => k.name === name);
  expect(await getKey(created?.id ?? 0)).toMatchObject({
    ownerId: user.id,
    createdByUsername: user.username,
    description: "Made by the owner",
    status: "active",
  });
  expect((await getKey(created?.id ?? 0))?.expiresAt?.toISOString().slice(0, 10)).toBe(soon);
  await page.reload();
  expect(await page.content()).not.toContain(secret);

  // The limit (2) holds for the owner too, with the admin's message.
  await createButton(page).click();
  await dialog.getByLabel("API key name").fill(`Third ${hex()}`);
  await dialog.getByRole("button", { name: "Create", exact: true }).click();
  await expect(dialog.getByTestId("form-error")).toContainText("limit");
  await expect(dialog.getByTestId("form-error")).toContainText(/\b2\b/);
  expect(await keysOf(user.id)).toHaveLength(2);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();

  await rowAction(page, existing.name, "Delete");
  await expect(page.getByRole("alertdialog", { name: `Delete ${existing.name}?` })).toContainText(existing.clientId);
  await confirm(page, "Delete");
  await expect(myRow(page, existing.clientId)).toHaveCount(0);
  expect(await getKey(existing.id)).toBeUndefined();
  expect((await keysOf(user.id)).map((k) => k.name)).toEqual([name]);

  const events = await auditEvents({ actor: user.username });
  expect(events.filter((e) => e.event.startsWith("key.")).map((e) => [e.event, e.targetLabel])).toEqual([
    ["key.create", name],
    ["key.delete", existing.name],
  ]);
});

test("level full: forged calls on another user's key are not found and change nothing; a smuggled owner is ignored", async ({
  page,
}) => {
  await setLevel("full");
  const user = await createTestUser("user");
  const other = await createTestUser("user");
  await createKey(user.id, `Mine ${hex()}`);
  const theirs = await createKey(other.id, `Theirs ${hex()}`);

  await signInAs(page, user);
  await openMyKeys(page);
  const before = await keyState(user, other);
  const since = await lastAuditId();
  for (const action of ["deactivate", "revoke"]) {
    expectRefusal(
      await forge(page, "setOwnKeyStatusAction", { id: theirs.id, action }),
      "The access key was not found.",
    );
  }
  expectRefusal(await forge(page, "regenerateOwnKeyAction", { id: theirs.id }), "The access key was not found.");
  expectRefusal(await forge(page, "deleteOwnKeyAction", { id: theirs.id }), "The access key was not found.");
  expect(await keyState(user, other)).toEqual(before);
  expect(await keyEventsBy(user, since)).toEqual([]);
  await expect(myGrid(page)).not.toContainText(theirs.clientId);

  // An ownerId slipped into a create call is dropped: the key is the caller's.
  const name = `Smuggled ${hex()}`;
  const response = await forge(page, "createOwnKeyAction", { name, ownerId: other.id });
  expect(response.body).toContain('"ok":true');
  expect((await keysOf(other.id)).map((k) => k.name)).toEqual([theirs.name]);
  expect((await keysOf(user.id)).map((k) => k.name)).toContain(name);
});

test("level full: an auditor's own keys are shown read only, with no control that would be refused", async ({
  page,
}) => {
  await setLevel("full");
  const auditor = await createTestUser("auditor");
  const key = await createKey(auditor.id, `Auditor's ${hex()}`);
  await signInAs(page, auditor);
  await openMyKeys(page);
  await expect(myGrid(page)).toContainText(key.clientId);
  await expect(createButton(page)).toHaveCount(0);
  await expect(actionsButtons(page)).toHaveCount(0);
  await page.goto(`${MY_KEYS}/${key.id}`);
  await expect(page.getByRole("heading", { level: 1, name: key.name })).toBeVisible();
  await expect(actionsButtons(page)).toHaveCount(0);
});

// ——— changing the settings through the Settings page ———

test("an admin changes the level on the Settings page; the user's page follows on the next load", async ({
  page,
  browser,
}) => {
  await setLevel("view");
  const user = await createTestUser("user");
  const key = await createKey(user.id, `Levels ${hex()}`);
  await signInAs(page, user);
  await openMyKeys(page);
  await expect(createButton(page)).toHaveCount(0);
  await expect(actionsButtons(page)).toHaveCount(0);

  const admin = await adminPage(browser);
  const level = admin.getByLabel("Self-service level");

  async function saveLevel(value: string, from: string) {
    await admin.goto(SETTINGS); // a fresh page each time: no toast left from the previous save
    await expect(level).toHaveValue(from);
    const since = await lastAuditId();
    await level.selectOption(value);
    await admin.getByRole("button", { name: "Save settings" }).click();
    await expect(admin.getByText("Saved: Self-service level.")).toBeVisible();
    await expect(level).toHaveValue(value);
    expect((await settingsInDb()).selfServiceLevel).toBe(value);
    const events = await auditEvents({ event: "setting.update", afterId: since });
    expect(events.map((e) => [e.actorUsername, e.targetLabel, e.details])).toEqual([
      [ADMIN.username, "selfServiceLevel", { name: "selfServiceLevel", from, to: value }],
    ]);
  }

  await saveLevel("full", "view");
  await page.reload();
  await expect(createButton(page)).toBeVisible();
  expect(await rowMenuItems(page, key.name)).toEqual(["Deactivate", "Regenerate", "Revoke", "Delete"]);

  await saveLevel("manage", "full");
  await page.reload();
  await expect(myGrid(page)).toBeVisible();
  await expect(createButton(page)).toHaveCount(0);
  expect(await rowMenuItems(page, key.name)).toEqual(["Deactivate", "Regenerate", "Revoke"]);

  await saveLevel("none", "manage");
  expect((await page.reload())?.status()).toBe(403);
  await expect(mainNav(page).getByRole("link", { name: "My API Keys" })).toHaveCount(0);
  await expect(myGrid(page)).toHaveCount(0);

  await saveLevel("view", "none");
  expect((await page.goto(MY_KEYS))?.status()).toBe(200);
  await expect(mainNav(page).getByRole("link", { name: "My API Keys" })).toBeVisible();
  await expect(myRow(page, key.clientId)).toBeVisible();
  await expect(actionsButtons(page)).toHaveCount(0);
  await admin.context().close();
});

test("a valid change is saved with a toast and audited with its old and new value, shown on the Audit page", async ({
  browser,
}) => {
  const admin = await adminPage(browser);
  const ttl = admin.getByLabel("Access token lifetime (seconds)");
  const since = await lastAuditId();

  await admin.goto(SETTINGS);
  await expect(ttl).toHaveValue("3600");
  await ttl.fill("1800");
  await admin.getByRole("button", { name: "Save settings" }).click();
  await expect(admin.getByText("Saved: Access token lifetime (seconds).")).toBeVisible();
  expect((await settingsInDb()).tokenTtlSeconds).toBe(1800);
  await admin.reload();
  await expect(ttl).toHaveValue("1800");

  // Saving again without a change writes nothing.
  await admin.getByRole("button", { name: "Save settings" }).click();
  await expect(admin.getByText("Nothing changed.")).toBeVisible();

  await ttl.fill("3600");
  await admin.getByRole("button", { name: "Save settings" }).click();
  await expect(admin.getByText("Saved: Access token lifetime (seconds).")).toBeVisible();
  expect((await settingsInDb()).tokenTtlSeconds).toBe(3600);

  const events = await auditEvents({ event: "setting.update", afterId: since });
  expect(events.map((e) => [e.actorUsername, e.targetLabel, e.details])).toEqual([
    [ADMIN.username, "tokenTtlSeconds", { name: "tokenTtlSeconds", from: 3600, to: 1800 }],
    [ADMIN.username, "tokenTtlSeconds", { name: "tokenTtlSeconds", from: 1800, to: 3600 }],
  ]);

  // On the Audit page, filtered by event: the newest first, each with its old and new value.
  await admin.goto("/admin/audit");
  await admin
    .getByRole("search", { name: "Filters" })
    .getByLabel("Event", { exact: true })
    .selectOption("setting.update");
  await expect(admin).toHaveURL(/[?&]event=setting\.update/);
  const rows = admin.getByRole("table", { name: "Audit events" }).locator("tbody tr");
  // In words: the setting by its label, its old and new value labelled (not raw JSON).
  await expect(rows.first()).toContainText("Setting Access token lifetime (seconds)");
  await expect(rows.first()).toContainText("From: 1800 To: 3600");
  await expect(rows.nth(1)).toContainText("From: 3600 To: 1800");
  for (const text of await rows.allInnerTexts()) expect(text).toContain("Setting changed");
  await admin.context().close();
});

test("a save changes only what this admin edited: a level changed meanwhile by another admin stays", async ({
  browser,
}) => {
  await setLevel("view");
  const admin = await adminPage(browser);
  await admin.goto(SETTINGS);
  await expect(admin.getByLabel("Self-service level")).toHaveValue("view");

  // Another administrator sets the level while this page is open…
  await setLevel("manage");
  // …and this one changes the token lifetime only.
  const since = await lastAuditId();
  await admin.getByLabel("Access token lifetime (seconds)").fill("1200");
  await admin.getByRole("button", { name: "Save settings" }).click();
  await expect(admin.getByText("Saved: Access token lifetime (seconds).")).toBeVisible();
  expect(await settingsInDb()).toMatchObject({ selfServiceLevel: "manage", tokenTtlSeconds: 1200 });
  expect((await auditEvents({ event: "setting.update", afterId: since })).map((e) => e.targetLabel)).toEqual([
    "tokenTtlSeconds",
  ]);
  // The form now shows the level as it is.
  await expect(admin.getByLabel("Self-service level")).toHaveValue("manage");

  await admin.getByLabel("Self-service level").selectOption("view");
  await admin.getByLabel("Access token lifetime (seconds)").fill("3600");
  await admin.getByRole("button", { name: "Save settings" }).click();
  await expect(admin.getByText("Saved: Self-service level, Access token lifetime (seconds).")).toBeVisible();
  expect(await settingsInDb()).toMatchObject({ selfServiceLevel: "view", tokenTtlSeconds: 3600 });
  await admin.context().close();
});

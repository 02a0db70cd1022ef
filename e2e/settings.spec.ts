import type { Page } from "@playwright/test";
import { ADMIN_STATE } from "./support/env";
import { createTestUser, expect, formError, signInAs, test } from "./support/fixtures";
import { callServerAction, type ForgedResponse } from "./support/server-action";
import { auditEvents, lastAuditId, mainNav, settingsInDb } from "./support/settings";

/*
 * The Settings page. Nothing here changes a setting (self-service.spec.ts owns every change, and runs
 * alongside): bad values change nothing, and only settings no spec changes are read as defaults.
 */

const SETTINGS = "/admin/settings";

/** A valid form as posted, with the values no spec ever changes. */
const VALID_FORM = {
  maxKeysPerUser: "2",
  keyLifetimeDays: "90",
  expiryReminderDays: "30, 7, 1",
  selfServiceLevel: "view",
  apiKeyOnly: "on",
  bearerKeys: "on",
  tokenTtlSeconds: "3600",
};

const saveButton = (page: Page) => page.getByRole("button", { name: "Save settings" });
const forgeSave = (page: Page, input: Record<string, unknown>) =>
  callServerAction(page, { path: SETTINGS, action: "saveSettingsAction", args: [null, input] });

function expectForbidden(response: ForgedResponse) {
  expect(response.status, response.body).toBe(200);
  expect(response.body).toContain('"message":"forbidden"');
  expect(response.body).not.toContain('"ok":true');
}

const STABLE = ["maxKeysPerUser", "keyLifetimeDays", "expiryReminderDays", "apiKeyOnly", "bearerKeys"] as const;

/** Settings events since `afterId` that no spec may cause: any change of a stable setting, or to a bad value. */
async function unwantedSettingEvents(afterId: number, badValues: unknown[] = []) {
  const events = await auditEvents({ event: "setting.update", afterId });
  return events.filter((e) => {
    const details = e.details as { name: string; to: unknown };
    return (STABLE as readonly string[]).includes(details.name) || badValues.includes(details.to);
  });
}

test.describe("as the administrator", () => {
  test.use({ storageState: ADMIN_STATE });

  test("every setting is shown with its default, range and help text, and the note on existing keys", async ({
    page,
  }) => {
    await page.goto(SETTINGS);
    await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
    await expect(mainNav(page).getByRole("link", { name: "Settings" })).toHaveAttribute("aria-current", "page");
    await expect(page.getByRole("note")).toContainText(
      "Changing the limit or the key lifetime never changes existing keys",
    );

    const max = page.getByLabel("Maximum keys per user");
    await expect(max).toHaveValue("2");
    await expect(max).toHaveAttribute("min", "1");
    await expect(max).toHaveAttribute("max", "100");
    await expect(max).toHaveAccessibleDescription(/1–100 \(default 2\)/);

    const lifetime = page.getByLabel("Key lifetime (days)");
    await expect(lifetime).toHaveValue("90");
    await expect(lifetime).toBeEnabled();
    await expect(lifetime).toHaveAccessibleDescription(/1–3650 \(default 90\).*never a later one/);
    await expect(page.getByLabel("Keys never expire")).not.toBeChecked();

    const reminders = page.getByLabel("Expiry reminders (days before)");
    await expect(reminders).toHaveValue("30, 7, 1");
    await expect(reminders).toHaveAccessibleDescription(/default 30, 7, 1.*days before a key expires/);

    const level = page.getByLabel("Self-service level");
    await expect(level.locator("option")).toHaveText([
      "None — no My API Keys page",
      "View — users see their own keys",
      "Manage — also activate, deactivate, regenerate, revoke",
      "Full — also create and delete their own keys",
    ]);
    await expect(page.getByText(/What users may do with their own keys on My API Keys \(default View\)/)).toBeVisible();

    await expect(page.getByLabel("API key only")).toBeChecked();
    await expect(page.getByText(/The REST API refuses username \+ password.*\(default on\)/)).toBeVisible();
    await expect(page.getByLabel("Bearer keys")).toBeChecked();
    await expect(page.getByText(/Authorization: Bearer …”? \(default on\)/)).toBeVisible();

    const ttl = page.getByLabel("Access token lifetime (seconds)");
    await expect(ttl).toHaveAttribute("min", "60");
    await expect(ttl).toHaveAttribute("max", "86400");
    await expect(ttl).toHaveAccessibleDescription(/60–86400 \(default 3600\)/);
    await expect(saveButton(page)).toBeEnabled();

    // "Keys never expire" takes the place of the number of days.
    await page.getByLabel("Keys never expire").check();
    await expect(lifetime).toBeDisabled();
    await page.getByLabel("Keys never expire").uncheck();
    await expect(lifetime).toBeEnabled();
  });

  test("each bad value is refused next to its field, and nothing is saved", async ({ page }) => {
    const since = await lastAuditId();
    const before = await settingsInDb();
    await page.goto(SETTINGS);

    const cases: [label: string, value: string, message: RegExp][] = [
      ["Maximum keys per user", "0", /At least 1\./],
      ["Maximum keys per user", "101", /At most 100\./],
      ["Maximum keys per user", "1.5", /Enter a whole number\./],
      ["Maximum keys per user", "", /At least 1\./],
      ["Key lifetime (days)", "0", /Enter whole days from 1 to 3650/],
      ["Key lifetime (days)", "3651", /Enter whole days from 1 to 3650/],
      ["Key lifetime (days)", "", /Enter whole days from 1 to 3650/],
      ["Expiry reminders (days before)", "30, x", /Reminder days are whole numbers/],
      ["Expiry reminders (days before)", "0", /Each reminder is 1 day or more\./],
      ["Expiry reminders (days before)", "400", /At most 365 days before expiry\./],
      ["Expiry reminders (days before)", "1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11", /At most 10 reminders\./],
      ["Access token lifetime (seconds)", "59", /At least 60 seconds\./],
      ["Access token lifetime (seconds)", "86401", /At most 86400 seconds/],
    ];
    for (const [label, value, message] of cases) {
      const field = page.getByLabel(label);
      const original = await field.inputValue();
      await field.fill(value);
      await saveButton(page).click();
      await expect(formError(page), `${label} = ${value}`).toHaveText("Please correct the highlighted fields.");
      await expect(field, `${label} = ${value}`).toHaveAttribute("aria-invalid", "true");
      await expect(field, `${label} = ${value}`).toHaveAccessibleDescription(message);
      // What was typed stays, to be corrected; only this field is marked.
      await expect(field).toHaveValue(value);
      await expect(page.locator("[aria-invalid=true]")).toHaveCount(1);
      await field.fill(original);
    }

    // Values the form's controls cannot even produce, posted directly.
    for (const [name, value, message] of [
      ["maxKeysPerUser", "abc", "Enter a whole number."],
      ["keyLifetimeDays", "forever", "Enter whole days from 1 to 3650"],
      ["selfServiceLevel", "admin", "Choose a self-service level"],
      ["tokenTtlSeconds", "an hour", "Enter whole seconds from 60 to 86400."],
    ] as const) {
      const response = await forgeSave(page, { ...VALID_FORM, [name]: value });
      expect(response.status).toBe(200);
      expect(response.body).toContain('"ok":false');
      expect(response.body).toContain(`"fieldErrors":{"${name}":["${message}`);
    }

    await page.reload();
    await expect(page.getByLabel("Maximum keys per user")).toHaveValue("2");
    await expect(page.getByLabel("Key lifetime (days)")).toHaveValue("90");
    await expect(page.getByLabel("Expiry reminders (days before)")).toHaveValue("30, 7, 1");
    const after = await settingsInDb();
    for (const name of STABLE) expect(after[name]).toEqual(before[name]);
    expect(after.selfServiceLevel).not.toBe("admin");
    expect([59, 86401]).not.toContain(after.tokenTtlSeconds);
    expect(await unwantedSettingEvents(since, [59, 86401, "admin", 0, 101, 3651])).toEqual([]);
  });
});

test("an auditor sees the settings read-only, and a forged save is forbidden", async ({ page }) => {
  const auditor = await createTestUser("auditor");
  await signInAs(page, auditor);
  await mainNav(page).getByRole("link", { name: "Settings" }).click();
  await expect(page).toHaveURL(/\/admin\/settings$/);
  await expect(page.getByLabel("Maximum keys per user")).toHaveValue("2");

  for (const label of [
    "Maximum keys per user",
    "Key lifetime (days)",
    "Keys never expire",
    "Expiry reminders (days before)",
    "Self-service level",
    "API key only",
    "Bearer keys",
    "Access token lifetime (seconds)",
  ]) {
    await expect(page.getByLabel(label), label).toBeDisabled();
  }
  await expect(saveButton(page)).toHaveCount(0);

  const since = await lastAuditId();
  expectForbidden(await forgeSave(page, { ...VALID_FORM, maxKeysPerUser: "50", selfServiceLevel: "full" }));
  expect((await settingsInDb()).maxKeysPerUser).toBe(2);
  expect(await auditEvents({ actor: auditor.username, event: "setting.update", afterId: since })).toEqual([]);
  expect(await unwantedSettingEvents(since, [50])).toEqual([]);
});

test("a plain user has no Settings page (403, no link) and a forged save is forbidden", async ({ page }) => {
  const user = await createTestUser("user");
  await signInAs(page, user);
  await expect(mainNav(page).getByRole("link", { name: "Settings" })).toHaveCount(0);
  expect((await page.goto(SETTINGS))?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You may not open this page", level: 1 })).toBeVisible();
  await expect(page.getByLabel("Maximum keys per user")).toHaveCount(0);

  const since = await lastAuditId();
  expectForbidden(await forgeSave(page, { ...VALID_FORM, maxKeysPerUser: "50" }));
  expect((await settingsInDb()).maxKeysPerUser).toBe(2);
  expect(await auditEvents({ actor: user.username, afterId: since })).toEqual([]);
});

import type { Locator } from "@playwright/test";
import {
  createKey,
  dateInput,
  daysFromNow,
  getKey,
  hex,
  KEYS_PATH,
  openKeysOf,
  rowAction,
} from "./support/access-keys";
import { ADMIN_STATE } from "./support/env";
import { createTestUser, expect, formError, signInAs, test } from "./support/fixtures";
import { settingsInDb } from "./support/settings";

/*
 * Issue 18 items 5 and 12: every invalid field is reported on the first submit (the expiry policy
 * with the other fields, not after them), each message once and said once (not repeated above the
 * form), one wording for a past expiry; a new password equal to the current one is refused; the
 * auditor's Settings page says it is read-only. Settings are never changed here (a refused save
 * changes nothing), and the default key lifetime (90 days) is assumed.
 */

const CORRECT = "Please correct the highlighted fields.";
const PAST = "The expiration date must be today or later.";

/** The messages listed under a field (its error list, found through aria-describedby). */
async function messagesOf(field: Locator): Promise<string[]> {
  await expect(field).toHaveAttribute("aria-invalid", "true");
  const ids = ((await field.getAttribute("aria-describedby")) ?? "").split(/\s+/).filter((id) => id.endsWith("-error"));
  expect(ids, "the field has an error list").toHaveLength(1);
  return field.page().locator(`[id="${ids[0]}"] li`).allInnerTexts();
}

/** Every error list of the form says each message once. */
async function expectNoRepeats(scope: Locator) {
  for (const list of await scope.locator(".field-error").all()) {
    const items = await list.locator("li").allInnerTexts();
    expect(new Set(items).size, items.join(" | ")).toBe(items.length);
  }
}

test.describe("as the administrator", () => {
  test.use({ storageState: ADMIN_STATE });

  test("Create access key: owner, name and an expiry beyond the policy are all reported on the first submit", async ({
    page,
  }) => {
    await page.goto(KEYS_PATH);
    await page.getByRole("button", { name: "Create access key" }).click();
    const dialog = page.getByRole("dialog", { name: "Create access key" });
    await dialog.getByLabel("API key name").fill("bad/name");
    await dialog.getByLabel("Expiration date").fill(dateInput(daysFromNow(400)));
    await dialog.getByRole("button", { name: "Create", exact: true }).click();

    await expect(dialog.getByLabel("Expiration date")).toHaveAttribute("aria-invalid", "true");
    expect(await messagesOf(dialog.getByLabel("Expiration date"))).toEqual([
      expect.stringMatching(
        /^The expiration date cannot be later than \d{4}-\d{2}-\d{2} \(keys live at most 90 days\)\.$/,
      ),
    ]);
    expect(await messagesOf(dialog.getByLabel("API key name"))).toEqual([
      "API key name may use only English letters, digits, spaces, '.', '_' and '-'.",
    ]);
    await expect(dialog.getByRole("combobox", { name: "Owner" })).toHaveAttribute("aria-invalid", "true");
    await expect(dialog.getByTestId("form-error")).toHaveText(CORRECT);
    await expectNoRepeats(dialog);

    // A past date: the same wording as everywhere.
    await dialog.getByLabel("Expiration date").fill(dateInput(daysFromNow(-3)));
    await dialog.getByRole("button", { name: "Create", exact: true }).click();
    await expect(dialog.getByLabel("Expiration date")).toHaveAccessibleDescription(
      new RegExp(PAST.replace(".", "\\.")),
    );
    expect(await messagesOf(dialog.getByLabel("Expiration date"))).toEqual([PAST]);
  });

  test("Edit: an empty name and a past expiry are reported together, each once; the key is unchanged", async ({
    page,
  }) => {
    const owner = await createTestUser("user");
    const key = await createKey(owner.id, `Edited ${hex()}`);
    await openKeysOf(page, owner.username);
    await rowAction(page, key.name, "Edit");
    const dialog = page.getByRole("dialog", { name: `Edit access key ${key.name}` });
    await dialog.getByLabel("API key name").fill("");
    await dialog.getByLabel("Expiration date").fill(dateInput(daysFromNow(-1)));
    await dialog.getByRole("button", { name: "Save", exact: true }).click();

    expect(await messagesOf(dialog.getByLabel("API key name"))).toEqual(["API key name is required."]);
    expect(await messagesOf(dialog.getByLabel("Expiration date"))).toEqual([PAST]);
    await expect(dialog.getByTestId("form-error")).toHaveText(CORRECT);

    // Beyond the policy, with the name fixed: said at the field only, not again above the form.
    await dialog.getByLabel("API key name").fill(key.name);
    await dialog.getByLabel("Expiration date").fill(dateInput(daysFromNow(200)));
    await dialog.getByRole("button", { name: "Save", exact: true }).click();
    await expect(dialog.getByLabel("Expiration date")).toHaveAccessibleDescription(/cannot be later than/);
    await expect(dialog.getByTestId("form-error")).toHaveText(CORRECT);
    await expectNoRepeats(dialog);
    expect((await getKey(key.id))?.name).toBe(key.name);
  });

  test("Add user: every bad field is reported on the first submit, each message once", async ({ page }) => {
    await page.goto("/admin/users");
    await page.getByRole("button", { name: "Add user" }).click();
    const dialog = page.getByRole("dialog", { name: "Add user" });
    await dialog.getByLabel("Username").fill("a!");
    await dialog.getByLabel("Email").fill("not-an-email");
    await dialog.getByLabel("Password").fill("short");
    await dialog.getByRole("button", { name: "Save" }).click();

    await expect(dialog.getByTestId("form-error")).toHaveText(CORRECT);
    for (const label of ["Username", "Full name", "Email", "Password"]) {
      await expect(dialog.getByLabel(label, { exact: true }), label).toHaveAttribute("aria-invalid", "true");
    }
    expect(await messagesOf(dialog.getByLabel("Password"))).toEqual(["Password must be at least 12 characters."]);
    await expectNoRepeats(dialog);
  });

  test("Edit user: a taken username and email are both reported, each once", async ({ page }) => {
    const taken = await createTestUser("user");
    const edited = await createTestUser("user");
    await page.goto(`/admin/users?q=${edited.username}`);
    await page
      .getByRole("table", { name: "Users" })
      .locator("tbody tr")
      .filter({ hasText: edited.email })
      .getByRole("button", { name: "Edit", exact: true })
      .click();
    const dialog = page.getByRole("dialog", { name: `Edit user ${edited.username}` });
    await dialog.getByLabel("Username").fill(taken.username);
    await dialog.getByLabel("Email").fill(taken.email);
    await dialog.getByRole("button", { name: "Save" }).click();
    expect(await messagesOf(dialog.getByLabel("Username"))).toEqual(["This username is already taken."]);
    expect(await messagesOf(dialog.getByLabel("Email"))).toEqual(["This email is already used by another user."]);
    await expectNoRepeats(dialog);
  });

  test("Settings: two bad reminder days and a bad token lifetime, reported together, each message once", async ({
    page,
  }) => {
    const before = await settingsInDb();
    await page.goto("/admin/settings");
    await page.getByLabel("Expiry reminders (days before)").fill("x, y, 7");
    await page.getByLabel("Access token lifetime (seconds)").fill("10");
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect(formError(page)).toHaveText(CORRECT);
    expect(await messagesOf(page.getByLabel("Expiry reminders (days before)"))).toEqual([
      "Reminder days are whole numbers, e.g. “30, 7, 1”.",
    ]);
    expect(await messagesOf(page.getByLabel("Access token lifetime (seconds)"))).toEqual(["At least 60 seconds."]);
    expect(await settingsInDb()).toEqual(before);
  });
});

test("Change password: a new password equal to the current one is refused at New password", async ({ page }) => {
  const user = await createTestUser("user");
  await signInAs(page, user);
  await page.goto("/me/account");
  await page.getByLabel("Current password").fill(user.password);
  await page.getByLabel("New password").fill(user.password);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByLabel("New password")).toHaveAttribute("aria-invalid", "true");
  expect(await messagesOf(page.getByLabel("New password"))).toEqual([
    "The new password must be different from the current password.",
  ]);
  await expect(formError(page)).toHaveText(CORRECT);
  await expect(page.getByText("Your password has been changed.")).toHaveCount(0);
});

test("the auditor's Settings page says it is read-only, and every field is disabled", async ({ page }) => {
  const auditor = await createTestUser("auditor");
  await signInAs(page, auditor);
  await page.goto("/admin/settings");
  await expect(page.getByRole("note").filter({ hasText: "Read only" })).toHaveText(
    "Read only: you can see these settings, but only an administrator can change them.",
  );
  const fields = page.locator("form input:not([type=hidden]), form select, form textarea");
  expect(await fields.count()).toBeGreaterThan(5);
  for (const field of await fields.all()) await expect(field).toBeDisabled();
  await expect(page.getByRole("button", { name: "Save settings" })).toHaveCount(0);
});

test("an administrator's Settings page has no read-only note", async ({ page }) => {
  const admin = await createTestUser("admin");
  await signInAs(page, admin);
  await page.goto("/admin/settings");
  await expect(page.getByLabel("Maximum keys per user")).toBeEnabled();
  await expect(page.getByRole("note").filter({ hasText: "Read only" })).toHaveCount(0);
});

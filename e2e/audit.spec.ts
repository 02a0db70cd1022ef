import type { Page } from "@playwright/test";
import { createKey, hex } from "./support/access-keys";
import { ADMIN_STATE } from "./support/env";
import { createTestUser, expect, signInAs, test } from "./support/fixtures";
import { auditEvents, mainNav } from "./support/settings";

/*
 * The Audit page: the shared data table over audit events, filtered by actor, event, client ID and
 * dates, newest first, its filters in the URL. Events are made with actors and keys of their own, so
 * specs running alongside cannot change what the filters find.
 */

const AUDIT = "/admin/audit";
const table = (page: Page) => page.getByRole("table", { name: "Audit events" });
const rows = (page: Page) => table(page).locator("tbody tr");
const filters = (page: Page) => page.getByRole("search", { name: "Filters" });
/** The Event column of the rows shown, top to bottom (in words: "Key created", not key.create). */
const eventColumn = (page: Page) => table(page).locator("tbody tr td:nth-child(2)");

/** A key with events by two actors of its own, and one old event on a known day. */
async function seedEvents() {
  const { createKey, setKeyStatus } = await import("../lib/services/access-keys");
  const { rootActor } = await import("../test/support/actors");
  const { insertAuditEvent } = await import("../db/queries/audit");
  const { writeTransaction } = await import("../db/client");
  const owner = await createTestUser("user");
  const t = hex();
  const actorA = `auditor-a-${t}`;
  const actorB = `auditor-b-${t}`;
  const ctx = (actorUsername: string) => ({ actorId: null, actorUsername, ip: "192.0.2.7", userAgent: "playwright" });
  const input = { ownerId: owner.id, description: "", expiresAt: undefined, bearerEnabled: false };

  const keyA = (await createKey(rootActor, { ...input, name: `Audited A ${t}` }, ctx(actorA))).key; // key.create by A
  await setKeyStatus(rootActor, keyA.id, "deactivate", ctx(actorA)); // key.deactivate by A
  const keyB = (await createKey(rootActor, { ...input, name: `Audited B ${t}` }, ctx(actorB))).key; // key.create by B
  await setKeyStatus(rootActor, keyA.id, "activate", ctx(actorB)); // key.activate by B
  // An old event of key A by A, on 2020-01-15.
  writeTransaction((tx) =>
    insertAuditEvent(
      tx,
      ctx(actorA),
      {
        event: "key.revoke",
        targetType: "access_key",
        targetId: keyA.id,
        targetLabel: keyA.name,
        clientId: keyA.clientId,
      },
      new Date("2020-01-15T10:00:00.000Z"),
    ),
  );
  const [created] = await auditEvents({ clientId: keyA.clientId, event: "key.create" });
  const today = (created?.at ?? new Date()).toISOString().slice(0, 10);
  return { actorA, actorB, keyA, keyB, today };
}

test.describe("as the administrator", () => {
  test.use({ storageState: ADMIN_STATE });

  test("each filter narrows the grid, newest first, and the URL holds the filters", async ({ page }) => {
    const { actorA, actorB, keyA, keyB, today } = await seedEvents();
    await page.goto(AUDIT);
    await expect(page.getByRole("heading", { name: "Audit", level: 1 })).toBeVisible();
    await expect(rows(page).first()).toBeVisible();

    // Actor: the exact username.
    await filters(page).getByLabel("Actor", { exact: true }).fill(actorA);
    await expect(page).toHaveURL(new RegExp(`[?&]actor=${actorA}(&|$)`));
    await expect(eventColumn(page)).toHaveText(["Key deactivated", "Key created", "Key revoked"]);
    for (const text of await rows(page).allInnerTexts()) expect(text).toContain(actorA);

    // Event, on top of the actor.
    await filters(page).getByLabel("Event", { exact: true }).selectOption("key.create");
    await expect(page).toHaveURL(/[?&]event=key\.create(&|$)/);
    await expect(rows(page)).toHaveCount(1);
    await expect(rows(page).first()).toContainText(keyA.clientId);

    // The filters live in the URL: a reload (or a shared link) shows the same.
    await page.reload();
    await expect(filters(page).getByLabel("Actor", { exact: true })).toHaveValue(actorA);
    await expect(filters(page).getByLabel("Event", { exact: true })).toHaveValue("key.create");
    await expect(rows(page)).toHaveCount(1);
    await page.goto(`${AUDIT}?actor=${actorB}&event=key.create`);
    await expect(filters(page).getByLabel("Actor", { exact: true })).toHaveValue(actorB);
    await expect(rows(page)).toHaveCount(1);
    await expect(rows(page).first()).toContainText(keyB.clientId);

    // Not a prefix or substring match.
    await page.goto(`${AUDIT}?actor=${actorA.slice(0, -1)}`);
    await expect(table(page)).toContainText("No audit events match these filters.");

    // Client ID: the key's whole story, newest first.
    await page.goto(AUDIT);
    await filters(page).getByLabel("Client ID", { exact: true }).fill(keyA.clientId);
    await expect(page).toHaveURL(new RegExp(`[?&]clientId=${keyA.clientId}(&|$)`));
    await expect(eventColumn(page)).toHaveText(["Key activated", "Key deactivated", "Key created", "Key revoked"]);
    await expect(rows(page).first()).toContainText(actorB);
    await filters(page).getByLabel("Client ID", { exact: true }).fill(keyA.clientId.slice(0, -2));
    await expect(table(page)).toContainText("No audit events match these filters.");
    await filters(page).getByLabel("Client ID", { exact: true }).fill(keyA.clientId);
    await expect(rows(page)).toHaveCount(4);

    // Dates (UTC days, inclusive), with the client ID still set.
    await filters(page).getByLabel("From", { exact: true }).fill("2020-01-01");
    await filters(page).getByLabel("To", { exact: true }).fill("2020-01-31");
    await expect(page).toHaveURL(/[?&]from=2020-01-01(&|$)/);
    await expect(page).toHaveURL(/[?&]to=2020-01-31(&|$)/);
    await expect(eventColumn(page)).toHaveText(["Key revoked"]);
    await filters(page).getByLabel("From", { exact: true }).fill(today);
    await filters(page).getByLabel("To", { exact: true }).fill(today);
    await expect(page).toHaveURL(new RegExp(`[?&]from=${today}&`));
    await expect(eventColumn(page)).toHaveText(["Key activated", "Key deactivated", "Key created"]);

    // A From date in the future: nothing yet.
    await page.goto(`${AUDIT}?clientId=${keyA.clientId}`);
    await filters(page).getByLabel("From", { exact: true }).fill("2999-01-01");
    await expect(page).toHaveURL(/[?&]from=2999-01-01/);
    await expect(table(page)).toContainText("No audit events match these filters.");
    await expect(rows(page)).toHaveCount(1);

    await page.getByRole("button", { name: "Clear filters" }).click();
    await expect(page).toHaveURL(new RegExp(`${AUDIT}$`));
    await expect(filters(page).getByLabel("Client ID", { exact: true })).toHaveValue("");
    await expect(table(page)).not.toContainText("No audit events match these filters.");
  });

  test("the key page's “All audit events for this key” opens the audit page filtered by its client ID", async ({
    page,
  }) => {
    const owner = await createTestUser("user");
    const key = await createKey(owner.id, `Linked ${hex()}`);
    await page.goto(`/admin/access-keys/${key.id}`);
    await page.getByRole("link", { name: "All audit events for this key" }).click();
    await expect(page).toHaveURL(new RegExp(`${AUDIT}\\?clientId=${key.clientId}$`));
    await expect(filters(page).getByLabel("Client ID", { exact: true })).toHaveValue(key.clientId);
    await expect(eventColumn(page)).toHaveText(["Key created"]);
    await expect(rows(page).first()).toContainText(key.clientId);
  });
});

test("an auditor reads the Audit page; a plain user gets 403 and no link", async ({ page, browser }) => {
  const auditor = await createTestUser("auditor");
  await signInAs(page, auditor);
  await mainNav(page).getByRole("link", { name: "Audit" }).click();
  await expect(page).toHaveURL(/\/admin\/audit$/);
  await filters(page).getByLabel("Actor", { exact: true }).fill(auditor.username);
  await expect(eventColumn(page).first()).toHaveText("Signed in");

  const context = await browser.newContext();
  const userPage = await context.newPage();
  const user = await createTestUser("user");
  await signInAs(userPage, user);
  await expect(mainNav(userPage).getByRole("link", { name: "Audit" })).toHaveCount(0);
  expect((await userPage.goto(AUDIT))?.status()).toBe(403);
  await expect(table(userPage)).toHaveCount(0);
  await context.close();
});

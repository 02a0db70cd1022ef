import type { Locator } from "@playwright/test";
import { cellIn, hex } from "./support/access-keys";
import { ADMIN_STATE } from "./support/env";
import { createTestUser, expect, test } from "./support/fixtures";
import { watchHydration } from "./support/hydration";

/*
 * Issue 18 items 8 and 12, the leftovers: the Users grid's Last sign-in relative with the exact time
 * on hover, Notifications in the viewer's zone (this browser says America/New_York) with UTC on
 * hover, failure reasons in words on the Audit page, and busy buttons that do not light up on hover.
 */

test.use({ storageState: ADMIN_STATE, timezoneId: "America/New_York" });

async function sql(statement: string, ...values: unknown[]) {
  const { getSqlite } = await import("../db/client");
  return getSqlite()
    .prepare(statement)
    .run(...values);
}

// New York in March 2021 is on standard time, UTC-5, which en-US names EST.
const AT = new Date("2021-03-04T05:06:07.000Z");
const AT_LOCAL = "2021-03-04 00:06 EST";
const AT_UTC = "2021-03-04 05:06:07 UTC";

test("the Users grid: Last sign-in relative, the exact time on hover, Never signed in", async ({ page }) => {
  const hydration = watchHydration(page);
  const tag = hex();
  const seen = await createTestUser("user", { prefix: `seen-${tag}` });
  const unseen = await createTestUser("user", { prefix: `unseen-${tag}` });
  const at = new Date(Date.now() - 3 * 60_000);
  await sql("update users set last_sign_in_at = ? where id = ?", at.getTime(), seen.id);

  await page.goto(`/admin/users?q=${tag}`);
  const table = page.getByRole("table", { name: "Users" });
  await expect(table.locator("tbody tr")).toHaveCount(2);
  const seenCell = await cellIn(table, table.locator("tbody tr", { hasText: seen.username }), "Last sign-in");
  await expect(seenCell).toHaveText("3 minutes ago");
  const time = seenCell.locator("time");
  await expect(time).toHaveAttribute("datetime", at.toISOString());
  await expect(time).toHaveAttribute(
    "title",
    /^\d{4}-\d{2}-\d{2} \d{2}:\d{2} E[SD]T \(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC\)$/,
  );
  await expect(time).toHaveCSS("white-space", "nowrap");
  const unseenCell = await cellIn(table, table.locator("tbody tr", { hasText: unseen.username }), "Last sign-in");
  await expect(unseenCell).toHaveText("Never signed in");
  expect(hydration).toEqual([]);
});

test("Notifications: times in the viewer's zone with UTC on hover, in the grid and on a notification's page", async ({
  page,
}) => {
  const hydration = watchHydration(page);
  const recipient = `times-${hex()}@example.test`;
  const subject = `Readable times ${hex()}`;
  const sentAt = new Date(AT.getTime() + 90_000);
  await sql(
    "insert into notifications (created_at, recipient, subject, body, status, attempts, sent_at) values (?, ?, ?, ?, 'sent', 1, ?)",
    AT.getTime(),
    recipient,
    subject,
    "Hello.",
    sentAt.getTime(),
  );

  await page.goto(`/admin/notifications?recipient=${encodeURIComponent(recipient)}`);
  const table = page.getByRole("table", { name: "Notifications" });
  const row = table.locator("tbody tr");
  await expect(row).toHaveCount(1);
  const time = (await cellIn(table, row, "Time")).locator("time");
  await expect(time).toHaveText(AT_LOCAL);
  await expect(time).toHaveAttribute("title", AT_UTC);
  await expect(time).toHaveAttribute("datetime", AT.toISOString());
  const sent = (await cellIn(table, row, "Sent")).locator("time");
  await expect(sent).toHaveText("2021-03-04 00:07 EST");
  await expect(sent).toHaveAttribute("title", "2021-03-04 05:07:37 UTC");

  await row.getByRole("link", { name: subject }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(subject);
  const dd = (label: string) => page.locator("dt", { hasText: label }).locator("xpath=following-sibling::dd[1]");
  await expect(dd("Created").locator("time")).toHaveText(AT_LOCAL);
  await expect(dd("Created").locator("time")).toHaveAttribute("title", AT_UTC);
  await expect(dd("Sent").locator("time")).toHaveText("2021-03-04 00:07 EST");
  expect(hydration).toEqual([]);
});

test("the Audit page: failure reasons in words, an unknown one as stored", async ({ page }) => {
  const clientId = `kw_reason${hex()}`;
  const { insertAuditEvent } = await import("../db/queries/audit");
  const { writeTransaction } = await import("../db/client");
  const ctx = { actorId: null, actorUsername: null, ip: "198.51.100.10", userAgent: "ci-plugin" };
  writeTransaction((tx) => {
    for (const [reason, at] of [
      ["unknown_secret", new Date(AT.getTime() + 2000)],
      ["cosmic_ray", AT],
    ] as const)
      insertAuditEvent(
        tx,
        ctx,
        { event: "api.auth", outcome: "failure", reason, clientId, details: { via: "bearer_key", count: 1 } },
        at,
      );
  });

  await page.goto(`/admin/audit?clientId=${clientId}`);
  const table = page.getByRole("table", { name: "Audit events" });
  const rows = table.locator("tbody tr");
  await expect(rows).toHaveCount(2);
  await expect(await cellIn(table, rows.nth(0), "Outcome")).toHaveText("Failure (Unknown secret)");
  await expect(await cellIn(table, rows.nth(1), "Outcome")).toHaveText("Failure (cosmic_ray)");
  // Details are labelled values in words too: how the caller authenticated, not its code.
  await expect(await cellIn(table, rows.nth(0), "Details")).toContainText("Via: Bearer key");
});

test("a busy button (aria-disabled) does not light up on hover; an idle one does", async ({ page }) => {
  await page.goto("/admin/users");
  await expect(page.getByRole("table", { name: "Users" })).toBeVisible();
  await page.evaluate(() => {
    const box = document.createElement("div");
    box.id = "hover-probe";
    box.style.cssText = "position:fixed;top:0;left:0;z-index:10000;display:flex;gap:8px;background:#fff;padding:8px";
    for (const variant of ["", "btn-primary", "btn-danger"])
      for (const busy of [false, true]) {
        const button = document.createElement("button");
        button.type = "button";
        button.className = `btn ${variant}`.trim();
        button.textContent = `${variant || "default"}${busy ? " busy" : ""}`;
        if (busy) button.setAttribute("aria-disabled", "true");
        box.append(button);
      }
    document.body.append(box);
  });
  const background = (button: Locator) => button.evaluate((el) => getComputedStyle(el).backgroundColor);
  for (const variant of ["default", "btn-primary", "btn-danger"]) {
    const idle = page.locator("#hover-probe button", { hasText: new RegExp(`^${variant}$`) });
    const busy = page.locator("#hover-probe button", { hasText: `${variant} busy` });
    const resting = await background(busy);
    expect(await background(idle), variant).toBe(resting);
    await busy.hover();
    expect(await background(busy), `${variant} busy, hovered`).toBe(resting);
    await idle.hover();
    expect(await background(idle), `${variant} idle, hovered`).not.toBe(resting);
  }
});

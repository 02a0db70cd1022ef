// Issue 12, items 1 and 2: sessions end on the server. A cookie copied before "Sign out", or held by
// another browser when the user changes their password, opens no page and performs no action.
import { randomBytes } from "node:crypto";
import type { Browser, BrowserContext, Page } from "@playwright/test";
import { createTestUser, expect, findUserByUsername, signInAs, test, uniqueIp } from "./support/fixtures";
import { callServerAction } from "./support/server-action";

const LOGIN_URL = /\/login(\?.*)?$/;

/** A browser of its own (no saved session), from an address of its own so no sign-in throttle is shared. */
async function newBrowser(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  await context.setExtraHTTPHeaders({ "X-Forwarded-For": uniqueIp() });
  return { context, page: await context.newPage() };
}

function newUserInput() {
  const username = `after-sign-out-${randomBytes(4).toString("hex")}`;
  return {
    username,
    fullName: "Should Not Exist",
    email: `${username}@example.test`,
    role: "admin",
    password: "a long enough password",
  };
}

test("after Sign out, a copy of the session cookie opens no page and performs no action", async ({ browser }) => {
  const admin = await createTestUser("admin");
  const first = await newBrowser(browser);
  await signInAs(first.page, admin);
  const copied = await first.context.cookies();
  expect(copied.length).toBeGreaterThan(0);

  // The copy works while the session lasts: it is the very same session.
  const thief = await newBrowser(browser);
  await thief.context.addCookies(copied);
  await thief.page.goto("/admin/users");
  await expect(thief.page.getByTestId("current-username")).toHaveText(admin.username);

  await first.page.getByRole("button", { name: "Sign out" }).click();
  await expect(first.page).toHaveURL(LOGIN_URL);

  // Replayed after sign-out: sent to sign in, and a forged action is forbidden and changes nothing.
  await thief.context.clearCookies();
  await thief.context.addCookies(copied);
  await thief.page.goto("/admin/users");
  await expect(thief.page).toHaveURL(LOGIN_URL);
  await thief.context.addCookies(copied); // the redirect may have cleared it: replay it as an attacker would
  const input = newUserInput();
  const forged = await callServerAction(thief.page, {
    path: "/admin/users",
    action: "createUserAction",
    args: [null, input],
  });
  expect(forged.body).toContain('"message":"forbidden"');
  expect(forged.body).not.toContain('"ok":true');
  expect(await findUserByUsername(input.username)).toBeUndefined();

  await first.context.close();
  await thief.context.close();
});

test("Change password ends the user's other sessions; the current one continues", async ({ browser }) => {
  const user = await createTestUser("user");
  const here = await newBrowser(browser);
  const elsewhere = await newBrowser(browser);
  await signInAs(here.page, user);
  await signInAs(elsewhere.page, user);
  const elsewhereCookies = await elsewhere.context.cookies();

  await here.page.goto("/me/account");
  await here.page.getByLabel("Current password").fill(user.password);
  await here.page.getByLabel("New password").fill(`changed-${user.password}`);
  await here.page.getByRole("button", { name: "Change password" }).click();
  await expect(here.page.getByText("Your password has been changed.")).toBeVisible();

  // This browser goes on...
  await here.page.goto("/me/account");
  await expect(here.page.getByTestId("current-username")).toHaveText(user.username);
  // ...the other is signed out, and replaying its old cookie does not bring it back.
  await elsewhere.page.goto("/me/account");
  await expect(elsewhere.page).toHaveURL(LOGIN_URL);
  await elsewhere.context.addCookies(elsewhereCookies);
  await elsewhere.page.goto("/me/account");
  await expect(elsewhere.page).toHaveURL(LOGIN_URL);

  await here.context.close();
  await elsewhere.context.close();
});

import type { Page } from "@playwright/test";
import { createTestUser, expect, formError, setStatusInDb, signIn, signInAs, test, uniqueIp } from "./support/fixtures";
import { callServerAction } from "./support/server-action";

const INVALID = "Invalid username or password.";
const LOGIN_URL = /\/login(\?.*)?$/;
/** A plain user's home: My API Keys, or their Account page while self-service is switched off. */
const USER_HOME = /\/me\/(api-keys|account)$/;

// Every test signs in from an address of its own, so its failed sign-ins throttle nobody else.
test.beforeEach(async ({ page }) => {
  await page.setExtraHTTPHeaders({ "X-Forwarded-For": uniqueIp() });
});

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(LOGIN_URL);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
}

test("an administrator lands on the Users page, signs out, and is then sent back to sign in", async ({ page }) => {
  const admin = await createTestUser("admin");
  await signIn(page, admin.username, admin.password);
  await expect(page).toHaveURL(/\/admin\/users$/);
  await expect(page.getByTestId("current-username")).toHaveText(admin.username);
  await expect(page.getByRole("heading", { name: "Users", level: 1 })).toBeVisible();

  await signOut(page);
  for (const path of ["/admin/users", "/me/account", "/"]) {
    await page.goto(path);
    await expect(page).toHaveURL(LOGIN_URL);
  }
});

test("a user lands on their own pages; the username is case-insensitive", async ({ page }) => {
  const user = await createTestUser("user");
  await signIn(page, user.username.toUpperCase(), user.password);
  await expect(page).toHaveURL(USER_HOME);
  await expect(page.getByTestId("current-username")).toHaveText(user.username);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" })).toHaveCount(0);

  await signOut(page);
  await page.goto("/me/account");
  await expect(page).toHaveURL(LOGIN_URL);
});

test("a wrong password and an unknown username get the very same answer", async ({ page }) => {
  const user = await createTestUser("user");

  await signIn(page, user.username, `${user.password}-wrong`);
  await expect(formError(page)).toHaveText(INVALID);
  await expect(page).toHaveURL(LOGIN_URL);
  const wrongPassword = (await page.locator("main").textContent()) ?? "";

  await signIn(page, `nobody-${user.username}`, user.password);
  await expect(formError(page)).toHaveText(INVALID);
  await expect(page).toHaveURL(LOGIN_URL);
  await expect(page.locator("main")).toHaveText(wrongPassword);

  // Empty fields are pointed out per field, without a trip to the password check.
  await page.goto("/login");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Enter your username.")).toBeVisible();
  await expect(page.getByText("Enter your password.")).toBeVisible();
});

test("after 5 wrong passwords even the right one is refused, and other users are unaffected", async ({ page }) => {
  const user = await createTestUser("user");
  const bystander = await createTestUser("user");

  for (let attempt = 1; attempt <= 5; attempt++) {
    await signIn(page, user.username, `wrong-password-${attempt}`);
    await expect(formError(page)).toHaveText(INVALID);
  }
  await signIn(page, user.username, user.password);
  await expect(formError(page)).toContainText("Too many failed sign-in attempts");
  await expect(page).toHaveURL(LOGIN_URL);
  await page.goto("/me/account");
  await expect(page).toHaveURL(LOGIN_URL);

  // The throttle is on that username (and on addresses that fail a lot), not on everyone.
  await signInAs(page, bystander);
  await expect(page).toHaveURL(USER_HOME);
});

test("an inactive user cannot sign in", async ({ page }) => {
  const user = await createTestUser("user", { status: "inactive" });
  await signIn(page, user.username, user.password);
  await expect(formError(page)).toContainText("deactivated");
  await expect(page).toHaveURL(LOGIN_URL);
  await expect(page.getByTestId("current-username")).toHaveCount(0);
  await page.goto("/me/account");
  await expect(page).toHaveURL(LOGIN_URL);

  // Without the right password the answer does not reveal that the account exists.
  await signIn(page, user.username, `${user.password}-wrong`);
  await expect(formError(page)).toHaveText(INVALID);
});

test("a signed-in user who is deactivated loses access on the very next request", async ({ page }) => {
  const user = await createTestUser("user");
  await signInAs(page, user);
  await expect(page).toHaveURL(USER_HOME);

  await setStatusInDb(user.id, "inactive");

  // Their still-valid session cookie no longer counts: not for a page…
  await page.reload();
  await expect(page).toHaveURL(LOGIN_URL);
  await page.goto("/me/account");
  await expect(page).toHaveURL(LOGIN_URL);
  // …nor for an action called directly with the old cookie.
  const forged = await callServerAction(page, {
    path: "/me/account",
    action: "changePasswordAction",
    args: [null, { currentPassword: user.password, newPassword: "a-brand-new-password" }],
  });
  expect(forged.body).toContain('"message":"forbidden"');

  // And they cannot get back in by signing in again.
  await signIn(page, user.username, user.password);
  await expect(formError(page)).toContainText("deactivated");
  await expect(page).toHaveURL(LOGIN_URL);
});

test("a session ended by deactivation stays ended when the user is activated again", async ({ page }) => {
  const user = await createTestUser("user");
  await signInAs(page, user);
  await setStatusInDb(user.id, "inactive");
  await setStatusInDb(user.id, "active");

  // The old session cookie is still in the browser, but it no longer signs anyone in.
  await page.goto("/me/account");
  await expect(page).toHaveURL(LOGIN_URL);

  // Signing in again works.
  await signInAs(page, user);
});

test("unauthenticated visits to protected pages go to the sign-in page", async ({ page }) => {
  for (const path of ["/", "/admin/users", "/me/account"]) {
    await page.goto(path);
    await expect(page).toHaveURL(LOGIN_URL);
    await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  }
});

test("change password: the current one must be right, then only the new one signs in", async ({ page }) => {
  const user = await createTestUser("user");
  const newPassword = `new-${user.password}`;
  await signInAs(page, user);
  await page.goto("/me/account");

  await page.getByLabel("Current password").fill("not-my-password");
  await page.getByLabel("New password").fill(newPassword);
  await page.getByRole("button", { name: "Change password" }).click();
  // Said once, at the field (not repeated above the form).
  await expect(formError(page)).toHaveText("Please correct the highlighted fields.");
  await expect(page.getByLabel("Current password")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Current password")).toHaveAccessibleDescription("The current password is not correct.");

  await page.getByLabel("Current password").fill(user.password);
  await page.getByLabel("New password").fill(newPassword);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Your password has been changed.")).toBeVisible();
  await expect(formError(page)).toHaveCount(0);
  await expect(page.getByLabel("New password")).toHaveValue("");

  await signOut(page);
  await signIn(page, user.username, user.password);
  await expect(formError(page)).toHaveText(INVALID);
  await signInAs(page, { username: user.username, password: newPassword });
});

test("a new password over 72 bytes is refused with a clear message, not truncated", async ({ page }) => {
  const user = await createTestUser("user");
  await signInAs(page, user);
  await page.goto("/me/account");

  // 73 ASCII characters, then 37 characters that take 74 bytes: bytes count, not characters.
  for (const tooLong of ["x".repeat(73), "ü".repeat(37)]) {
    await page.getByLabel("Current password").fill(user.password);
    await page.getByLabel("New password").fill(tooLong);
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByText("Password is too long: at most 72 bytes")).toBeVisible();
    await expect(page.getByLabel("New password")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText("Your password has been changed.")).toHaveCount(0);
  }

  // Nothing was changed: the old password still signs in.
  await signOut(page);
  await signInAs(page, user);

  // Exactly 72 bytes is fine, and it is the whole password that counts: its first 71 bytes are not enough.
  const longest = `${"y".repeat(71)}z`;
  await page.goto("/me/account");
  await page.getByLabel("Current password").fill(user.password);
  await page.getByLabel("New password").fill(longest);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Your password has been changed.")).toBeVisible();
  await signOut(page);
  await signIn(page, user.username, "y".repeat(71));
  await expect(formError(page)).toHaveText(INVALID);
  await signInAs(page, { username: user.username, password: longest });
});

import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { ADMIN_STATE } from "./support/env";
import { createTestUser, expect, findUserByUsername, getUser, signInAs, type TestUser, test } from "./support/fixtures";
import { callServerAction, type ForgedResponse } from "./support/server-action";

const USERS_PATH = "/admin/users";

/** Refused by the action itself: its answer is `{ ok: false, message: "forbidden" }`. */
function expectForbidden(response: ForgedResponse) {
  expect(response.status, response.body).toBe(200);
  expect(response.body).toContain('"message":"forbidden"');
  expect(response.body).not.toContain('"ok":true');
}

/** Refused one way or another (Next's own CSRF check answers 500 before the action runs). */
function expectRefused(response: ForgedResponse) {
  const refusedByNext = response.status >= 400;
  const refusedByAction = response.body.includes('"message":"forbidden"');
  expect(refusedByNext || refusedByAction, `${response.status} ${response.body}`).toBe(true);
  expect(response.body).not.toContain('"ok":true');
}

function newUserInput() {
  const username = `forged-${randomBytes(4).toString("hex")}`;
  return {
    username,
    fullName: "Forged User",
    email: `${username}@example.test`,
    role: "admin",
    password: "forged-password-long",
  };
}

/** Every mutating users action, forged by `page`'s user against `target`; checks nothing changed. */
async function forgeEveryUsersAction(page: Page, self: TestUser, target: TestUser) {
  const before = await getUser(target.id);
  expect(before?.status).toBe("active");

  const input = newUserInput();
  expectForbidden(await callServerAction(page, { path: USERS_PATH, action: "createUserAction", args: [null, input] }));
  expect(await findUserByUsername(input.username)).toBeUndefined();

  expectForbidden(
    await callServerAction(page, {
      path: USERS_PATH,
      action: "updateUserAction",
      args: [
        null,
        {
          id: target.id,
          username: target.username,
          fullName: "Renamed By Forgery",
          email: target.email,
          role: "admin",
          password: "a-new-forged-password",
        },
      ],
    }),
  );
  // Nor can they promote themselves.
  expectForbidden(
    await callServerAction(page, {
      path: USERS_PATH,
      action: "updateUserAction",
      args: [null, { id: self.id, username: self.username, fullName: self.fullName, email: self.email, role: "admin" }],
    }),
  );

  expectForbidden(
    await callServerAction(page, {
      path: USERS_PATH,
      action: "setUserStatusAction",
      args: [null, { id: target.id, status: "inactive" }],
    }),
  );

  expectForbidden(
    await callServerAction(page, { path: USERS_PATH, action: "deleteUserAction", args: [null, { id: target.id }] }),
  );

  expect(await getUser(target.id)).toEqual(before);
  const selfAfter = await getUser(self.id);
  expect(selfAfter?.role).not.toBe("admin");
  expect(selfAfter?.status).toBe("active");
}

test("an auditor sees the Users grid but no control that changes anything", async ({ page }) => {
  const auditor = await createTestUser("auditor");
  const other = await createTestUser("user");
  await signInAs(page, auditor);
  await expect(page).toHaveURL(/\/admin\/users/);

  await page.goto(`${USERS_PATH}?q=${other.username}`);
  const grid = page.getByRole("table", { name: "Users" });
  await expect(grid).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: other.username })).toBeVisible();

  await expect(page.getByRole("button", { name: "Add user" })).toHaveCount(0);
  for (const name of ["Edit", "Deactivate", "Activate", "Delete"]) {
    await expect(page.getByRole("button", { name, exact: true })).toHaveCount(0);
  }
});

test("a plain user gets a 403 page for /admin/users, inside the layout, and no Users link", async ({ page }) => {
  const user = await createTestUser("user");
  await signInAs(page, user);
  await expect(page).toHaveURL(/\/me\/(api-keys|account)$/);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" })).toHaveCount(0);

  const response = await page.goto(USERS_PATH);
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("table", { name: "Users" })).toHaveCount(0);
  // It says so, in the app's layout (header and navigation kept), with a way on.
  await expect(page.getByRole("heading", { name: "You may not open this page", level: 1 })).toBeVisible();
  await expect(page.getByTestId("current-username")).toHaveText(user.username);
  await page.getByRole("link", { name: "Go to your start page" }).click();
  await expect(page).toHaveURL(/\/me\/(api-keys|account)$/);
});

for (const role of ["auditor", "user"] as const) {
  test(`forged calls of every users action as ${role === "auditor" ? "an auditor" : "a plain user"} are forbidden and change nothing`, async ({
    page,
  }) => {
    const self = await createTestUser(role);
    const target = await createTestUser("user");
    await signInAs(page, self);
    await forgeEveryUsersAction(page, self, target);
  });
}

// Without a session a forged call is refused whether or not it carries an Origin header.
for (const origin of [undefined, null] as const) {
  test(`forged calls without a session${origin === null ? " and without an Origin header" : ""} are forbidden`, async ({
    page,
  }) => {
    const target = await createTestUser("user");
    await page.goto("/login");
    const before = await getUser(target.id);
    const forge = (action: string, args: unknown[]) =>
      callServerAction(page, { path: USERS_PATH, action, args, origin });
    expectForbidden(await forge("setUserStatusAction", [null, { id: target.id, status: "inactive" }]));
    expectForbidden(await forge("deleteUserAction", [null, { id: target.id }]));
    expect(await getUser(target.id)).toEqual(before);
  });
}

test.describe("as the administrator", () => {
  test.use({ storageState: ADMIN_STATE });

  test("a forged call from a foreign origin, or Origin: null, is refused; the same call from our origin works", async ({
    page,
  }) => {
    const target = await createTestUser("user");
    await page.goto(USERS_PATH);
    const before = await getUser(target.id);

    for (const origin of ["https://evil.example", "null"]) {
      expectRefused(
        await callServerAction(page, {
          path: USERS_PATH,
          action: "setUserStatusAction",
          args: [null, { id: target.id, status: "inactive" }],
          origin,
        }),
      );
      expectRefused(
        await callServerAction(page, {
          path: USERS_PATH,
          action: "deleteUserAction",
          args: [null, { id: target.id }],
          origin,
        }),
      );
      const input = newUserInput();
      expectRefused(
        await callServerAction(page, { path: USERS_PATH, action: "createUserAction", args: [null, input], origin }),
      );
      expect(await findUserByUsername(input.username)).toBeUndefined();
      expect(await getUser(target.id)).toEqual(before);
    }

    // The control: the very same forged call from the app's own origin goes through, so the refusals
    // above are the origin check's doing and not a broken request.
    const allowed = await callServerAction(page, {
      path: USERS_PATH,
      action: "setUserStatusAction",
      args: [null, { id: target.id, status: "inactive" }],
    });
    expect(allowed.body).toContain('"ok":true');
    expect((await getUser(target.id))?.status).toBe("inactive");
  });

  test("a call without an Origin header is decided by the session alone (docs/security.md)", async ({ page }) => {
    // Browsers send Origin with every POST, a cross-site one included, so a request without one
    // comes from a non-browser client, which holds only the cookies it was given: the session
    // cookie is HttpOnly and SameSite=Lax, out of reach of other sites' pages and scripts.
    await page.goto(USERS_PATH);
    const session = (await page.context().cookies()).find((c) => c.name.endsWith("authjs.session-token"));
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax" });

    const target = await createTestUser("user");
    const response = await callServerAction(page, {
      path: USERS_PATH,
      action: "setUserStatusAction",
      args: [null, { id: target.id, status: "inactive" }],
      origin: null,
    });
    expect(response.status, response.body).toBe(200);
    expect(response.body).toContain('"ok":true');
    expect((await getUser(target.id))?.status).toBe("inactive");
  });
});

import { ADMIN, ADMIN_STATE } from "./support/env";
import { expect, findUserByUsername, formError, getUser, setStatusInDb, test } from "./support/fixtures";
import { callServerAction } from "./support/server-action";

/*
 * Runs in its own Playwright project, after every other spec (see playwright.config.ts): other specs
 * create administrators in parallel, so only here can "the last active administrator" be made certain.
 */
test.use({ storageState: ADMIN_STATE });

const USERS_PATH = "/admin/users";
const LAST_ADMIN = "The last active administrator cannot be";

async function activeAdmins() {
  const { listUsers } = await import("../db/queries/users");
  const { rows } = await listUsers({
    page: 1,
    pageSize: 100,
    sort: "username",
    dir: "asc",
    filters: { role: "admin", status: "active" },
  });
  return rows;
}

test("the last active administrator cannot be demoted, deactivated or deleted", async ({ page }) => {
  const admin = await findUserByUsername(ADMIN.username);
  if (!admin) throw new Error("the first-run administrator is missing");

  // Leave exactly one active administrator: the one this spec signs in as.
  for (let others = await activeAdmins(); others.length > 1; others = await activeAdmins()) {
    for (const other of others) if (other.id !== admin.id) await setStatusInDb(other.id, "inactive");
  }
  expect((await activeAdmins()).map((row) => row.id)).toEqual([admin.id]);
  const before = await getUser(admin.id);
  expect(before).toMatchObject({ role: "admin", status: "active" });

  // Through the UI: demoting oneself, the last administrator, is refused and the dialog says why.
  await page.goto(`${USERS_PATH}?q=${encodeURIComponent(ADMIN.email)}`);
  const own = page.getByRole("row").filter({ has: page.getByRole("cell", { name: ADMIN.username, exact: true }) });
  for (const role of ["User", "Auditor"]) {
    await own.getByRole("button", { name: "Edit" }).click();
    const dialog = page.getByRole("dialog", { name: `Edit user ${ADMIN.username}` });
    await dialog.getByLabel("Role").selectOption({ label: role });
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(formError(page)).toHaveText(`${LAST_ADMIN} demoted.`);
    await expect(dialog).toBeVisible();
    await expect(dialog.getByLabel("Role")).toHaveValue(role.toLowerCase());
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
    expect(await getUser(admin.id)).toEqual(before);
  }
  await page.reload();
  await expect(own.getByRole("cell", { name: "admin", exact: true })).toHaveCount(2); // username and role
  await expect(page.getByRole("link", { name: "Users" })).toBeVisible();

  // Forged calls on itself, past the hidden Deactivate/Delete buttons: refused, nothing changed.
  for (const [action, input] of [
    ["setUserStatusAction", { id: admin.id, status: "inactive" }],
    ["deleteUserAction", { id: admin.id }],
    [
      "updateUserAction",
      { id: admin.id, username: admin.username, fullName: admin.fullName, email: admin.email, role: "user" },
    ],
  ] as const) {
    const response = await callServerAction(page, { path: USERS_PATH, action, args: [null, input] });
    expect(response.body, action).toContain('"ok":false');
    expect(response.body, action).not.toContain('"ok":true');
    expect(await getUser(admin.id), action).toEqual(before);
  }

  // The rule holds below the "not yourself" guard too: the same database the server uses refuses
  // it even when no acting user is involved.
  const { deleteUser, setUserStatus } = await import("../lib/services/users");
  const { rootActor } = await import("../test/support/actors");
  const system = { actorId: null, actorUsername: "e2e", ip: null, userAgent: "playwright" };
  await expect(setUserStatus(rootActor, admin.id, "inactive", system)).rejects.toThrow(`${LAST_ADMIN} deactivated.`);
  await expect(deleteUser(rootActor, admin.id, system)).rejects.toThrow(`${LAST_ADMIN} deleted.`);
  expect(await getUser(admin.id)).toEqual(before);

  // Still signed in and still in charge.
  await page.goto(USERS_PATH);
  await expect(page.getByTestId("current-username")).toHaveText(ADMIN.username);
  await expect(page.getByRole("button", { name: "Add user" })).toBeVisible();
});

import { randomBytes } from "node:crypto";
import { test as base, expect, type Page } from "@playwright/test";
import { E2E_DATABASE } from "./env";

// Specs seed their own data straight into the server's database file (WAL lets both processes in).
process.env.DATABASE_PATH ??= E2E_DATABASE;
process.env.BCRYPT_COST ??= "4";

const db = () => import("../../db/queries/users");

export type TestUser = { id: number; username: string; password: string; fullName: string; email: string };

/** A user of the given role with a unique name, created directly in the database. */
export async function createTestUser(
  role: "admin" | "auditor" | "user" = "user",
  options: { prefix?: string; status?: "active" | "inactive" } = {},
): Promise<TestUser> {
  const { createUser, setUserStatus } = await db();
  const suffix = randomBytes(4).toString("hex");
  const username = `${options.prefix ?? role}-${suffix}`;
  const password = `password-${suffix}-long`;
  const ctx = { actorId: null, actorUsername: "e2e", ip: null, userAgent: "playwright" };
  const user = await createUser(
    { username, password, role, fullName: `E2E ${role} ${suffix}`, email: `${username}@example.test` },
    ctx,
  );
  if (options.status === "inactive") await setUserStatus(user.id, "inactive", ctx);
  return { id: user.id, username, password, fullName: user.fullName, email: user.email };
}

export async function getUser(id: number) {
  return (await db()).getUserById(id);
}

export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Signs in and waits until the header shows who is signed in. */
export async function signInAs(page: Page, user: { username: string; password: string }): Promise<void> {
  await signIn(page, user.username, user.password);
  await expect(page.getByTestId("current-username")).toHaveText(user.username);
}

/** The form-level error of the page (scoped: Next's route announcer is also an alert). */
export const formError = (page: Page) => page.getByTestId("form-error");

export const test = base;
export { expect };

import { randomBytes } from "node:crypto";
import { type BrowserContext, test as base, expect, type Page } from "@playwright/test";
import { type CspWatch, watchCsp } from "./csp-watch";
import { E2E_DATABASE } from "./env";
import { recordResponses } from "./response-log";

// Specs seed their own data straight into the server's database file (WAL lets both processes in).
process.env.DATABASE_PATH ??= E2E_DATABASE;
process.env.BCRYPT_COST ??= "4";

const db = () => import("../../db/queries/users");
const service = () => import("../../lib/services/users");
/** The e2e seeding acts as an administrator that is no row, like a second administrator elsewhere. */
const actor = async () => (await import("../../test/support/actors")).rootActor;

export type TestUser = { id: number; username: string; password: string; fullName: string; email: string };

/** A user of the given role with a unique name, created directly in the database. */
export async function createTestUser(
  role: "admin" | "auditor" | "user" = "user",
  options: { prefix?: string; status?: "active" | "inactive" } = {},
): Promise<TestUser> {
  const { createUser, setUserStatus } = await service();
  const suffix = randomBytes(4).toString("hex");
  const username = `${options.prefix ?? role}-${suffix}`;
  const password = `password-${suffix}-long`;
  const ctx = { actorId: null, actorUsername: "e2e", ip: null, userAgent: "playwright" };
  const user = await createUser(
    await actor(),
    { username, password, role, fullName: `E2E ${role} ${suffix}`, email: `${username}@example.test` },
    ctx,
  );
  if (options.status === "inactive") await setUserStatus(await actor(), user.id, "inactive", ctx);
  return { id: user.id, username, password, fullName: user.fullName, email: user.email };
}

export async function getUser(id: number) {
  return (await db()).getUserById(id);
}

/** The user with exactly this username (case-insensitive), straight from the database. */
export async function findUserByUsername(username: string) {
  const { listUsers } = await db();
  const { rows } = await listUsers({
    page: 1,
    pageSize: 100,
    sort: "username",
    dir: "asc",
    filters: { q: username },
  });
  return rows.find((row) => row.username.toLowerCase() === username.toLowerCase());
}

/** Sets a user's status directly in the database, as if another administrator had done it. */
export async function setStatusInDb(id: number, status: "active" | "inactive") {
  const { setUserStatus } = await service();
  return setUserStatus(await actor(), id, status, {
    actorId: null,
    actorUsername: "e2e",
    ip: null,
    userAgent: "playwright",
  });
}

/** Gives a user `count` access keys straight in the database (the keys UI is not what is under test). */
export async function seedAccessKeys(ownerId: number, count: number): Promise<void> {
  const { getDb } = await import("../../db/client");
  const { accessKeys } = await import("../../db/schema");
  const now = new Date();
  for (let i = 0; i < count; i++) {
    getDb()
      .insert(accessKeys)
      .values({
        clientId: `e2e-${randomBytes(8).toString("hex")}`,
        name: `E2E key ${i + 1}`,
        ownerId,
        createdByUsername: "e2e",
        createdAt: now,
        updatedAt: now,
        secretHash: randomBytes(32).toString("hex"),
        secretHint: "e2e0",
      })
      .run();
  }
}

export async function countAccessKeys(ownerId: number): Promise<number> {
  const { getDb } = await import("../../db/client");
  const { accessKeys } = await import("../../db/schema");
  const { count, eq } = await import("drizzle-orm");
  return getDb().select({ n: count() }).from(accessKeys).where(eq(accessKeys.ownerId, ownerId)).get()?.n ?? 0;
}

/**
 * A client address of its own (sent as X-Forwarded-For; the e2e server trusts it), so a spec's failed
 * sign-ins count against that address only and cannot throttle specs running in parallel.
 */
export function uniqueIp(): string {
  const [a, b, c] = randomBytes(3);
  return `10.${a}.${b}.${((c ?? 0) % 250) + 1}`;
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

type ResponseLog = Awaited<ReturnType<typeof recordResponses>>;

/**
 * Every spec's `test`: the browser's responses are scanned for secrets as they arrive (see
 * response-log.ts), and each test's context waits for its scans before it closes. A test during
 * which the browser refused anything under the pages' Content-Security-Policy fails (csp-watch.ts),
 * unless it names the refusal it provokes in `allowedCspViolation`.
 */
export const test = base.extend<
  { context: BrowserContext; allowedCspViolation: RegExp | undefined; cspClean: undefined },
  { responseLog: ResponseLog; cspWatch: CspWatch }
>({
  allowedCspViolation: [undefined, { option: true }],
  cspWatch: [async ({ browser }, use) => use(watchCsp(browser)), { scope: "worker", auto: true }],
  cspClean: [
    async ({ cspWatch, allowedCspViolation }, use) => {
      cspWatch.clear();
      await use(undefined);
      const unexpected = cspWatch.violations().filter((text) => !allowedCspViolation?.test(text));
      expect(unexpected, "Content-Security-Policy refusals in the browser").toEqual([]);
    },
    { auto: true },
  ],
  responseLog: [
    async ({ browser }, use, workerInfo) => {
      const log = await recordResponses(browser, workerInfo.workerIndex);
      await use(log);
      await log.settle();
      await log.close();
    },
    { scope: "worker", auto: true },
  ],
  context: async ({ context, responseLog }, use) => {
    await use(context);
    await responseLog.settle();
  },
});
export { expect };

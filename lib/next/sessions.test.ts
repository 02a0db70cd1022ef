// Issue 12, items 1 and 2: a browser session is honoured only while its row in `sessions` exists.
// The fake request carries the session as Auth.js would (test/actions/request.ts); the
// actions, `currentActor()` and the database are the real ones.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getSqlite, writeTransaction } from "@/db/client";
import { getSessionActor, insertSession } from "@/db/queries/sessions";
import { runJobs } from "@/lib/notifications/jobs";
import { newSessionId, SESSION_MAX_AGE_SECONDS, sessionIdHash } from "@/lib/sessions";
import { attemptSignIn } from "@/lib/sign-in";
import { type LoadedAction, loadActions, sessionOf, setRequest } from "@/test/actions/helpers";
import type { FakeSession } from "@/test/actions/request";
import { makeUser } from "@/test/db/fixtures";
import { currentActor } from "./session";

vi.mock("next/headers", async () => (await import("@/test/actions/request")).nextHeaders);
vi.mock("next/cache", async () => (await import("@/test/actions/request")).nextCache);
vi.mock("@/lib/next/auth", async () => (await import("@/test/actions/request")).nextAuth);

let actions: Map<string, LoadedAction>;
beforeAll(async () => {
  actions = await loadActions();
});

async function call(name: string, session: FakeSession, input?: unknown) {
  setRequest({ session });
  return actions.get(name)?.action(null, input);
}

/** Who the server takes `session` for on a request (null: nobody, the session is over). */
async function actorOf(session: FakeSession) {
  setRequest({ session });
  return currentActor();
}

const sessionRows = (userId: number) =>
  getSqlite().prepare("select count(*) from sessions where user_id = ?").pluck().get(userId) as number;

describe("a browser session", () => {
  it("is started by a successful sign-in, and only the hash of its id is stored", async () => {
    const user = await makeUser("user");
    const outcome = await attemptSignIn(user.username, user.password, { ip: "198.51.100.9", userAgent: "vitest" });
    if (!outcome.ok) throw new Error(outcome.message);
    expect(outcome.sessionId).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await getSessionActor(sessionIdHash(outcome.sessionId))).toMatchObject({ id: user.id });
    const stored = getSqlite().prepare("select id_hash from sessions where user_id = ?").pluck().all(user.id);
    expect(stored).toEqual([sessionIdHash(outcome.sessionId)]);
    expect(stored).not.toContain(outcome.sessionId);
  });

  it("ends on sign-out: the same cookie, replayed, signs no one in and performs no action", async () => {
    const admin = await makeUser("admin");
    const session = await sessionOf(admin);
    const otherTab = { ...session }; // the same session, as another tab or a copied cookie carries it
    expect(await actorOf(session)).toMatchObject({ id: admin.id });

    expect(await call("signOutAction", session)).toBeUndefined();

    expect(await actorOf(otherTab)).toBeNull();
    const result = await call("createUserAction", otherTab, {
      username: `after-sign-out-${admin.id}`,
      fullName: "Should Not Exist",
      email: `after-sign-out-${admin.id}@example.test`,
      role: "admin",
      password: "a long enough password",
    });
    expect(result).toMatchObject({ ok: false, message: "forbidden" });
    expect(
      getSqlite().prepare("select count(*) from users where username = ?").pluck().get(`after-sign-out-${admin.id}`),
    ).toBe(0);
  });

  it("signing out ends that session only: the user's other sessions go on", async () => {
    const user = await makeUser("user");
    const [leaving, staying] = [await sessionOf(user), await sessionOf(user)];
    await call("signOutAction", leaving);
    expect(await actorOf(leaving)).toBeNull();
    expect(await actorOf(staying)).toMatchObject({ id: user.id });
  });

  it("changing one's own password ends every other session of the user; the current one continues", async () => {
    const user = await makeUser("user");
    const [current, otherBrowser, thirdBrowser] = [await sessionOf(user), await sessionOf(user), await sessionOf(user)];
    const bystander = await makeUser("user");
    const bystanderSession = await sessionOf(bystander);

    const result = await call("changePasswordAction", current, {
      currentPassword: user.password,
      newPassword: "a brand new password",
    });
    expect(result).toMatchObject({ ok: true });

    expect(await actorOf(current)).toMatchObject({ id: user.id });
    expect(await actorOf(otherBrowser)).toBeNull();
    expect(await actorOf(thirdBrowser)).toBeNull();
    expect(sessionRows(user.id)).toBe(1);
    expect(await actorOf(bystanderSession)).toMatchObject({ id: bystander.id });
  });

  it("a refused password change ends nothing", async () => {
    const user = await makeUser("user");
    const [current, other] = [await sessionOf(user), await sessionOf(user)];
    const result = await call("changePasswordAction", current, {
      currentPassword: "not the password",
      newPassword: "a brand new password",
    });
    expect(result).toMatchObject({ ok: false });
    expect(await actorOf(other)).toMatchObject({ id: user.id });
  });

  it("a password set by an administrator ends all the user's sessions", async () => {
    const admin = await makeUser("admin");
    const user = await makeUser("user");
    const [a, b] = [await sessionOf(user), await sessionOf(user)];
    const result = await call("updateUserAction", await sessionOf(admin), {
      id: user.id,
      username: user.username,
      fullName: "Reset By Admin",
      email: user.email,
      role: "user",
      password: "set by the administrator",
    });
    expect(result).toMatchObject({ ok: true });
    expect(await actorOf(a)).toBeNull();
    expect(await actorOf(b)).toBeNull();
  });

  it("an administrator's edit without a password ends no session", async () => {
    const admin = await makeUser("admin");
    const user = await makeUser("user");
    const session = await sessionOf(user);
    await call("updateUserAction", await sessionOf(admin), {
      id: user.id,
      username: user.username,
      fullName: "Renamed Only",
      email: user.email,
      role: "user",
    });
    expect(await actorOf(session)).toMatchObject({ id: user.id });
  });

  it("deactivation ends every session for good: reactivating does not bring them back", async () => {
    const admin = await makeUser("admin");
    const adminSession = await sessionOf(admin);
    const user = await makeUser("user");
    const session = await sessionOf(user);
    expect(await call("setUserStatusAction", adminSession, { id: user.id, status: "inactive" })).toMatchObject({
      ok: true,
    });
    expect(await call("setUserStatusAction", adminSession, { id: user.id, status: "active" })).toMatchObject({
      ok: true,
    });
    expect(await actorOf(session)).toBeNull();
    expect(sessionRows(user.id)).toBe(0);
  });

  it("is refused once past its end, and the jobs pass deletes it then, not before", async () => {
    const user = await makeUser("user");
    const now = Date.now();
    const id = newSessionId();
    writeTransaction((tx) => insertSession(tx, sessionIdHash(id), user.id, new Date(now + 60_000)));
    const session = { user: { id: String(user.id) }, sessionId: id };
    expect(await getSessionActor(sessionIdHash(id), new Date(now))).toMatchObject({ id: user.id });
    expect(await getSessionActor(sessionIdHash(id), new Date(now + 60_000))).toBeUndefined();

    expect((await runJobs({ now: new Date(now) })).sessionsPurged).toBe(0);
    expect(await actorOf(session)).toMatchObject({ id: user.id });
    const later = new Date(now + SESSION_MAX_AGE_SECONDS * 1000 + 1);
    expect((await runJobs({ now: later })).sessionsPurged).toBeGreaterThanOrEqual(1);
    expect(await actorOf(session)).toBeNull();
  });

  it("a cookie without a session id (from before this release) or with an unknown one signs no one in", async () => {
    const user = await makeUser("admin");
    setRequest({ session: { user: { id: String(user.id) } } as FakeSession });
    expect(await currentActor()).toBeNull();
    expect(await actorOf({ user: { id: String(user.id) }, sessionId: newSessionId() })).toBeNull();
  });
});

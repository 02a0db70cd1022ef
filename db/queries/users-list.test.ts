import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Role } from "@/lib/model/authz";
import { createUser, setUserStatus } from "@/lib/services/users";
import { insertRawKeys, testContext } from "@/test/db/fixtures";
import { rootActor } from "@/test/support/actors";
import { tag } from "@/test/support/unique";
import { getDb } from "../client";
import { users } from "../schema";
import { listUsers, USER_SORTS, type UserFilters, type UserSort } from "./users";

const list = (
  filters: UserFilters,
  more: Partial<{ sort: UserSort; dir: "asc" | "desc"; page: number; pageSize: number }> = {},
) => listUsers({ page: 1, pageSize: 100, sort: "username", dir: "asc", filters, ...more });
const usernamesOf = async (filters: UserFilters, more = {}) => (await list(filters, more)).rows.map((r) => r.username);

async function addUser(fields: { username: string; fullName?: string; email?: string; role?: Role }) {
  return createUser(
    rootActor,
    {
      username: fields.username,
      fullName: fields.fullName ?? fields.username,
      email: fields.email ?? `${fields.username}@example.test`,
      role: fields.role ?? "user",
      password: "a long password!",
    },
    testContext,
  );
}

describe("listUsers: the q filter", () => {
  it("matches username, full name and email, case-insensitively", async () => {
    const t = tag();
    const byName = await addUser({ username: `uname${t}`, fullName: "Plain", email: `e1-${tag()}@example.test` });
    const byFull = await addUser({
      username: `x-${tag()}`,
      fullName: `Full ${t} Name`,
      email: `e2-${tag()}@example.test`,
    });
    const byMail = await addUser({ username: `y-${tag()}`, fullName: "Plain", email: `mail${t}@example.test` });
    await addUser({ username: `z-${tag()}` }); // matches nothing
    const ids = (await list({ q: t.toUpperCase() })).rows.map((r) => r.id).sort((a, b) => a - b);
    expect(ids).toEqual([byName.id, byFull.id, byMail.id]);
    expect(await usernamesOf({ q: `UNAME${t.toUpperCase()}` })).toEqual([byName.username]);
  });

  it("treats % and _ literally", async () => {
    const t = tag();
    const percent = await addUser({ username: `p1-${t}`, fullName: `${t} 50% off` });
    await addUser({ username: `p2-${t}`, fullName: `${t} 50X off` });
    const underscore = await addUser({ username: `u1-${t}`, fullName: `${t} a_b` });
    await addUser({ username: `u2-${t}`, fullName: `${t} axb` });
    expect(await usernamesOf({ q: `${t} 50%` })).toEqual([percent.username]);
    expect(await usernamesOf({ q: `${t} a_b` })).toEqual([underscore.username]);
    expect(await usernamesOf({ q: "%" })).toEqual([percent.username]);
  });

  it("treats backslash and quotes literally, finding nothing rather than failing", async () => {
    const t = tag();
    const slash = await addUser({ username: `s-${t}`, fullName: `${t} back\\slash` });
    expect(await usernamesOf({ q: `${t} back\\slash` })).toEqual([slash.username]);
    expect(await usernamesOf({ q: `${t}' or '1'='1` })).toEqual([]);
  });
});

describe("listUsers: role and status filters", () => {
  it("filters by role and by status, alone and together with q", async () => {
    const t = tag();
    const admin = await addUser({ username: `ra-${t}`, role: "admin" });
    const auditor = await addUser({ username: `rb-${t}`, role: "auditor" });
    const user = await addUser({ username: `rc-${t}`, role: "user" });
    const inactiveUser = await addUser({ username: `rd-${t}`, role: "user" });
    await setUserStatus(rootActor, inactiveUser.id, "inactive", testContext);

    expect(await usernamesOf({ q: t, role: "admin" })).toEqual([admin.username]);
    expect(await usernamesOf({ q: t, role: "auditor" })).toEqual([auditor.username]);
    expect(await usernamesOf({ q: t, role: "user" })).toEqual([user.username, inactiveUser.username]);
    expect(await usernamesOf({ q: t, status: "inactive" })).toEqual([inactiveUser.username]);
    expect(await usernamesOf({ q: t, role: "user", status: "active" })).toEqual([user.username]);

    const everyInactive = await list({ status: "inactive" });
    expect(everyInactive.rows.every((r) => r.status === "inactive")).toBe(true);
    const everyAuditor = await list({ role: "auditor" });
    expect(everyAuditor.rows.every((r) => r.role === "auditor")).toBe(true);
  });
});

describe("listUsers: sorting", () => {
  // Four users whose order differs for every sort key, so a key mapped to the wrong column shows up.
  const t = tag();
  type Fixture = {
    key: string;
    username: string;
    fullName: string;
    email: string;
    role: Role;
    inactive: boolean;
    keys: number;
    lastSignIn: number;
    created: number;
  };
  const fixtures: Fixture[] = [
    {
      key: "P",
      username: `${t}-c`,
      fullName: `${t} Bea`,
      email: `${t}-1@example.test`,
      role: "user",
      inactive: false,
      keys: 0,
      lastSignIn: 2,
      created: 3,
    },
    {
      key: "Q",
      username: `${t}-A`,
      fullName: `${t} dan`,
      email: `${t}-3@example.test`,
      role: "admin",
      inactive: false,
      keys: 3,
      lastSignIn: 4,
      created: 2,
    },
    {
      key: "R",
      username: `${t}-d`,
      fullName: `${t} al`,
      email: `${t}-2@example.test`,
      role: "auditor",
      inactive: true,
      keys: 1,
      lastSignIn: 3,
      created: 4,
    },
    {
      key: "S",
      username: `${t}-b`,
      fullName: `${t} Cy`,
      email: `${t}-4@example.test`,
      role: "user",
      inactive: true,
      keys: 2,
      lastSignIn: 1,
      created: 1,
    },
  ];
  const day = (n: number) => new Date(Date.UTC(2024, 0, n));
  const ids = new Map<string, number>();

  beforeAll(async () => {
    for (const f of fixtures) {
      const user = await addUser(f);
      ids.set(f.key, user.id);
      insertRawKeys(user.id, f.keys);
      if (f.inactive) await setUserStatus(rootActor, user.id, "inactive", testContext);
      getDb()
        .update(users)
        .set({ lastSignInAt: day(f.lastSignIn), createdAt: day(f.created) })
        .where(eq(users.id, user.id))
        .run();
    }
  });

  // Expected order, ascending; ties (role, status) fall back to id ascending in both directions.
  const ascending: Record<UserSort, string> = {
    username: "QSPR",
    fullName: "RPSQ",
    email: "PRQS",
    role: "QRPS",
    status: "PQRS",
    keys: "PRSQ",
    lastSignInAt: "SPRQ",
    createdAt: "SQPR",
  };
  const descending: Partial<Record<UserSort, string>> = { role: "PSRQ", status: "RSPQ" };

  it("covers every sort key", () => {
    expect(Object.keys(ascending).sort()).toEqual([...USER_SORTS].sort());
  });

  it.each(USER_SORTS)("sorts by %s ascending and descending", async (sort) => {
    const order = async (dir: "asc" | "desc") => {
      const rows = (await list({ q: t }, { sort, dir })).rows;
      return rows.map((r) => fixtures.find((f) => ids.get(f.key) === r.id)?.key).join("");
    };
    expect(await order("asc")).toBe(ascending[sort]);
    expect(await order("desc")).toBe(descending[sort] ?? [...ascending[sort]].reverse().join(""));
  });

  it("reports each user's key count", async () => {
    const rows = (await list({ q: t })).rows;
    const counts = Object.fromEntries(
      fixtures.map((f) => [f.key, rows.find((r) => r.id === ids.get(f.key))?.keyCount]),
    );
    expect(counts).toEqual(Object.fromEntries(fixtures.map((f) => [f.key, f.keys])));
  });
});

describe("listUsers: pagination", () => {
  it("pages through the rows with the right total and page count", async () => {
    const t = tag();
    const created = [];
    for (let i = 0; i < 5; i++) created.push((await addUser({ username: `pg${i}-${t}` })).username);

    const page1 = await list({ q: t }, { pageSize: 2, page: 1 });
    expect(page1).toMatchObject({ total: 5, page: 1, pageSize: 2, pageCount: 3 });
    expect(page1.rows.map((r) => r.username)).toEqual(created.slice(0, 2));

    const page2 = await list({ q: t }, { pageSize: 2, page: 2 });
    expect(page2.rows.map((r) => r.username)).toEqual(created.slice(2, 4));

    const page3 = await list({ q: t }, { pageSize: 2, page: 3 });
    expect(page3.rows.map((r) => r.username)).toEqual(created.slice(4));

    const beyond = await list({ q: t }, { pageSize: 2, page: 9 });
    expect(beyond).toMatchObject({ rows: [], total: 5, pageCount: 3 });
  });

  it("reports one page when nothing matches", async () => {
    expect(await list({ q: `nothing-${tag()}` })).toMatchObject({ rows: [], total: 0, pageCount: 1 });
  });
});

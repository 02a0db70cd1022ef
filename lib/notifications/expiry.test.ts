import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getSqlite } from "@/db/client";
import { expiryCandidateIds } from "@/db/queries/notifications";
import type { AuditContext } from "@/lib/model/audit";
import { createKey, regenerateKey, setKeyStatus, updateKey } from "@/lib/services/access-keys";
import { setUserStatus } from "@/lib/services/users";
import { makeUser, testContext } from "@/test/db/fixtures";
import { rootActor } from "@/test/support/actors";
import { EXPIRY_NOTICE_WINDOW_DAYS, expiryBands, queueExpiryMail } from "./expiry";

const DAY = 86_400_000;
const MIN = 60_000;

type Row = { recipient: string; subject: string; body: string; status: string; dedupeKey: string };
const expiryRows = (keyId: number) =>
  getSqlite()
    .prepare(
      "select recipient, subject, body, status, dedupe_key as dedupeKey from notifications where key_id = ? and dedupe_key is not null order by id",
    )
    .all(keyId) as Row[];
const setExpiry = (id: number, at: number) =>
  getSqlite().prepare("update access_keys set expires_at = ? where id = ?").run(at, id);
const setReminderDays = (days: number[] | null) =>
  days === null
    ? getSqlite().prepare("delete from settings where key = 'expiryReminderDays'").run()
    : getSqlite()
        .prepare(
          "insert into settings (key, value, updated_at) values ('expiryReminderDays', ?, 0) on conflict(key) do update set value = excluded.value",
        )
        .run(JSON.stringify(days));

let admin: Awaited<ReturnType<typeof makeUser>>;
let adminCtx: AuditContext;

beforeAll(async () => {
  process.env.PUBLIC_URL = "https://keys.example.test/";
  admin = await makeUser("admin");
  adminCtx = { ...testContext, actorId: admin.id, actorUsername: admin.username };
});
beforeEach(() => {
  setReminderDays(null);
});

/** A key an administrator created for a new user, expiring at T (ms). */
async function keyExpiringAt(T: number, options: { by?: AuditContext } = {}) {
  const owner = await makeUser("user");
  const { key } = await createKey(
    rootActor,
    {
      ownerId: owner.id,
      name: `Reminder ${owner.username}`,
      description: "",
      expiresAt: undefined,
      bearerEnabled: false,
    },
    options.by ?? adminCtx,
  );
  setExpiry(key.id, T);
  return { key, owner };
}

/** "reminder:30:owner", "expired:creator", … for each queued row, in order. */
function series(keyId: number, ownerEmail: string): string[] {
  return expiryRows(keyId).map(({ dedupeKey, recipient }) => {
    const [kind, , , ...rest] = dedupeKey.split(":");
    const days = kind === "reminder" ? `:${rest[0]}` : "";
    return `${kind}${days}:${recipient === ownerEmail ? "owner" : "creator"}`;
  });
}

describe("expiryBands", () => {
  it("gives each reminder day the band where it is the most urgent passed reminder, then the expiry band", () => {
    const now = new Date(1_000 * DAY);
    const bands = expiryBands([7, 30, 1, 7], now).map((b) => ({
      kind: b.kind,
      days: b.kind === "reminder" ? b.days : undefined,
      from: (b.from.getTime() - now.getTime()) / DAY,
      to: (b.to.getTime() - now.getTime()) / DAY,
    }));
    expect(bands).toEqual([
      { kind: "reminder", days: 1, from: 0, to: 1 },
      { kind: "reminder", days: 7, from: 1, to: 7 },
      { kind: "reminder", days: 30, from: 7, to: 30 },
      { kind: "expired", days: undefined, from: -EXPIRY_NOTICE_WINDOW_DAYS, to: 0 },
    ]);
  });
});

describe("the reminder series (fake clock)", () => {
  it("sends each reminder (30, 7, 1 days) and the expiry notice exactly once, to owner and creator", async () => {
    const T = Date.now() + 40 * DAY;
    const { key, owner } = await keyExpiringAt(T);
    const at = (offset: number) => queueExpiryMail(new Date(T + offset));

    await at(-35 * DAY);
    expect(series(key.id, owner.email)).toEqual([]);
    await at(-30 * DAY + MIN);
    expect(series(key.id, owner.email)).toEqual(["reminder:30:owner", "reminder:30:creator"]);
    // The next tick finds nothing left to do for this key (the SQL dedupe check matches the keys written).
    const next = new Date(T - 30 * DAY + 2 * MIN);
    for (const band of expiryBands([30, 7, 1], next)) expect(await expiryCandidateIds(band)).not.toContain(key.id);
    expect((await at(-30 * DAY + 2 * MIN)).reminders).toBe(0);
    await at(-20 * DAY);
    await at(-7 * DAY + MIN);
    await at(-1 * DAY + MIN);
    await at(-1 * DAY + 30 * MIN);
    await at(MIN);
    await at(2 * DAY);
    expect(series(key.id, owner.email)).toEqual([
      "reminder:30:owner",
      "reminder:30:creator",
      "reminder:7:owner",
      "reminder:7:creator",
      "reminder:1:owner",
      "reminder:1:creator",
      "expired:owner",
      "expired:creator",
    ]);
  });

  it("says which key, when, what to do, and links owners to My API Keys and administrators to the key", async () => {
    const T = Date.now() + 40 * DAY;
    const { key, owner } = await keyExpiringAt(T);
    await queueExpiryMail(new Date(T - 7 * DAY + MIN));
    const [toOwner, toCreator] = expiryRows(key.id) as [Row, Row];
    expect(toOwner.recipient).toBe(owner.email);
    expect(toCreator.recipient).toBe(admin.email);
    for (const row of [toOwner, toCreator]) {
      expect(row.subject).toBe(`Access key "${key.name}" expires in 7 days`);
      expect(row.body).toContain(key.name);
      expect(row.body).toContain(key.clientId);
      expect(row.body).toContain(new Date(T).toISOString().slice(0, 10));
      expect(row.body).toMatch(/What to do: .*regenerate/);
      expect(row.status).toBe("outbox"); // no SMTP_URL here
    }
    expect(toOwner.body).toContain("Open: https://keys.example.test/me/api-keys\n");
    expect(toCreator.body).toContain(`Open: https://keys.example.test/admin/access-keys/${key.id}\n`);
    expect(toCreator.body).toContain(`that you created for ${owner.username}`);
  });

  it("follows the reminder days setting", async () => {
    setReminderDays([14]);
    const T = Date.now() + 40 * DAY;
    const { key, owner } = await keyExpiringAt(T);
    await queueExpiryMail(new Date(T - 20 * DAY));
    await queueExpiryMail(new Date(T - 7 * DAY + MIN));
    expect(series(key.id, owner.email)).toEqual(["reminder:14:owner", "reminder:14:creator"]);
  });
});

describe("catching up after downtime", () => {
  it("sends only the most urgent reminder that is due, not a burst of stale ones", async () => {
    const T = Date.now() + 40 * DAY;
    const { key, owner } = await keyExpiringAt(T);
    await queueExpiryMail(new Date(T - 3 * DAY)); // down from before the 30-day point until now
    expect(series(key.id, owner.email)).toEqual(["reminder:7:owner", "reminder:7:creator"]);
    await queueExpiryMail(new Date(T - 12 * 3600e3));
    await queueExpiryMail(new Date(T + 10 * DAY));
    expect(series(key.id, owner.email)).toEqual([
      "reminder:7:owner",
      "reminder:7:creator",
      "reminder:1:owner",
      "reminder:1:creator",
      "expired:owner",
      "expired:creator",
    ]);
  });

  it("sends only the expiry notice for a key that expired during the downtime", async () => {
    const T = Date.now() + 40 * DAY;
    const { key, owner } = await keyExpiringAt(T);
    await queueExpiryMail(new Date(T + 2 * DAY));
    expect(series(key.id, owner.email)).toEqual(["expired:owner", "expired:creator"]);
  });

  it(`sends nothing for a key that expired more than ${EXPIRY_NOTICE_WINDOW_DAYS} days ago`, async () => {
    const T = Date.now() + 40 * DAY;
    const { key } = await keyExpiringAt(T);
    await queueExpiryMail(new Date(T + (EXPIRY_NOTICE_WINDOW_DAYS + 1) * DAY));
    expect(expiryRows(key.id)).toEqual([]);
  });
});

describe("a new expiry date starts a new series", () => {
  it("regenerating: the new date gets its own reminders", async () => {
    const T = Date.now() + 5 * DAY;
    const { key, owner } = await keyExpiringAt(T);
    await queueExpiryMail(new Date());
    expect(series(key.id, owner.email)).toEqual(["reminder:7:owner", "reminder:7:creator"]);
    const { key: regenerated } = await regenerateKey(rootActor, key.id, adminCtx);
    const T2 = (regenerated.expiresAt as Date).getTime();
    await queueExpiryMail(new Date());
    await queueExpiryMail(new Date(T2 - 7 * DAY + MIN));
    const rows = expiryRows(key.id);
    expect(rows).toHaveLength(4);
    expect(rows.slice(2).map((r) => r.dedupeKey)).toEqual([
      `reminder:${key.id}:${T2}:7:${owner.email}`,
      `reminder:${key.id}:${T2}:7:${admin.email}`,
    ]);
  });

  it("extending the date: reminders already sent for the old date do not block the new one's", async () => {
    const T = Date.now() + 3 * DAY;
    const { key, owner } = await keyExpiringAt(T);
    await queueExpiryMail(new Date());
    const later = new Date(Date.now() + 20 * DAY).toISOString().slice(0, 10);
    const extended = await updateKey(
      rootActor,
      { id: key.id, name: key.name, description: "", expiresAt: later, bearerEnabled: false },
      adminCtx,
    );
    await queueExpiryMail(new Date());
    await queueExpiryMail(new Date());
    expect(series(key.id, owner.email)).toEqual([
      "reminder:7:owner",
      "reminder:7:creator",
      "reminder:30:owner",
      "reminder:30:creator",
    ]);
    expect(expiryRows(key.id)[2]?.dedupeKey).toContain(`:${(extended.expiresAt as Date).getTime()}:30:`);
  });
});

describe("who is reminded", () => {
  it("only the owner when the owner created the key", async () => {
    const owner = await makeUser("user");
    const ownCtx = { ...testContext, actorId: owner.id, actorUsername: owner.username };
    const T = Date.now() + 5 * DAY;
    const { key } = await createKey(
      rootActor,
      { ownerId: owner.id, name: "Own key", description: "", expiresAt: undefined, bearerEnabled: false },
      ownCtx,
    );
    setExpiry(key.id, T);
    await queueExpiryMail(new Date());
    expect(expiryRows(key.id).map((r) => r.recipient)).toEqual([owner.email]);
  });

  it("only the owner when the creator is no longer active", async () => {
    const creator = await makeUser("admin");
    const T = Date.now() + 5 * DAY;
    const { key, owner } = await keyExpiringAt(T, {
      by: { ...testContext, actorId: creator.id, actorUsername: creator.username },
    });
    await setUserStatus(rootActor, creator.id, "inactive", testContext);
    await queueExpiryMail(new Date());
    expect(expiryRows(key.id).map((r) => r.recipient)).toEqual([owner.email]);
  });

  it("nobody for a revoked key or a key whose owner is inactive", async () => {
    const T = Date.now() + 5 * DAY;
    const revoked = await keyExpiringAt(T);
    await setKeyStatus(rootActor, revoked.key.id, "revoke", adminCtx);
    const inactive = await keyExpiringAt(T);
    await setUserStatus(rootActor, inactive.owner.id, "inactive", testContext);
    await queueExpiryMail(new Date());
    await queueExpiryMail(new Date(T + MIN));
    expect(expiryRows(revoked.key.id)).toEqual([]);
    expect(expiryRows(inactive.key.id)).toEqual([]);
  });
});

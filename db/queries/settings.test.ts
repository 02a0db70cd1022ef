// Site settings in the database: defaults, per-setting writes, one audit event per change with its
// old and new value, all or nothing, and no cache between a change and the next read.
import { sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { AuditContext } from "@/lib/model/audit";
import { DEFAULT_SETTINGS, type Settings } from "@/lib/model/settings";
import { saveSettings } from "@/lib/services/settings";
import { testContext } from "@/test/db/fixtures";
import { rootActor } from "@/test/support/actors";
import { getDb, getSqlite, writeTransaction } from "../client";
import { getSettings, getSettingsTx } from "./settings";

const ctx: AuditContext = { actorId: 42, actorUsername: "settings-admin", ip: "10.0.0.9", userAgent: "vitest" };

const storedRows = () =>
  getSqlite().prepare("select key, value, updated_by_id as updatedById from settings order by key").all() as {
    key: string;
    value: string;
    updatedById: number | null;
  }[];
const lastEventId = () =>
  (getSqlite().prepare("select coalesce(max(id), 0) as id from audit_events").get() as { id: number }).id;
type EventRow = {
  event: string;
  actorId: number | null;
  actorUsername: string | null;
  targetType: string | null;
  targetLabel: string | null;
  ip: string | null;
  details: string | null;
};
const eventsAfter = (id: number) =>
  getSqlite()
    .prepare(
      `select event, actor_id as actorId, actor_username as actorUsername, target_type as targetType,
              target_label as targetLabel, ip, details from audit_events where id > ? order by id`,
    )
    .all(id) as EventRow[];

beforeEach(() => {
  getSqlite().prepare("delete from settings").run();
});

describe("getSettings", () => {
  it("gives the defaults on an empty table", async () => {
    expect(storedRows()).toEqual([]);
    expect(await getSettings()).toEqual(DEFAULT_SETTINGS);
    expect(await getSettings()).toEqual({
      maxKeysPerUser: 2,
      keyLifetimeDays: 90,
      expiryReminderDays: [30, 7, 1],
      selfServiceLevel: "view",
      apiKeyOnly: true,
      bearerKeys: true,
      tokenTtlSeconds: 3600,
    });
  });

  it("falls back to the default for an unreadable or invalid stored value, keeping the others", async () => {
    const insert = getSqlite().prepare("insert into settings (key, value, updated_at) values (?, ?, ?)");
    insert.run("maxKeysPerUser", "{not json", Date.now());
    insert.run("tokenTtlSeconds", "5", Date.now());
    insert.run("selfServiceLevel", JSON.stringify("full"), Date.now());
    expect(await getSettings()).toEqual({ ...DEFAULT_SETTINGS, selfServiceLevel: "full" });
  });

  it("reflects an update immediately, also inside a write transaction", async () => {
    await saveSettings(rootActor, { ...DEFAULT_SETTINGS, selfServiceLevel: "manage" }, ctx);
    expect((await getSettings()).selfServiceLevel).toBe("manage");
    await saveSettings(rootActor, { ...DEFAULT_SETTINGS, selfServiceLevel: "none" }, ctx);
    expect((await getSettings()).selfServiceLevel).toBe("none");
    expect(writeTransaction((tx) => getSettingsTx(tx)).selfServiceLevel).toBe("none");
    // A write made by another connection (another process) is seen too: nothing is cached.
    getSqlite().prepare("update settings set value = ? where key = 'selfServiceLevel'").run(JSON.stringify("full"));
    expect((await getSettings()).selfServiceLevel).toBe("full");
  });
});

describe("saveSettings", () => {
  it("writes only the settings that changed, one setting.update event each with {name, from, to}", async () => {
    const before = lastEventId();
    const next: Settings = {
      ...DEFAULT_SETTINGS,
      tokenTtlSeconds: 1800,
      keyLifetimeDays: "never",
      expiryReminderDays: [14, 2],
    };
    const changed = await saveSettings(rootActor, next, ctx);
    expect(changed.sort()).toEqual(["expiryReminderDays", "keyLifetimeDays", "tokenTtlSeconds"]);

    expect(storedRows()).toEqual([
      { key: "expiryReminderDays", value: "[14,2]", updatedById: 42 },
      { key: "keyLifetimeDays", value: '"never"', updatedById: 42 },
      { key: "tokenTtlSeconds", value: "1800", updatedById: 42 },
    ]);

    const events = eventsAfter(before);
    expect(events).toHaveLength(3);
    for (const event of events) {
      expect(event).toMatchObject({
        event: "setting.update",
        actorId: 42,
        actorUsername: "settings-admin",
        targetType: "setting",
        ip: "10.0.0.9",
      });
    }
    const details = Object.fromEntries(
      events.map((event) => [event.targetLabel, JSON.parse(event.details ?? "null") as unknown]),
    );
    expect(details).toEqual({
      tokenTtlSeconds: { name: "tokenTtlSeconds", from: 3600, to: 1800 },
      keyLifetimeDays: { name: "keyLifetimeDays", from: 90, to: "never" },
      expiryReminderDays: { name: "expiryReminderDays", from: [30, 7, 1], to: [14, 2] },
    });
    expect(await getSettings()).toEqual(next);
  });

  it("records the value it replaces, not the default, on a second change", async () => {
    await saveSettings(rootActor, { ...DEFAULT_SETTINGS, maxKeysPerUser: 5 }, ctx);
    const before = lastEventId();
    expect(await saveSettings(rootActor, { ...DEFAULT_SETTINGS, maxKeysPerUser: 7 }, testContext)).toEqual([
      "maxKeysPerUser",
    ]);
    const [event] = eventsAfter(before);
    expect(JSON.parse(event?.details ?? "null")).toEqual({ name: "maxKeysPerUser", from: 5, to: 7 });
    expect(event?.actorUsername).toBe("test");
    // Changing back to the default is a change like any other, and is stored.
    await saveSettings(rootActor, DEFAULT_SETTINGS, ctx);
    expect(storedRows()).toEqual([{ key: "maxKeysPerUser", value: "2", updatedById: 42 }]);
    expect(await getSettings()).toEqual(DEFAULT_SETTINGS);
  });

  it("touches only the settings it is given: a value changed meanwhile by someone else stays", async () => {
    await saveSettings(rootActor, { selfServiceLevel: "full" }, ctx);
    // Another administrator changes the TTL; this one then saves the level only.
    await saveSettings(rootActor, { tokenTtlSeconds: 900 }, testContext);
    const before = lastEventId();
    expect(await saveSettings(rootActor, { selfServiceLevel: "manage" }, ctx)).toEqual(["selfServiceLevel"]);
    expect(await getSettings()).toEqual({ ...DEFAULT_SETTINGS, selfServiceLevel: "manage", tokenTtlSeconds: 900 });
    expect(eventsAfter(before).map((e) => e.targetLabel)).toEqual(["selfServiceLevel"]);
    expect(await saveSettings(rootActor, {}, ctx)).toEqual([]);
  });

  it("no change: nothing is written and no event", async () => {
    const before = lastEventId();
    expect(await saveSettings(rootActor, { ...DEFAULT_SETTINGS }, ctx)).toEqual([]);
    expect(storedRows()).toEqual([]);
    expect(eventsAfter(before)).toEqual([]);

    await saveSettings(rootActor, { ...DEFAULT_SETTINGS, bearerKeys: false }, ctx);
    const rows = storedRows();
    const after = lastEventId();
    // The same values again: nothing to write.
    expect(await saveSettings(rootActor, { ...DEFAULT_SETTINGS, bearerKeys: false }, ctx)).toEqual([]);
    expect(storedRows()).toEqual(rows);
    expect(eventsAfter(after)).toEqual([]);
  });

  it("is atomic: when one audit event cannot be written, no setting is saved", async () => {
    getDb().run(
      sql.raw(`create trigger fail_setting_audit before insert on audit_events
        when new.event = 'setting.update' and new.target_label = 'tokenTtlSeconds'
        begin select raise(abort, 'audit write failed'); end`),
    );
    const before = lastEventId();
    try {
      await expect(
        saveSettings(
          rootActor,
          { ...DEFAULT_SETTINGS, maxKeysPerUser: 9, selfServiceLevel: "full", tokenTtlSeconds: 120, bearerKeys: false },
          ctx,
        ),
      ).rejects.toThrow(/audit write failed/);
    } finally {
      getDb().run(sql.raw("drop trigger fail_setting_audit"));
    }
    expect(storedRows()).toEqual([]);
    expect(eventsAfter(before)).toEqual([]);
    expect(await getSettings()).toEqual(DEFAULT_SETTINGS);
  });

  it("is atomic: when one setting cannot be written, neither the others nor any event are", async () => {
    await saveSettings(rootActor, { ...DEFAULT_SETTINGS, maxKeysPerUser: 4 }, ctx);
    const rows = storedRows();
    getDb().run(
      sql.raw(`create trigger fail_setting_write before insert on settings when new.key = 'bearerKeys'
        begin select raise(abort, 'setting write failed'); end`),
    );
    const before = lastEventId();
    try {
      await expect(
        saveSettings(
          rootActor,
          { ...DEFAULT_SETTINGS, maxKeysPerUser: 6, selfServiceLevel: "none", bearerKeys: false },
          ctx,
        ),
      ).rejects.toThrow(/setting write failed/);
    } finally {
      getDb().run(sql.raw("drop trigger fail_setting_write"));
    }
    expect(storedRows()).toEqual(rows);
    expect(eventsAfter(before)).toEqual([]);
    expect(await getSettings()).toEqual({ ...DEFAULT_SETTINGS, maxKeysPerUser: 4 });
  });
});

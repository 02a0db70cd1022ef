import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS, resolveSettings, SELF_SERVICE_LEVELS, SETTING_NAMES, settingSchemas } from "./settings";

const accepts = (name: keyof typeof settingSchemas, value: unknown) => settingSchemas[name].safeParse(value).success;
const parsed = (name: keyof typeof settingSchemas, value: unknown) => {
  const result = settingSchemas[name].safeParse(value);
  if (!result.success) throw new Error(`${name} refused ${JSON.stringify(value)}`);
  return result.data;
};

describe("resolveSettings", () => {
  it("gives the defaults when nothing is stored", () => {
    expect(resolveSettings({})).toEqual({
      maxKeysPerUser: 2,
      keyLifetimeDays: 90,
      expiryReminderDays: [30, 7, 1],
      selfServiceLevel: "view",
      apiKeyOnly: true,
      bearerKeys: true,
      tokenTtlSeconds: 3600,
    });
    expect(resolveSettings({})).toEqual(DEFAULT_SETTINGS);
    expect(SETTING_NAMES.sort()).toEqual(Object.keys(DEFAULT_SETTINGS).sort());
  });

  it("keeps valid stored values", () => {
    expect(
      resolveSettings({
        maxKeysPerUser: 5,
        keyLifetimeDays: "never",
        expiryReminderDays: [7, 14, 7],
        selfServiceLevel: "full",
        apiKeyOnly: false,
        bearerKeys: "off",
        tokenTtlSeconds: 600,
      }),
    ).toEqual({
      maxKeysPerUser: 5,
      keyLifetimeDays: "never",
      expiryReminderDays: [14, 7],
      selfServiceLevel: "full",
      apiKeyOnly: false,
      bearerKeys: false,
      tokenTtlSeconds: 600,
    });
    expect(resolveSettings({ keyLifetimeDays: 30 }).keyLifetimeDays).toBe(30);
  });

  it("falls back to the default for each invalid value, keeping the valid ones", () => {
    const resolved = resolveSettings({
      maxKeysPerUser: 0,
      keyLifetimeDays: 5000,
      expiryReminderDays: "soon",
      selfServiceLevel: "admin",
      apiKeyOnly: "maybe",
      bearerKeys: false,
      tokenTtlSeconds: 59,
    });
    expect(resolved).toEqual({ ...DEFAULT_SETTINGS, bearerKeys: false });
    expect(resolveSettings({ maxKeysPerUser: 101, tokenTtlSeconds: 86401 })).toEqual(DEFAULT_SETTINGS);
    expect(
      resolveSettings({ maxKeysPerUser: null, keyLifetimeDays: null, selfServiceLevel: null }).maxKeysPerUser,
    ).toBe(2);
  });

  it("ignores unknown settings and does not alter the defaults", () => {
    const before = structuredClone(DEFAULT_SETTINGS);
    const resolved = resolveSettings({ somethingElse: 1, maxkeysperuser: 50 });
    expect(resolved).toEqual(DEFAULT_SETTINGS);
    resolveSettings({ maxKeysPerUser: 9, expiryReminderDays: [3] });
    expect(DEFAULT_SETTINGS).toEqual(before);
  });
});

describe("maxKeysPerUser: 1–100", () => {
  it("accepts whole numbers from 1 to 100, also as form strings", () => {
    for (const v of [1, 2, 50, 100]) expect(parsed("maxKeysPerUser", v)).toBe(v);
    expect(parsed("maxKeysPerUser", "7")).toBe(7);
  });

  it("refuses anything else", () => {
    for (const v of [0, -1, 101, 1000, 1.5, "abc", "", "1e3", Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(accepts("maxKeysPerUser", v), String(v)).toBe(false);
    }
  });
});

describe("keyLifetimeDays: 'never' or 1–3650", () => {
  it("accepts 'never' and whole days from 1 to 3650", () => {
    expect(parsed("keyLifetimeDays", "never")).toBe("never");
    for (const v of [1, 90, 3650]) expect(parsed("keyLifetimeDays", v)).toBe(v);
    expect(parsed("keyLifetimeDays", "90")).toBe(90);
  });

  it("refuses anything else", () => {
    for (const v of [0, -5, 3651, 1.5, "forever", "Never", "", null]) {
      expect(accepts("keyLifetimeDays", v), String(v)).toBe(false);
    }
  });
});

describe("tokenTtlSeconds: 60–86400", () => {
  it("accepts whole seconds from 60 to 86400", () => {
    for (const v of [60, 3600, 86400]) expect(parsed("tokenTtlSeconds", v)).toBe(v);
    expect(parsed("tokenTtlSeconds", "120")).toBe(120);
  });

  it("refuses anything else", () => {
    for (const v of [59, 0, -60, 86401, 60.5, "an hour", ""])
      expect(accepts("tokenTtlSeconds", v), String(v)).toBe(false);
  });
});

describe("selfServiceLevel", () => {
  it("accepts exactly none, view, manage and full", () => {
    expect([...SELF_SERVICE_LEVELS]).toEqual(["none", "view", "manage", "full"]);
    for (const v of SELF_SERVICE_LEVELS) expect(parsed("selfServiceLevel", v)).toBe(v);
    for (const v of ["admin", "", "VIEW", "Full", " view", 1, null]) {
      expect(accepts("selfServiceLevel", v), String(v)).toBe(false);
    }
  });
});

describe("apiKeyOnly and bearerKeys", () => {
  it('read "on"/"off" (form checkboxes) and booleans', () => {
    for (const name of ["apiKeyOnly", "bearerKeys"] as const) {
      expect(parsed(name, "on")).toBe(true);
      expect(parsed(name, "off")).toBe(false);
      expect(parsed(name, true)).toBe(true);
      expect(parsed(name, false)).toBe(false);
    }
  });

  it("refuse anything else", () => {
    for (const name of ["apiKeyOnly", "bearerKeys"] as const) {
      for (const v of ["maybe", "yes", "", 1, 0, null]) expect(accepts(name, v), `${name}=${String(v)}`).toBe(false);
    }
  });
});

describe("expiryReminderDays", () => {
  it("keeps 1–365 days, without duplicates, latest first", () => {
    expect(parsed("expiryReminderDays", [1, 30, 7, 30])).toEqual([30, 7, 1]);
    expect(parsed("expiryReminderDays", [])).toEqual([]);
    for (const v of [[0], [366], [1.5], ["x"], Array.from({ length: 11 }, (_, i) => i + 1)]) {
      expect(accepts("expiryReminderDays", v), JSON.stringify(v)).toBe(false);
    }
  });
});

import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  bulkKeySchema,
  createAccessKeySchema,
  keyDescriptionSchema,
  keyIdSchema,
  keyNameSchema,
  updateAccessKeySchema,
  withExpiryPolicy,
} from "./access-keys";
import { fieldErrorsOf } from "./field-errors";

const nameIssue = (value: unknown) => {
  const result = keyNameSchema.safeParse(value);
  return result.success ? undefined : result.error.issues.map((i) => i.message).join(" ");
};
const form = (overrides: Record<string, unknown> = {}) => ({
  ownerId: "3",
  name: "CI key",
  description: "",
  expiresAt: "",
  ...overrides,
});

describe("key name", () => {
  it("accepts 1–64 English letters, digits, spaces, '.', '_' and '-'", () => {
    for (const name of ["a", "Z", "7", "Jenkins CI", "gitlab-runner_prod.v2", "A.B_C-D 9", "x".repeat(64)]) {
      expect(keyNameSchema.parse(name)).toBe(name);
    }
  });

  it("trims surrounding spaces", () => {
    expect(keyNameSchema.parse("  TeamCity agent  ")).toBe("TeamCity agent");
  });

  it("is required", () => {
    for (const empty of ["", "   ", "\t\n"]) expect(nameIssue(empty)).toMatch(/required/i);
    expect(nameIssue(undefined)).toBeDefined();
  });

  it("is at most 64 characters", () => {
    expect(nameIssue("x".repeat(65))).toMatch(/64/);
  });

  it("refuses other characters with a message naming what is allowed", () => {
    const refused = [
      "clé",
      "Müller key",
      "ключ",
      "密钥",
      "key 🔑",
      "zero\u200bwidth",
      "\u200bleading",
      "rtl\u200fmark",
      "\u202ereversed",
      "<script>alert(1)</script>",
      "'; DROP TABLE access_keys; --",
      'quote"s',
      "a/b",
      "back\\slash",
      "tab\tinside",
      "new\nline",
      "nul\u0000byte",
      "ＡＢＣ",
      "ﬁle",
      "\u212Aelvin",
      "ı",
      "100%",
      "a+b",
      "a:b",
    ];
    for (const name of refused) {
      const message = nameIssue(name);
      expect(message, JSON.stringify(name)).toBeDefined();
      expect(message, JSON.stringify(name)).toMatch(/English letters/);
    }
  });

  it("refuses non-strings", () => {
    for (const value of [42, null, true, ["a"], { name: "a" }]) expect(nameIssue(value)).toBeDefined();
  });
});

describe("key description", () => {
  it("is optional and at most 500 characters", () => {
    expect(keyDescriptionSchema.parse(undefined)).toBe("");
    expect(keyDescriptionSchema.parse("")).toBe("");
    expect(keyDescriptionSchema.parse("d".repeat(500))).toHaveLength(500);
    expect(keyDescriptionSchema.parse(`  ${"d".repeat(500)}  `)).toHaveLength(500);
    const result = keyDescriptionSchema.safeParse("d".repeat(501));
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/500/);
  });

  it("may hold any text (it is only displayed)", () => {
    expect(keyDescriptionSchema.parse("Used by Jenkins — prod & <staging>")).toBe("Used by Jenkins — prod & <staging>");
  });
});

describe("createAccessKeySchema", () => {
  it("parses a form submission", () => {
    expect(createAccessKeySchema.parse(form({ bearerEnabled: "on", expiresAt: "2030-01-31" }))).toEqual({
      ownerId: 3,
      name: "CI key",
      description: "",
      expiresAt: "2030-01-31",
      bearerEnabled: true,
    });
  });

  it('bearerEnabled: "on" is true, a missing checkbox is false', () => {
    expect(createAccessKeySchema.parse(form({ bearerEnabled: "on" })).bearerEnabled).toBe(true);
    expect(createAccessKeySchema.parse(form({ bearerEnabled: true })).bearerEnabled).toBe(true);
    expect(createAccessKeySchema.parse(form()).bearerEnabled).toBe(false);
    expect(createAccessKeySchema.parse(form({ bearerEnabled: "off" })).bearerEnabled).toBe(false);
    expect(createAccessKeySchema.parse(form({ bearerEnabled: false })).bearerEnabled).toBe(false);
  });

  it("an empty or missing expiration date means the policy default", () => {
    expect(createAccessKeySchema.parse(form()).expiresAt).toBeUndefined();
    expect(createAccessKeySchema.parse(form({ expiresAt: "   " })).expiresAt).toBeUndefined();
    expect(createAccessKeySchema.parse({ ownerId: 1, name: "k" }).expiresAt).toBeUndefined();
  });

  it("requires an owner", () => {
    for (const ownerId of ["", "abc", 0, -1, 1.5, undefined]) {
      const result = createAccessKeySchema.safeParse(form({ ownerId }));
      expect(result.success, String(ownerId)).toBe(false);
      expect(result.error?.issues.some((i) => i.path[0] === "ownerId")).toBe(true);
    }
  });

  it("reports a bad name on the name field", () => {
    const result = createAccessKeySchema.safeParse(form({ name: "clé" }));
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["name"]);
    expect(result.error?.issues[0]?.message).toMatch(/English letters/);
  });
});

describe("updateAccessKeySchema and keyIdSchema", () => {
  it("need a positive key id", () => {
    expect(updateAccessKeySchema.parse({ ...form(), id: "12" }).id).toBe(12);
    expect(updateAccessKeySchema.safeParse(form()).success).toBe(false);
    expect(updateAccessKeySchema.safeParse({ ...form(), id: "0" }).success).toBe(false);
    expect(keyIdSchema.parse({ id: "5" })).toEqual({ id: 5 });
    for (const id of ["", "x", -1, 2.5]) expect(keyIdSchema.safeParse({ id }).success, String(id)).toBe(false);
  });

  it("apply the same name and description rules", () => {
    expect(updateAccessKeySchema.safeParse({ ...form({ name: "<b>" }), id: 1 }).success).toBe(false);
    expect(updateAccessKeySchema.safeParse({ ...form({ description: "d".repeat(501) }), id: 1 }).success).toBe(false);
    expect(updateAccessKeySchema.parse({ ...form({ bearerEnabled: "on" }), id: 1 }).bearerEnabled).toBe(true);
  });
});

describe("bulkKeySchema", () => {
  it("accepts deactivate, revoke and delete on 1–500 ids", () => {
    for (const action of ["deactivate", "revoke", "delete"]) {
      expect(bulkKeySchema.parse({ ids: ["1", 2], action })).toEqual({ ids: [1, 2], action });
    }
    expect(
      bulkKeySchema.parse({ ids: Array.from({ length: 500 }, (_, i) => i + 1), action: "revoke" }).ids,
    ).toHaveLength(500);
  });

  it("refuses other actions, no selection, too many or bad ids", () => {
    const refused = [
      { ids: [1], action: "activate" },
      { ids: [1], action: "regenerate" },
      { ids: [1], action: "DELETE" },
      { ids: [], action: "delete" },
      { ids: Array.from({ length: 501 }, (_, i) => i + 1), action: "delete" },
      { ids: [0], action: "delete" },
      { ids: ["abc"], action: "delete" },
      { ids: "1,2", action: "delete" },
      { action: "delete" },
    ];
    for (const input of refused) expect(bulkKeySchema.safeParse(input).success, JSON.stringify(input)).toBe(false);
    expect(bulkKeySchema.safeParse({ ids: [], action: "delete" }).error?.issues[0]?.message).toMatch(/at least one/i);
  });
});

describe("one message per problem", () => {
  it("an empty name is required, not also refused for its characters", () => {
    expect(nameIssue("")).toBe("API key name is required.");
    expect(nameIssue("   ")).toBe("API key name is required.");
  });
});

describe("withExpiryPolicy: the expiration date checked with every other field", () => {
  const NOW = new Date();
  const day = (offset: number) => new Date(NOW.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  const policy = (keyLifetimeDays: number | "never", current?: string) => async () => ({ keyLifetimeDays, current });
  const issuesOf = async (schema: z.ZodType, input: Record<string, unknown>) => {
    const result = await schema.safeParseAsync(input);
    return result.success ? {} : fieldErrorsOf(result.error.issues);
  };

  it("reports a date beyond the policy together with the other field errors, on the same pass", async () => {
    const schema = withExpiryPolicy(createAccessKeySchema, policy(90));
    const errors = await issuesOf(schema, form({ ownerId: "", name: "bad/name", expiresAt: day(400) }));
    expect(Object.keys(errors).sort()).toEqual(["expiresAt", "name", "ownerId"]);
    expect(errors.expiresAt).toEqual([expect.stringMatching(/^The expiration date cannot be later than \d{4}-/)]);
  });

  it("also when another field is of the wrong type", async () => {
    const schema = withExpiryPolicy(createAccessKeySchema, policy(30));
    const errors = await issuesOf(schema, form({ ownerId: "x", expiresAt: day(60) }));
    expect(Object.keys(errors).sort()).toEqual(["expiresAt", "ownerId"]);
  });

  it("refuses a past date as 'must be today or later', and a malformed one once", async () => {
    const schema = withExpiryPolicy(createAccessKeySchema, policy("never"));
    expect((await issuesOf(schema, form({ expiresAt: day(-2) }))).expiresAt).toEqual([
      "The expiration date must be today or later.",
    ]);
    expect((await issuesOf(schema, form({ expiresAt: "2030-02-30" }))).expiresAt).toEqual([
      "Enter a valid date (yyyy-mm-dd).",
    ]);
  });

  it("accepts today, the latest date, and no date", async () => {
    const schema = withExpiryPolicy(createAccessKeySchema, policy(90));
    for (const expiresAt of [day(0), day(89), ""]) {
      expect((await schema.safeParseAsync(form({ expiresAt }))).success, expiresAt).toBe(true);
    }
  });

  it("an edit may keep the key's current date, even one the policy would no longer allow", async () => {
    const kept = day(500);
    const schema = withExpiryPolicy(updateAccessKeySchema, policy(90, kept));
    expect((await schema.safeParseAsync({ id: "4", name: "CI key", expiresAt: kept })).success).toBe(true);
    const changed = await issuesOf(schema, { id: "4", name: "CI key", expiresAt: day(499) });
    expect(changed.expiresAt?.[0]).toMatch(/cannot be later than/);
  });

  it("does not read the policy for input that is not a form at all", async () => {
    let reads = 0;
    const schema = withExpiryPolicy(createAccessKeySchema, async () => {
      reads += 1;
      return { keyLifetimeDays: 90 };
    });
    expect((await schema.safeParseAsync("not a form")).success).toBe(false);
    expect(reads).toBe(0);
  });
});

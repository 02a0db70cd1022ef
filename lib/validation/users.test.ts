import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  changePasswordSchema,
  createUserSchema,
  emailSchema,
  passwordSchema,
  roleSchema,
  updateUserSchema,
  usernameSchema,
} from "./users";

const bytes = (s: string) => Buffer.byteLength(s, "utf8");
const messages = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => i.message);
};

describe("usernameSchema", () => {
  it.each(["abc", "alice", "Alice.Smith", "a_b-c.d", "user123", "A".repeat(64)])("accepts %j", (name) => {
    expect(usernameSchema.parse(name)).toBe(name);
  });

  it("trims surrounding spaces", () => {
    expect(usernameSchema.parse("  alice  ")).toBe("alice");
  });

  it("refuses fewer than 3 or more than 64 characters", () => {
    expect(messages(usernameSchema, "ab")).toContain("Username must be 3 to 64 characters.");
    expect(messages(usernameSchema, "")).toContain("Username must be 3 to 64 characters.");
    expect(messages(usernameSchema, "   ab   ")).toContain("Username must be 3 to 64 characters.");
    expect(messages(usernameSchema, "a".repeat(65))).toContain("Username must be 3 to 64 characters.");
  });

  it.each([
    "alice smith",
    "ålice",
    "алиса",
    "alice😀",
    "alice\u200b",
    "alice'--",
    "a;drop table users",
    'al"ice',
    "a%b",
    "a_b*",
    "<script>",
    "alice@example",
    "a/b",
    "a\\b",
    "tab\tname",
  ])("refuses %j", (name) => {
    expect(usernameSchema.safeParse(name).success).toBe(false);
  });

  it("refuses non-strings", () => {
    expect(usernameSchema.safeParse(123).success).toBe(false);
    expect(usernameSchema.safeParse(null).success).toBe(false);
  });
});

describe("emailSchema", () => {
  it("accepts a normal address, trimmed", () => {
    expect(emailSchema.parse(" alice@example.com ")).toBe("alice@example.com");
  });

  it.each(["", "alice", "alice@", "@example.com", "alice example.com", "alice@@example.com"])("refuses %j", (email) => {
    expect(emailSchema.safeParse(email).success).toBe(false);
  });

  it("refuses addresses over 254 characters", () => {
    const long = `${"a".repeat(60)}@${"b".repeat(200)}.com`;
    expect(long.length).toBeGreaterThan(254);
    expect(messages(emailSchema, long)).toContain("Email must be at most 254 characters.");
  });
});

describe("passwordSchema", () => {
  it("accepts 12 characters and more", () => {
    expect(passwordSchema.safeParse("a".repeat(12)).success).toBe(true);
    expect(passwordSchema.safeParse("correct horse battery staple").success).toBe(true);
  });

  it("refuses fewer than 12 characters", () => {
    expect(messages(passwordSchema, "a".repeat(11))).toEqual(["Password must be at least 12 characters."]);
    expect(passwordSchema.safeParse("").success).toBe(false);
  });

  it("accepts exactly 72 bytes", () => {
    expect(passwordSchema.safeParse("a".repeat(72)).success).toBe(true);
    expect(passwordSchema.safeParse("é".repeat(36)).success).toBe(true); // 72 bytes
  });

  it("refuses more than 72 bytes with a message that says so", () => {
    const [message] = messages(passwordSchema, "a".repeat(73));
    expect(message).toMatch(/72 bytes/);
  });

  it("counts bytes, not characters: fewer than 72 characters but more than 72 bytes is refused", () => {
    const accented = "é".repeat(40); // 40 characters, 80 bytes
    expect(accented.length).toBeLessThan(72);
    expect(bytes(accented)).toBeGreaterThan(72);
    expect(messages(passwordSchema, accented).join(" ")).toMatch(/72 bytes/);

    const withEmoji = `${"a".repeat(70)}🔑`; // 72 UTF-16 units, 74 bytes
    expect(messages(passwordSchema, withEmoji).join(" ")).toMatch(/72 bytes/);
  });

  it("does not trim: spaces are part of the password", () => {
    expect(passwordSchema.parse("  twelve chars  ")).toBe("  twelve chars  ");
  });
});

describe("roleSchema", () => {
  it.each(["admin", "auditor", "user"])("accepts %s", (role) => {
    expect(roleSchema.parse(role)).toBe(role);
  });

  it.each(["Admin", "root", "superuser", "", "admin "])("refuses %j", (role) => {
    expect(roleSchema.safeParse(role).success).toBe(false);
  });
});

describe("createUserSchema", () => {
  const valid = {
    username: "alice",
    fullName: "Alice",
    email: "alice@example.com",
    role: "user",
    password: "long enough pw",
  };

  it("requires a password and a role", () => {
    expect(createUserSchema.safeParse(valid).success).toBe(true);
    expect(createUserSchema.safeParse({ ...valid, password: "" }).success).toBe(false);
    expect(createUserSchema.safeParse({ ...valid, password: undefined }).success).toBe(false);
    expect(createUserSchema.safeParse({ ...valid, role: "owner" }).success).toBe(false);
  });

  it("refuses a blank full name", () => {
    expect(createUserSchema.safeParse({ ...valid, fullName: "   " }).success).toBe(false);
  });
});

describe("updateUserSchema", () => {
  const base = { id: "7", username: "alice", fullName: "Alice", email: "alice@example.com", role: "auditor" };

  it("treats an empty or missing password as 'keep the current one'", () => {
    expect(updateUserSchema.parse({ ...base, password: "" }).password).toBeUndefined();
    expect(updateUserSchema.parse(base).password).toBeUndefined();
  });

  it("keeps a new valid password", () => {
    expect(updateUserSchema.parse({ ...base, password: "a brand new password" }).password).toBe("a brand new password");
  });

  it("still validates a non-empty password", () => {
    expect(updateUserSchema.safeParse({ ...base, password: "short" }).success).toBe(false);
    expect(messages(updateUserSchema, { ...base, password: "é".repeat(40) }).join(" ")).toMatch(/72 bytes/);
  });

  it("coerces the id and refuses a bad one", () => {
    expect(updateUserSchema.parse(base).id).toBe(7);
    for (const id of ["0", "-3", "1.5", "abc"]) expect(updateUserSchema.safeParse({ ...base, id }).success).toBe(false);
  });

  it("checks the role enum", () => {
    expect(updateUserSchema.parse(base).role).toBe("auditor");
    expect(updateUserSchema.safeParse({ ...base, role: "root" }).success).toBe(false);
  });
});

describe("one message per problem", () => {
  it("an empty username is too short, not also refused for its characters", () => {
    const result = usernameSchema.safeParse("");
    expect(result.error?.issues.map((i) => i.message)).toEqual(["Username must be 3 to 64 characters."]);
  });
});

describe("changePasswordSchema", () => {
  it("applies the password rules to the new password only", () => {
    expect(changePasswordSchema.safeParse({ currentPassword: "old", newPassword: "new long password" }).success).toBe(
      true,
    );
    expect(changePasswordSchema.safeParse({ currentPassword: "old", newPassword: "short" }).success).toBe(false);
    expect(changePasswordSchema.safeParse({ currentPassword: "", newPassword: "new long password" }).success).toBe(
      false,
    );
  });

  it("refuses a new password equal to the current one, on the new password's field", () => {
    const result = changePasswordSchema.safeParse({
      currentPassword: "my long password",
      newPassword: "my long password",
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["newPassword", "The new password must be different from the current password."],
    ]);
  });
});

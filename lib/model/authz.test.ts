import { describe, expect, it } from "vitest";
import { type Actor, authorize, can, roleMay, rolesWith } from "./authz";

const actor = (role: Actor["role"], status: Actor["status"] = "active"): Actor => ({
  id: 1,
  username: "x",
  role,
  status,
});

describe("authz", () => {
  it("lets admins write and auditors only read", () => {
    expect(can(actor("admin"), "users:write")).toBe(true);
    expect(can(actor("auditor"), "users:read")).toBe(true);
    expect(can(actor("auditor"), "users:write")).toBe(false);
    expect(can(actor("user"), "users:read")).toBe(false);
    expect(can(actor("user"), "account:write")).toBe(true);
  });

  it("own keys: everyone may look, auditors change nothing; staff introspect any token, admins revoke any", () => {
    expect(["admin", "auditor", "user"].map((r) => can(actor(r as Actor["role"]), "own-keys:read"))).toEqual([
      true,
      true,
      true,
    ]);
    expect(["admin", "auditor", "user"].map((r) => can(actor(r as Actor["role"]), "own-keys:write"))).toEqual([
      true,
      false,
      true,
    ]);
    expect(can(actor("user", "inactive"), "own-keys:read")).toBe(false);
    expect(["admin", "auditor", "user"].map((r) => roleMay(r as Actor["role"], "tokens:introspect-any"))).toEqual([
      true,
      true,
      false,
    ]);
    expect(["admin", "auditor", "user"].map((r) => roleMay(r as Actor["role"], "tokens:revoke-any"))).toEqual([
      true,
      false,
      false,
    ]);
  });

  it("names the roles holding a permission, as the last-admin rule counts them", () => {
    expect(rolesWith("users:write")).toEqual(["admin"]);
    expect(rolesWith("keys:read")).toEqual(["admin", "auditor"]);
  });

  it("refuses inactive and missing actors everything", () => {
    expect(can(actor("admin", "inactive"), "users:read")).toBe(false);
    expect(can(null, "account:write")).toBe(false);
    expect(() => authorize(undefined, "users:read")).toThrow("forbidden");
  });

  it("authorize returns the actor when allowed and throws a forbidden DomainError otherwise", () => {
    const admin = actor("admin");
    expect(authorize(admin, "settings:write")).toBe(admin);
    expect(() => authorize(actor("auditor"), "settings:write")).toThrowError(
      expect.objectContaining({ code: "forbidden" }),
    );
  });
});

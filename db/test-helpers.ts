import { randomBytes } from "node:crypto";
import type { AuditContext } from "@/lib/audit";
import type { Role } from "@/lib/authz";
import { createUser } from "./queries/users";

export const testContext: AuditContext = { actorId: null, actorUsername: "test", ip: "127.0.0.1", userAgent: "vitest" };

/** A user with a unique name, for tests that must not collide with each other. */
export async function makeUser(role: Role = "user", overrides: { password?: string } = {}) {
  const suffix = randomBytes(4).toString("hex");
  const password = overrides.password ?? "correct horse battery";
  const user = await createUser(
    {
      username: `${role}-${suffix}`,
      fullName: `Test ${role} ${suffix}`,
      email: `${role}-${suffix}@example.test`,
      role,
      password,
    },
    testContext,
  );
  return { ...user, password };
}

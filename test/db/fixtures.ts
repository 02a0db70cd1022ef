import { getDb } from "@/db/client";
import { accessKeys } from "@/db/schema";
import type { AuditContext } from "@/lib/model/audit";
import type { Role } from "@/lib/model/authz";
import { createUser } from "@/lib/services/users";
import { rootActor } from "@/test/support/actors";
import { tag } from "@/test/support/unique";

export const testContext: AuditContext = { actorId: null, actorUsername: "test", ip: "127.0.0.1", userAgent: "vitest" };

/** A user with a unique name, for tests that must not collide with each other. */
export async function makeUser(role: Role = "user", overrides: { password?: string } = {}) {
  const suffix = tag();
  const password = overrides.password ?? "correct horse battery";
  const user = await createUser(
    rootActor,
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

/** Bare key rows for an owner, straight into the table (for tests about users, not keys). */
export function insertRawKeys(ownerId: number, n = 1): void {
  for (let i = 0; i < n; i++) {
    const t = tag();
    getDb()
      .insert(accessKeys)
      .values({
        clientId: `kw_client_${t}`,
        name: `Key ${t}`,
        ownerId,
        createdByUsername: "test",
        updatedAt: new Date(),
        secretHash: `hash-${t}`,
        secretHint: t.slice(0, 4),
      })
      .run();
  }
}

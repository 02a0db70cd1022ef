// Usage batches in the server go to another thread (lib/server/host.ts writeUsage); these tests pin
// down the recorder's side: a batch goes to the writer it was given, and is written on this thread's
// own connection when that writer cannot take it, so nothing is lost.
import { afterEach, describe, expect, it, vi } from "vitest";
import { getSqlite } from "@/db/client";
import type { UsageBatch } from "@/db/queries/verification";
import { freshIp, userWithKey } from "./test-helpers";
import { usage } from "./usage";

afterEach(() => {
  usage().writeWith(undefined);
  vi.restoreAllMocks();
});

async function attempt() {
  const { key } = await userWithKey();
  const ip = freshIp();
  usage().record({
    outcome: "success",
    via: "bearer_key",
    clientId: key.clientId,
    keyId: key.id,
    ownerId: key.ownerId,
    ownerUsername: "someone",
    ip,
    userAgent: "usage test",
  });
  return { key, ip };
}

const lastUsedIp = (keyId: number) =>
  getSqlite().prepare("select last_used_ip from access_keys where id = ?").pluck().get(keyId);
const eventsFrom = (ip: string) =>
  getSqlite().prepare("select count(*) from audit_events where event = 'api.auth' and ip = ?").pluck().get(ip);

describe("usage batches", () => {
  it("go to the writer the recorder was given, and are not written here as well", async () => {
    const handed: UsageBatch[] = [];
    usage().writeWith(async (batch) => {
      handed.push(batch);
    });
    const { key, ip } = await attempt();
    await usage().flush();
    expect(handed).toHaveLength(1);
    expect(handed[0]?.lastUsed).toEqual([{ keyId: key.id, at: expect.any(Date), ip }]);
    expect(handed[0]?.events.map((e) => [e.entry.clientId, e.entry.details])).toEqual([
      [key.clientId, { via: "bearer_key", count: 1 }],
    ]);
    expect(lastUsedIp(key.id)).toBeNull();
    expect(eventsFrom(ip)).toBe(0);
  });

  it("are written on this thread's connection when the writer cannot take them", async () => {
    const writer = vi.fn(() => Promise.reject(new Error("the worker is not running")));
    usage().writeWith(writer);
    const { key, ip } = await attempt();
    await usage().flush();
    expect(writer).toHaveBeenCalledTimes(1);
    expect(lastUsedIp(key.id)).toBe(ip);
    expect(eventsFrom(ip)).toBe(1);
  });
});

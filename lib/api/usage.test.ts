// Usage batches in the server go to another thread (lib/server/host.ts writeUsage); these tests pin
// down the recorder's side: a batch goes to the writer it was given, is handed over again when that
// writer could not take it, and is written on this thread's own connection as a last resort, so
// nothing is lost.
import { afterEach, describe, expect, it, vi } from "vitest";
import { getSqlite } from "@/db/client";
import type { UsageBatch } from "@/db/queries/verification";
import * as verification from "@/db/queries/verification";
import { freshIp, userWithKey } from "@/test/api/helpers";
import { HANDOFF_ATTEMPTS, usage } from "./usage";

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

  it("are handed over again with the next batch when the writer could not take them", async () => {
    const handed: UsageBatch[] = [];
    let refuse = true;
    usage().writeWith(async (batch) => {
      if (refuse) throw new Error("the worker is not running");
      handed.push(batch);
    });
    const first = await attempt();
    await usage().flush();
    refuse = false;
    const second = await attempt();
    await usage().flush();
    expect(handed).toHaveLength(1);
    expect(handed[0]?.lastUsed.map((use) => [use.keyId, use.ip])).toEqual([
      [first.key.id, first.ip],
      [second.key.id, second.ip],
    ]);
    expect(handed[0]?.events).toHaveLength(2);
    expect([lastUsedIp(first.key.id), eventsFrom(first.ip)]).toEqual([null, 0]);
  });

  it("go one commit at a time, the next taking everything collected while the writer was busy", async () => {
    const handed: UsageBatch[] = [];
    let release: () => void = () => {};
    usage().writeWith(async (batch) => {
      handed.push(batch);
      if (handed.length === 1) await new Promise<void>((resolve) => (release = resolve));
    });
    const first = await attempt();
    const busy = usage().flush();
    await vi.waitFor(() => expect(handed).toHaveLength(1));
    const later = [await attempt(), await attempt(), await attempt()];
    for (let i = 0; i < 3; i++) void usage().flush();
    release();
    await busy;
    await usage().flush();
    expect(handed).toHaveLength(2);
    expect(handed[0]?.lastUsed.map((use) => use.keyId)).toEqual([first.key.id]);
    expect(handed[1]?.lastUsed.map((use) => use.keyId)).toEqual(later.map((l) => l.key.id));
  });

  it(`are committed on this thread's connection after ${HANDOFF_ATTEMPTS} failed hand-overs in a row`, async () => {
    const writer = vi.fn(() => Promise.reject(new Error("the worker did not confirm in time")));
    usage().writeWith(writer);
    const { key, ip } = await attempt();
    for (let i = 1; i < HANDOFF_ATTEMPTS; i++) await usage().flush();
    expect(writer).toHaveBeenCalledTimes(HANDOFF_ATTEMPTS - 1);
    expect(lastUsedIp(key.id)).toBeNull();
    await usage().flush();
    expect(writer).toHaveBeenCalledTimes(HANDOFF_ATTEMPTS);
    expect(lastUsedIp(key.id)).toBe(ip);
    expect(eventsFrom(ip)).toBe(1);
  });

  it("are committed here once the writer is taken away (shutdown), a batch it had refused included", async () => {
    usage().writeWith(() => Promise.reject(new Error("the worker exited (1)")));
    const { key, ip } = await attempt();
    await usage().flush();
    usage().writeWith(undefined);
    await usage().flush();
    expect(lastUsedIp(key.id)).toBe(ip);
    expect(eventsFrom(ip)).toBe(1);
  });

  it("are kept for the next flush when the database refuses them, not dropped", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const commit = vi.spyOn(verification, "recordApiUsage").mockRejectedValueOnce(new Error("database is locked"));
    const { key, ip } = await attempt();
    await usage().flush();
    expect(commit).toHaveBeenCalledTimes(1);
    expect([lastUsedIp(key.id), eventsFrom(ip)]).toEqual([null, 0]);
    expect(logged).toHaveBeenCalledWith(expect.stringContaining("could not record usage: database is locked"));
    await usage().flush();
    expect([lastUsedIp(key.id), eventsFrom(ip)]).toEqual([ip, 1]);
  });
});

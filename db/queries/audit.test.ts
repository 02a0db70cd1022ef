// The audit log query behind /admin/audit: exact filters by actor, event and client ID, inclusive
// UTC date range, newest first, pages.
import { beforeAll, describe, expect, it } from "vitest";
import type { ListParams } from "@/lib/list-params";
import type { AuditEventType, AuditFilters, AuditSort } from "@/lib/model/audit";
import { tag } from "@/test/support/unique";
import { writeTransaction } from "../client";
import { insertAuditEvent, listAuditEvents, recordAuditEvent } from "./audit";

const T = tag();
// Names unique to this file's run, so the events written by other setup cannot match.
const ALICE = `alice-${T}`;
const ALICE2 = `alice-${T}2`;
const BOB = `bob-${T}`;
const CLIENT = `kwc_client_${T}`;
const CLIENT2 = `kwc_client_${T}x`;

type Seed = { at: string; actor: string; event: AuditEventType; clientId?: string; label: string };
// Dates far in the past, so "now"-dated events of other tests fall outside every date filter below.
const SEEDS: Seed[] = [
  { at: "2001-03-01T00:00:00.000Z", actor: ALICE, event: "key.create", clientId: CLIENT, label: "a1" },
  { at: "2001-03-01T23:59:59.999Z", actor: ALICE, event: "key.revoke", clientId: CLIENT, label: "a2" },
  { at: "2001-03-02T00:00:00.000Z", actor: BOB, event: "key.create", clientId: CLIENT2, label: "b1" },
  { at: "2001-03-02T12:00:00.000Z", actor: ALICE2, event: "user.create", label: "c1" },
  { at: "2001-03-03T08:00:00.000Z", actor: BOB, event: "setting.update", label: "b2" },
  { at: "2001-03-04T08:00:00.000Z", actor: ALICE, event: "key.regenerate", clientId: CLIENT, label: "a3" },
];

function list(filters: AuditFilters, options: Partial<Omit<ListParams<AuditSort, AuditFilters>, "filters">> = {}) {
  return listAuditEvents({ page: 1, pageSize: 100, sort: "at", dir: "desc", filters, ...options });
}
const labels = async (filters: AuditFilters, options?: Parameters<typeof list>[1]) =>
  (await list(filters, options)).rows.map((row) => row.targetLabel);

beforeAll(() => {
  // Inserted out of time order: the query, not the insertion order, decides the order shown.
  for (const seed of [...SEEDS].reverse()) {
    writeTransaction((tx) =>
      insertAuditEvent(
        tx,
        { actorId: null, actorUsername: seed.actor, ip: "192.0.2.1", userAgent: "vitest" },
        { event: seed.event, targetType: "access_key", targetLabel: seed.label, clientId: seed.clientId },
        new Date(seed.at),
      ),
    );
  }
});

describe("listAuditEvents", () => {
  it("filters by the exact actor username (no prefix or substring match)", async () => {
    expect(await labels({ actor: ALICE })).toEqual(["a3", "a2", "a1"]);
    expect(await labels({ actor: ALICE2 })).toEqual(["c1"]);
    expect(await labels({ actor: `alice-${T.slice(0, 4)}` })).toEqual([]);
    expect(await labels({ actor: "alice" })).toEqual([]);
  });

  it("filters by event type", async () => {
    const creates = await list({ event: "key.create", from: "2001-01-01", to: "2001-12-31" });
    expect(creates.rows.map((r) => r.targetLabel)).toEqual(["b1", "a1"]);
    expect(creates.rows.every((r) => r.event === "key.create")).toBe(true);
    expect(await labels({ event: "setting.update", actor: BOB })).toEqual(["b2"]);
  });

  it("filters by the exact client ID", async () => {
    expect(await labels({ clientId: CLIENT })).toEqual(["a3", "a2", "a1"]);
    expect(await labels({ clientId: CLIENT2 })).toEqual(["b1"]);
    expect(await labels({ clientId: `kwc_client_${T.slice(0, 6)}` })).toEqual([]);
  });

  it("filters by an inclusive range of UTC days, either end alone or both", async () => {
    const mine = { actor: ALICE };
    expect(await labels({ ...mine, from: "2001-03-01", to: "2001-03-01" })).toEqual(["a2", "a1"]);
    expect(await labels({ ...mine, from: "2001-03-02" })).toEqual(["a3"]);
    expect(await labels({ ...mine, to: "2001-03-03" })).toEqual(["a2", "a1"]);
    expect(await labels({ from: "2001-03-02", to: "2001-03-03" })).toEqual(["b2", "c1", "b1"]);
    expect(await labels({ from: "2001-03-05", to: "2001-03-01" })).toEqual([]);
    // A date in the future: nothing yet.
    expect(await labels({ from: "2999-01-01" })).toEqual([]);
  });

  it("ignores a date that is not yyyy-mm-dd rather than failing", async () => {
    expect(await labels({ actor: ALICE, from: "yesterday" })).toEqual(["a3", "a2", "a1"]);
    expect(await labels({ actor: ALICE, to: "2001-3-1" })).toEqual(["a3", "a2", "a1"]);
  });

  it("combines filters", async () => {
    expect(await labels({ actor: ALICE, event: "key.create", clientId: CLIENT, from: "2001-03-01" })).toEqual(["a1"]);
    expect(await labels({ actor: BOB, clientId: CLIENT })).toEqual([]);
  });

  it("is newest first by default, oldest first on request, ties broken by id", async () => {
    const desc = await list({ from: "2001-01-01", to: "2001-12-31" });
    expect(desc.rows.map((r) => r.targetLabel)).toEqual(["a3", "b2", "c1", "b1", "a2", "a1"]);
    const times = desc.rows.map((r) => r.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(await labels({ from: "2001-01-01", to: "2001-12-31" }, { dir: "asc" })).toEqual([
      "a1",
      "a2",
      "b1",
      "c1",
      "b2",
      "a3",
    ]);

    // Two events in the same millisecond: the later written comes first.
    const actor = `tie-${tag()}`;
    const at = new Date("2002-05-05T05:05:05.005Z");
    for (const label of ["first", "second"]) {
      writeTransaction((tx) =>
        insertAuditEvent(
          tx,
          { actorId: null, actorUsername: actor, ip: null, userAgent: null },
          { event: "key.update", targetLabel: label },
          at,
        ),
      );
    }
    expect(await labels({ actor })).toEqual(["second", "first"]);
  });

  it("pages: total and page count over all matches, each page in order", async () => {
    const filters = { from: "2001-01-01", to: "2001-12-31" };
    const first = await list(filters, { pageSize: 4 });
    expect(first).toMatchObject({ total: 6, page: 1, pageSize: 4, pageCount: 2 });
    expect(first.rows.map((r) => r.targetLabel)).toEqual(["a3", "b2", "c1", "b1"]);
    const second = await list(filters, { pageSize: 4, page: 2 });
    expect(second).toMatchObject({ total: 6, page: 2, pageCount: 2 });
    expect(second.rows.map((r) => r.targetLabel)).toEqual(["a2", "a1"]);
    const beyond = await list(filters, { pageSize: 4, page: 3 });
    expect(beyond.rows).toEqual([]);
    expect(beyond.total).toBe(6);
    const none = await list({ actor: `nobody-${tag()}` });
    expect(none).toMatchObject({ total: 0, pageCount: 1, rows: [] });
  });

  it("without filters lists every event, the newest (just written) first", async () => {
    const actor = `now-${tag()}`;
    await recordAuditEvent(
      { actorId: null, actorUsername: actor, ip: null, userAgent: null },
      { event: "auth.sign_out" },
    );
    const all = await list({}, { pageSize: 10 });
    expect(all.total).toBeGreaterThanOrEqual(SEEDS.length + 3);
    expect(all.rows[0]).toMatchObject({ actorUsername: actor, event: "auth.sign_out", outcome: "success" });
  });
});

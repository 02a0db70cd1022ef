// writeTransaction retries BEGIN IMMEDIATE when busy_timeout runs out (SQLite's busy handler is
// not fair: under many writers one process can lose the race for the lock for the whole timeout).
import { spawn } from "node:child_process";
import { sql } from "drizzle-orm";
import { afterEach, expect, it, vi } from "vitest";
import { databasePath, getSqlite, WRITE_LOCK_WAIT_MS, writeTransaction } from "./client";

// Another process takes the write lock, says so, holds it for HOLD_MS, then commits.
const HOLDER = `
const Database = require("better-sqlite3");
const db = new Database(process.env.DATABASE_PATH);
db.pragma("busy_timeout = 5000");
db.exec("begin immediate");
db.prepare("insert into settings (key, value, updated_at) values ('lockHolder', '1', 0) on conflict(key) do nothing").run();
process.stdout.write("locked\\n");
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(process.env.HOLD_MS));
db.exec("commit");
db.close();
`;

function holdWriteLock(ms: number) {
  const child = spawn(process.execPath, ["-e", HOLDER], {
    env: { ...process.env, DATABASE_PATH: databasePath(), HOLD_MS: String(ms) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const locked = new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (d: Buffer) => (d.toString().includes("locked") ? resolve() : undefined));
    child.once("exit", (code) => reject(new Error(`lock holder exited (${code})`)));
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return { locked, exited };
}

const setBusyTimeout = (ms: number) => getSqlite().pragma(`busy_timeout = ${ms}`);
const insertMark = (value: string) =>
  writeTransaction((tx) =>
    tx.run(
      sql`insert into settings (key, value, updated_at) values ('mark', ${value}, 0)
          on conflict(key) do update set value = excluded.value`,
    ),
  );

afterEach(() => {
  setBusyTimeout(5000);
  vi.restoreAllMocks();
});

it("waits out a lock held longer than busy_timeout instead of failing with SQLITE_BUSY", async () => {
  setBusyTimeout(50);
  const holder = holdWriteLock(400);
  await holder.locked;
  const started = performance.now();
  expect(() => insertMark("after the wait")).not.toThrow();
  expect(performance.now() - started).toBeGreaterThan(250);
  expect(getSqlite().prepare("select value from settings where key = 'mark'").pluck().get()).toBe("after the wait");
  await holder.exited;
});

it(`gives up with SQLITE_BUSY once ${WRITE_LOCK_WAIT_MS / 1000} s have passed in all`, async () => {
  setBusyTimeout(20);
  const holder = holdWriteLock(400);
  await holder.locked;
  // The clock jumps past the deadline after the first attempt.
  const start = Date.now();
  let calls = 0;
  vi.spyOn(Date, "now").mockImplementation(() => start + (calls++ === 0 ? 0 : WRITE_LOCK_WAIT_MS + 1));
  expect(() => insertMark("never")).toThrow(expect.objectContaining({ code: "SQLITE_BUSY" }));
  vi.restoreAllMocks();
  await holder.exited;
});

it("does not run the transaction again when the error comes from inside it", () => {
  let runs = 0;
  const busy = Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY" });
  expect(() =>
    writeTransaction(() => {
      runs += 1;
      throw busy;
    }),
  ).toThrow(busy);
  expect(runs).toBe(1);
});

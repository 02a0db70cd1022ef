import { rmSync, statSync } from "node:fs";
import path from "node:path";
import type Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { BACKGROUND_CHECKPOINT, openDatabase, WAL_SIZE_LIMIT } from "@/db/client";
import { startCheckpointer } from "./checkpointer";

// Beside the file's own test database (test/setup.ts), in the same temporary directory.
const dir = path.dirname(process.env.DATABASE_PATH as string);
const size = (file: string) => {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
};
/** A limit the tests' logs (8 MB and more) are well over, so a reset truncates instead of rewinding. */
const SMALL_LIMIT = 1024 * 1024;

afterEach(() => {
  delete process.env[BACKGROUND_CHECKPOINT];
});

/** A fresh database file opened as the server opens it, with a table to fill. */
function openWithoutAutoCheckpoint(name: string) {
  const file = path.join(dir, `${name}.db`);
  for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
  process.env[BACKGROUND_CHECKPOINT] = "1";
  const { sqlite } = openDatabase(file);
  sqlite.exec("create table if not exists filler (id integer primary key, body blob not null)");
  return { sqlite, file, wal: `${file}-wal` };
}

/** ≈ 8 MB in one commit: far past the 1,000 pages at which a writer would otherwise checkpoint itself. */
function fill(sqlite: Database.Database, rows = 2_000) {
  const insert = sqlite.prepare("insert into filler (body) values (randomblob(4000))");
  sqlite.transaction(() => {
    for (let i = 0; i < rows; i++) insert.run();
  })();
}

describe("WAL checkpoints from a thread of their own", () => {
  it("a connection opened for the server never checkpoints on commit, one opened elsewhere does; both limit the WAL file", () => {
    const { sqlite, file } = openWithoutAutoCheckpoint("pragmas");
    expect(sqlite.pragma("wal_autocheckpoint", { simple: true })).toBe(0);
    expect(sqlite.pragma("journal_size_limit", { simple: true })).toBe(WAL_SIZE_LIMIT);
    delete process.env[BACKGROUND_CHECKPOINT];
    const other = openDatabase(file).sqlite;
    expect(other.pragma("wal_autocheckpoint", { simple: true })).toBe(1000);
    expect(other.pragma("journal_size_limit", { simple: true })).toBe(WAL_SIZE_LIMIT);
    other.close();
    sqlite.close();
  });

  it("copies committed pages into the database file without the writer's help", async () => {
    const { sqlite, file, wal } = openWithoutAutoCheckpoint("copies");
    const before = size(file);
    fill(sqlite);
    expect(size(wal)).toBeGreaterThan(8_000_000);
    expect(size(file)).toBe(before); // nothing copied by the commit

    const checkpointer = startCheckpointer(file, { intervalMs: 50 });
    try {
      await expect.poll(() => size(file), { timeout: 10_000 }).toBeGreaterThan(before + 8_000_000);
    } finally {
      await checkpointer.stop();
    }
    expect(sqlite.prepare("select count(*) from filler").pluck().get()).toBeGreaterThanOrEqual(2_000);
    sqlite.close();
  });

  it("with no reader, truncates a log over the limit once it is copied", async () => {
    const { sqlite, file, wal } = openWithoutAutoCheckpoint("truncates");
    fill(sqlite);
    expect(size(wal)).toBeGreaterThan(8_000_000);

    const checkpointer = startCheckpointer(file, { intervalMs: 50, sizeLimit: SMALL_LIMIT });
    try {
      // PASSIVE checkpoints alone copied the log but left the file at its 8 MB.
      await expect.poll(() => size(wal), { timeout: 10_000 }).toBe(0);
    } finally {
      await checkpointer.stop();
    }
    expect(sqlite.prepare("select count(*) from filler").pluck().get()).toBe(2_000);
    sqlite.close();
  });

  it("under steady writes, starts a log under the limit over, so the next writes reuse the file", async () => {
    const { sqlite, file, wal } = openWithoutAutoCheckpoint("restarts");
    const before = size(file);
    fill(sqlite, 500);
    const checkpointer = startCheckpointer(file, { intervalMs: 20 });
    try {
      await expect.poll(() => size(file), { timeout: 10_000 }).toBeGreaterThan(before + 2_000_000); // running
      // Commits nearly back to back, as under load (a millisecond's pause every 20): whenever a
      // PASSIVE has copied what it saw, more has been committed, so the log is never all copied
      // when a writer begins, and never starts over by itself (it grows by all of it).
      // Written until far more has gone through the log than the file holds (however long a busy
      // machine keeps the checkpointer's thread waiting), or 3,000 commits (98 MB): a log that never
      // starts over holds all of it, so the condition can only be met by a log that did.
      const insert = sqlite.prepare("insert into filler (body) values (randomblob(32000))");
      let written = 0;
      for (let i = 1; i <= 3_000 && !(written > 8_000_000 && written >= 3 * size(wal)); i++) {
        insert.run();
        written += 8 * 4096; // a commit of 8 pages
        if (i % 20 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
      }
      expect(written).toBeGreaterThanOrEqual(3 * size(wal));
    } finally {
      await checkpointer.stop();
    }
    sqlite.close();
  });

  it("does not hold up writers while a reader keeps an old snapshot, and truncates the log once it ends", async () => {
    const { sqlite: writer, file, wal } = openWithoutAutoCheckpoint("reader");
    fill(writer);
    // A read transaction begun after that commit: a PASSIVE can copy all of the log, but a RESTART
    // or TRUNCATE must wait for this reader to leave it, holding the write lock all the while.
    const reader = openDatabase(file).sqlite;
    reader.exec("begin");
    expect(reader.prepare("select count(*) from filler").pluck().get()).toBe(2_000);
    const before = size(file);

    // Not much more often than the server (1 s): each failed attempt holds the write lock for up to 20 ms.
    const checkpointer = startCheckpointer(file, { intervalMs: 250, sizeLimit: SMALL_LIMIT });
    try {
      await expect.poll(() => size(file), { timeout: 10_000 }).toBeGreaterThan(before + 8_000_000);
      // Each commit waits for the write lock at most as long as the checkpointer waited for the reader.
      const insert = writer.prepare("insert into filler (body) values (randomblob(4000))");
      let slowest = 0;
      for (let i = 0; i < 20; i++) {
        const start = performance.now();
        insert.run();
        slowest = Math.max(slowest, performance.now() - start);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      expect(slowest).toBeLessThan(1_000);
      fill(writer); // from here on the reader's snapshot is an old one
      expect(size(wal)).toBeGreaterThan(8_000_000);
      reader.exec("commit");
      await expect.poll(() => size(wal), { timeout: 10_000 }).toBeLessThanOrEqual(SMALL_LIMIT);
    } finally {
      await checkpointer.stop();
    }
    expect(writer.prepare("select count(*) from filler").pluck().get()).toBe(4_020);
    reader.close();
    writer.close();
  });

  it("stops cleanly, and can stop twice", async () => {
    const { sqlite, file } = openWithoutAutoCheckpoint("stops");
    const checkpointer = startCheckpointer(file, { intervalMs: 50 });
    await checkpointer.stop();
    await checkpointer.stop();
    sqlite.close();
  });
});

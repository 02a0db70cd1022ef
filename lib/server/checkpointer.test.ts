import { statSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BACKGROUND_CHECKPOINT, openDatabase } from "@/db/client";
import { startCheckpointer } from "./checkpointer";

// Beside the file's own test database (db/test-setup.ts), in the same temporary directory.
const file = path.join(path.dirname(process.env.DATABASE_PATH as string), "checkpointer.db");
const size = (suffix = "") => statSync(file + suffix).size;

afterEach(() => {
  delete process.env[BACKGROUND_CHECKPOINT];
});

function openWithoutAutoCheckpoint() {
  process.env[BACKGROUND_CHECKPOINT] = "1";
  const { sqlite } = openDatabase(file);
  sqlite.exec("create table if not exists filler (id integer primary key, body blob not null)");
  return sqlite;
}

describe("WAL checkpoints from a thread of their own", () => {
  it("a connection opened for the server never checkpoints on commit, one opened elsewhere does", () => {
    const sqlite = openWithoutAutoCheckpoint();
    expect(sqlite.pragma("wal_autocheckpoint", { simple: true })).toBe(0);
    delete process.env[BACKGROUND_CHECKPOINT];
    const other = openDatabase(file).sqlite;
    expect(other.pragma("wal_autocheckpoint", { simple: true })).toBe(1000);
    other.close();
    sqlite.close();
  });

  it("copies committed pages into the database file without the writer's help", async () => {
    const sqlite = openWithoutAutoCheckpoint();
    const before = size();
    // ≈ 8 MB: far past the 1,000 pages at which the writer itself would otherwise checkpoint.
    const insert = sqlite.prepare("insert into filler (body) values (randomblob(4000))");
    sqlite.transaction(() => {
      for (let i = 0; i < 2_000; i++) insert.run();
    })();
    expect(size("-wal")).toBeGreaterThan(8_000_000);
    expect(size()).toBe(before); // nothing copied by the commit

    const checkpointer = startCheckpointer(file, 50);
    try {
      await expect.poll(() => size(), { timeout: 10_000 }).toBeGreaterThan(before + 8_000_000);
    } finally {
      await checkpointer.stop();
    }
    expect(sqlite.prepare("select count(*) from filler").pluck().get()).toBeGreaterThanOrEqual(2_000);
    sqlite.close();
  });

  it("stops cleanly, and can stop twice", async () => {
    const checkpointer = startCheckpointer(file, 50);
    await checkpointer.stop();
    await checkpointer.stop();
  });
});

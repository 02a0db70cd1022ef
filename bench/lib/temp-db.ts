import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type Database from "better-sqlite3";

export type TempDatabase = {
  client: typeof import("../../db/client");
  /** The raw better-sqlite3 connection behind getDb(), for seeding with prepared statements. */
  sqlite: () => Database.Database;
  file: string;
  /** Closes the connection, deletes the files and restores DATABASE_PATH. */
  cleanup: () => void;
};

/**
 * A fresh, migrated database file in the OS temp directory. DATABASE_PATH is set before
 * db/client is imported, so everything the benchmark imports afterwards uses this file.
 */
export async function openTempDatabase(label: string): Promise<TempDatabase> {
  const dir = mkdtempSync(path.join(tmpdir(), `keyward-bench-${label}-`));
  const file = path.join(dir, "bench.db");
  const previous = process.env.DATABASE_PATH;
  process.env.DATABASE_PATH = file;
  const client = await import("../../db/client");
  client.closeDb();
  client.migrateDatabase(client.getDb());
  return {
    client,
    sqlite: client.getSqlite,
    file,
    cleanup: () => {
      client.closeDb();
      rmSync(dir, { recursive: true, force: true });
      if (previous === undefined) delete process.env.DATABASE_PATH;
      else process.env.DATABASE_PATH = previous;
    },
  };
}

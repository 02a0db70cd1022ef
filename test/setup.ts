import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import { closeDb, getDb, migrateDatabase } from "@/db/client";

// Every test file gets its own fresh database file, built from the committed migrations.
const dir = mkdtempSync(path.join(tmpdir(), "keyward-test-"));
process.env.DATABASE_PATH = path.join(dir, "test.db");
closeDb();
migrateDatabase(getDb());

afterAll(() => {
  closeDb();
  rmSync(dir, { recursive: true, force: true });
});

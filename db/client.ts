import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { type BetterSQLite3Database, drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema>;
/** The handle a query receives inside `writeTransaction`; same API as `Db`. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

type Handle = { db: Db; sqlite: Database.Database; path: string };

export const MIGRATIONS_FOLDER = path.join(/*turbopackIgnore: true*/ process.cwd(), "db", "migrations");

export function databasePath(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.DATABASE_PATH || path.join("data", "keyward.db"));
}

/** Set (to "1") by a process that checkpoints the WAL itself; its connections then never do. */
export const BACKGROUND_CHECKPOINT = "KEYWARD_BACKGROUND_CHECKPOINT";

/**
 * The size a WAL file is cut back to when its log starts over (PRAGMA journal_size_limit), and
 * above which the server's checkpointer truncates it (lib/server/checkpoint-worker.mjs).
 */
export const WAL_SIZE_LIMIT = 64 * 1024 * 1024;

/** Opens a connection with the pragmas every Keyward connection needs. */
export function openDatabase(file: string): Handle {
  if (file !== ":memory:") mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("foreign_keys = ON");
  // FULL: an acknowledged write survives power loss, not only a process crash.
  sqlite.pragma("synchronous = FULL");
  // The server checkpoints the WAL from a thread of its own (lib/server/checkpointer.ts): a commit
  // on the API's thread never pays for copying the log into the database file.
  if (process.env[BACKGROUND_CHECKPOINT] === "1") sqlite.pragma("wal_autocheckpoint = 0");
  // A WAL file never shrinks by itself: a log that starts over is written again from the top, but
  // the file keeps the size of the longest log it ever held (issue 12: 547 MB beside a 48 MB
  // database). With a limit, the writer that starts the log over cuts the file back to it.
  sqlite.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT}`);
  return { db: drizzle({ client: sqlite, schema }), sqlite, path: file };
}

export function migrateDatabase(db: Db): void {
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
}

// Next's bundle and the custom server load this module separately; globalThis keeps one connection per process.
const registry = globalThis as unknown as { __keywardDb?: Handle };

// DATABASE_PATH is read when the connection opens; to switch files, closeDb() first (tests do).
function handle(): Handle {
  registry.__keywardDb ??= openDatabase(databasePath());
  return registry.__keywardDb;
}

export function getDb(): Db {
  return handle().db;
}

/** The raw better-sqlite3 connection, for the few hot-path statements prepared by hand. */
export function getSqlite(): Database.Database {
  return handle().sqlite;
}

/**
 * A value made once per connection (prepared statements) and remade when the connection changes
 * (tests switch files): `make` runs on first use with the process's connection.
 */
export function perConnection<T>(make: (sqlite: Database.Database) => T): () => T {
  const made = new WeakMap<Database.Database, T>();
  return () => {
    const sqlite = getSqlite();
    let value = made.get(sqlite);
    if (value === undefined) {
      value = make(sqlite);
      made.set(sqlite, value);
    }
    return value;
  };
}

const versionStatements = perConnection((sqlite) => ({
  changes: sqlite.prepare<[], number>("select total_changes()").pluck(),
  dataVersion: sqlite.prepare<[], number>("pragma data_version").pluck(),
}));

/**
 * A token that changes whenever the database may have changed: `data_version` moves when another
 * connection (another process) commits, `total_changes()` when this one writes. A value read while
 * it stays the same is still exact, so reads can be reused without ever being stale.
 */
export function databaseVersion(): string {
  const statements = versionStatements();
  return `${statements.dataVersion.get()}:${statements.changes.get()}`;
}

/** Closes the process's connection (tests and shutdown). */
export function closeDb(): void {
  registry.__keywardDb?.sqlite.close();
  registry.__keywardDb = undefined;
}

/** How long a write may wait for the write lock, in all, before SQLITE_BUSY reaches the caller. */
export const WRITE_LOCK_WAIT_MS = 20_000;

const isBusy = (error: unknown) =>
  error instanceof Error && (error as { code?: unknown }).code?.toString().startsWith("SQLITE_BUSY") === true;

/**
 * Runs `fn` in a `BEGIN IMMEDIATE` transaction: the write lock is taken up front, so a
 * read-then-write rule (a limit, the last administrator) cannot race another process.
 *
 * SQLite's busy handler polls for the lock with sleeps of up to 100 ms, which is not fair: with
 * many processes writing, one can keep losing the race for the whole busy_timeout while the others
 * get through (seen under contention: docs/security.md). When BEGIN itself gives up, nothing has
 * run, so it is tried again until WRITE_LOCK_WAIT_MS have passed.
 */
export function writeTransaction<T>(fn: (tx: Tx) => T): T {
  const deadline = Date.now() + WRITE_LOCK_WAIT_MS;
  for (;;) {
    let began = false;
    try {
      return getDb().transaction(
        (tx) => {
          began = true;
          return fn(tx);
        },
        { behavior: "immediate" },
      );
    } catch (error) {
      if (began || !isBusy(error) || Date.now() >= deadline) throw error;
    }
  }
}

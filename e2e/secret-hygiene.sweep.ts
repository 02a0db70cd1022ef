// The secret-hygiene sweep (issue 7): runs once, after every other e2e spec (it is the
// `setup` project's teardown, so it runs even when specs failed). Every secret and access token has
// a fixed shape and a CRC32 checksum, so any issued during the run can be found without a list:
// none may appear in the server's output (playwright.config.ts tees it into server.log), in the
// database file, its WAL or shared memory, in any table (e-mails in the outbox included), in any
// response the browser received except the one server-action answer that issued it, or in any REST
// API answer a spec received except the token endpoint's answer that issued it.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import Database from "better-sqlite3";
import { findWellFormedSecrets } from "../lib/keys";
import { API_LOG, type ApiRecord } from "./support/api-log";
import { E2E_DATA_DIR, E2E_DATABASE } from "./support/env";
import { RESPONSE_LOG_DIR, type ResponseHit, type ResponseTally } from "./support/response-log";

test("no secret or token issued during the run appears in the server's output, the database or a later response", () => {
  // 1. Everything the server printed.
  const logFile = path.join(E2E_DATA_DIR, "server.log");
  expect(existsSync(logFile), "the server's output is captured").toBe(true);
  const log = readFileSync(logFile);
  expect(log.toString("utf8")).toMatch(/listening on http:\/\/localhost:\d+/);
  expect(findWellFormedSecrets(log), "in the server's output").toEqual([]);

  // 2. The database file, its WAL and shared memory, byte for byte (freed pages and old frames too).
  const files = ["", "-wal", "-shm"].map((suffix) => `${E2E_DATABASE}${suffix}`).filter((f) => existsSync(f));
  expect(files).toContain(E2E_DATABASE);
  let bytes = 0;
  for (const file of files) {
    const content = readFileSync(file);
    bytes += content.length;
    expect(findWellFormedSecrets(content), file).toEqual([]);
  }

  // 3. Every value of every table, read through SQLite (rows that span pages, e-mail bodies).
  const db = new Database(E2E_DATABASE, { readonly: true, fileMustExist: true });
  let rows = 0;
  let emails = 0;
  try {
    const tables = db.prepare("select name from sqlite_master where type = 'table'").pluck().all() as string[];
    for (const table of tables) {
      for (const row of db.prepare(`select * from "${table}"`).iterate()) {
        rows += 1;
        if (table === "notifications") emails += 1;
        expect(findWellFormedSecrets(JSON.stringify(row)), `a row of ${table}`).toEqual([]);
      }
    }
  } finally {
    db.close();
  }

  // 4. Responses: each secret in exactly one, the server action that issued it; no token at all.
  const hits: ResponseHit[] = [];
  const tally: ResponseTally = { scanned: 0, replayed: 0, unreadable: 0 };
  const logs = existsSync(RESPONSE_LOG_DIR) ? readdirSync(RESPONSE_LOG_DIR) : [];
  for (const name of logs) {
    for (const line of readFileSync(path.join(RESPONSE_LOG_DIR, name), "utf8").split("\n").filter(Boolean)) {
      const entry = JSON.parse(line) as { hit?: ResponseHit; tally?: ResponseTally };
      if (entry.hit) hits.push(entry.hit);
      if (entry.tally) {
        tally.scanned += entry.tally.scanned;
        tally.replayed += entry.tally.replayed;
        tally.unreadable += entry.tally.unreadable;
      }
    }
  }
  expect(tally.scanned, "responses were scanned").toBeGreaterThan(0);
  const seen = new Map<string, ResponseHit[]>();
  for (const hit of hits) for (const value of hit.found) seen.set(value, [...(seen.get(value) ?? []), hit]);
  for (const [value, where] of seen) {
    const label = `${value.slice(0, 4)}…${value.slice(-4)}`;
    expect(value.startsWith("kws_"), `${label}: only key secrets are shown in the browser`).toBe(true);
    expect(
      where.map((h) => `${h.method} ${h.url} ${h.status}${h.serverAction ? " (server action)" : ""}`),
      `${label} appears only in the answer that issued it`,
    ).toEqual([expect.stringMatching(/^POST .* 200 \(server action\)$/)]);
  }
  // The UI specs create and regenerate keys: the scanner must have seen those secrets where they belong.
  expect(seen.size, "secrets seen in their issuing answers").toBeGreaterThan(0);

  // 5. REST API answers the specs received (e2e/support/api-log.ts): only the token each issued.
  const api = existsSync(API_LOG)
    ? readFileSync(API_LOG, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as ApiRecord)
    : [];
  for (const record of api) {
    expect(record.found, `API answer "${record.what}" (${record.status})`).toEqual(
      record.issued ? [record.issued] : [],
    );
  }
  const tokens = api.filter((r) => r.issued).length;

  const summary = {
    serverLogBytes: log.length,
    databaseFiles: files.length,
    databaseBytes: bytes,
    rows,
    emails,
    responsesScanned: tally.scanned,
    responsesReplayed: tally.replayed,
    responsesUnreadable: tally.unreadable,
    secretsSeenInIssuingAnswers: seen.size,
    apiResponses: api.length,
    tokensIssued: tokens,
  };
  writeFileSync(path.join(E2E_DATA_DIR, "hygiene.json"), `${JSON.stringify(summary, null, 2)}\n`);
  console.log(`secret hygiene: ${JSON.stringify(summary)}`);
});

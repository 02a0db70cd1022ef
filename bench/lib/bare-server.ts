// The baseline for the verification benchmark: a bare node:http server doing the same work as the
// product's bearer-key check (HMAC-SHA-256 of the secret, one indexed SQLite lookup joined to the
// owner, a constant-time comparison) and answering a small JSON body. No router, no audit, no
// settings: the ceiling the product is measured against. Run as its own process by bench/verify.ts.
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import Database from "better-sqlite3";

const db = new Database(process.env.DATABASE_PATH ?? "", { readonly: true });
db.pragma("busy_timeout = 5000");
const pepper = process.env.KEY_PEPPER ?? "";
const lookup = db.prepare<[string], { secret_hash: string; id: number; username: string; role: string }>(
  "select k.secret_hash, u.id, u.username, u.role from access_keys k join users u on u.id = k.owner_id where k.secret_hash = ?",
);

createServer((req, res) => {
  const header = req.headers.authorization ?? "";
  const secret = header.startsWith("Bearer ") ? header.slice(7) : "";
  const hash = createHmac("sha256", pepper).update(secret).digest("hex");
  const row = lookup.get(hash);
  if (!row || !timingSafeEqual(Buffer.from(row.secret_hash, "hex"), Buffer.from(hash, "hex"))) {
    res.writeHead(401, { "Content-Type": "application/json" });
    res.end('{"error":{"code":"invalid_credentials"}}');
    return;
  }
  const body = JSON.stringify({ user: { id: row.id, username: row.username, role: row.role } });
  res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}).listen(Number(process.env.PORT), "127.0.0.1", () => console.log("ready"));

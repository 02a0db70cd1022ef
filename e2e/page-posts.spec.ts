import { closeSync, openSync, readSync, statSync } from "node:fs";
import { request as httpRequest } from "node:http";
import path from "node:path";
import { E2E_DATA_DIR, E2E_PORT } from "./support/env";
import { expect, test } from "./support/fixtures";
import { pageRoutes, pathOf } from "./support/page-routes";
import { serverActionId } from "./support/server-action";

/*
 * Issue 12 item 10: POSTs that Next takes for a server action and used to answer with a 500 (and
 * an error in the server's log) — a cross-origin or `Origin: null` call, a multipart body whose
 * Content-Type has no boundary — are refused in front of Next with 403 / 400 and a line of plain
 * text, on every page of the app (read from app/) and on a page that does not exist, and the
 * server's log stays quiet. Legitimate calls, behind a reverse proxy too, still reach Next.
 */

const APP = `http://localhost:${E2E_PORT}`;
const PATHS = [...pageRoutes().map((route) => pathOf(route)), "/no-such-page"];
const SERVER_LOG = path.join(E2E_DATA_DIR, "server.log");
// What Next printed for these requests before they were refused in front of it.
const LOGGED_ERROR = /⨯|Invalid Server Actions|Aborting the action|Failed to parse body|Boundary not found|Error:/;

type Answer = { status: number; contentType: string; body: string };

/** A raw POST (node:http adds no header of its own, Origin least of all). */
function post(target: string, headers: Record<string, string>, body: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${APP}${target}`, { method: "POST", headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        text += chunk;
      });
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, contentType: String(res.headers["content-type"]), body: text }),
      );
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** What the server printed since `offset` (bytes). */
function logSince(offset: number): string {
  const size = statSync(SERVER_LOG).size;
  const buffer = Buffer.alloc(size - offset);
  const fd = openSync(SERVER_LOG, "r");
  try {
    readSync(fd, buffer, 0, buffer.length, offset);
  } finally {
    closeSync(fd);
  }
  return buffer.toString("utf8");
}

const boundary = "----KeywardE2eBoundary7MA4YWxk";
const formBody = (fields: Record<string, string>) =>
  `${Object.entries(fields)
    .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
    .join("")}--${boundary}--\r\n`;

test("malformed and cross-origin server-action posts get 403 / 400 on every page, with nothing in the log", async () => {
  const action = serverActionId("signOutAction");
  const same = APP;
  const shapes: { name: string; status: 400 | 403; headers: Record<string, string>; body: string }[] = [
    {
      name: "multipart/form-data without a boundary",
      status: 400,
      headers: { "Content-Type": "multipart/form-data" },
      body: "x",
    },
    {
      name: "multipart/form-data without a boundary, as a server action",
      status: 400,
      headers: { "Next-Action": action, Origin: same, "Content-Type": "multipart/form-data" },
      body: "x",
    },
    {
      name: "an empty boundary",
      status: 400,
      headers: { Origin: same, "Content-Type": "multipart/form-data; boundary=" },
      body: "x",
    },
    {
      name: "a server action from a foreign Origin",
      status: 403,
      headers: { "Next-Action": action, Origin: "https://evil.example", "Content-Type": "text/plain;charset=UTF-8" },
      body: "[]",
    },
    {
      name: "a server action with Origin: null",
      status: 403,
      headers: { "Next-Action": action, Origin: "null", "Content-Type": "text/plain;charset=UTF-8" },
      body: "[]",
    },
    {
      name: "a cross-origin form post (a server action without JavaScript)",
      status: 403,
      headers: { Origin: "https://evil.example", "Content-Type": `multipart/form-data; boundary=${boundary}` },
      body: formBody({ [`$ACTION_ID_${action}`]: "" }),
    },
  ];
  expect(PATHS.length).toBeGreaterThan(10);
  const offset = statSync(SERVER_LOG).size;
  const wrong: string[] = [];
  for (const target of PATHS) {
    for (const shape of shapes) {
      const answer = await post(target, shape.headers, shape.body);
      const plain = answer.contentType.startsWith("text/plain") && answer.body.length < 200;
      if (answer.status !== shape.status || !plain) {
        wrong.push(`${target}, ${shape.name}: ${answer.status} ${answer.contentType} ${answer.body.slice(0, 80)}`);
      }
    }
  }
  expect(wrong).toEqual([]);
  // The worker's console reaches the log within milliseconds; give it a moment.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const errors = logSince(offset)
    .split("\n")
    .filter((line) => LOGGED_ERROR.test(line));
  expect(errors, "the server's log after the refused posts").toEqual([]);
});

test("same-origin server actions still reach Next, directly and behind a reverse proxy", async () => {
  const action = serverActionId("signOutAction");
  const call = (headers: Record<string, string>, contentType = "text/plain;charset=UTF-8", body = "[]") =>
    post("/login", { "Next-Action": action, "Content-Type": contentType, ...headers }, body);
  const ok = (answer: Answer) => {
    expect(answer.status, answer.body.slice(0, 200)).toBe(200);
    expect(answer.contentType).toContain("text/x-component");
  };
  ok(await call({ Origin: APP }));
  ok(await call({})); // no Origin: a non-browser client; the session decides (docs/security.md)
  // A reverse proxy forwards to the upstream address and names the public host in X-Forwarded-Host.
  ok(
    await call({ Host: "127.0.0.1:3000", "X-Forwarded-Host": "keys.example.com", Origin: "https://keys.example.com" }),
  );
  ok(await call({ Origin: APP }, `multipart/form-data; boundary=${boundary}`, formBody({ 0: "[]" })));
  // The proxy's public host is not a licence for any Origin.
  const forged = await call({ "X-Forwarded-Host": "keys.example.com", Origin: APP });
  expect(forged.status).toBe(403);
});

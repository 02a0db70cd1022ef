import { existsSync, statSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getSqlite } from "@/db/client";
import type { UsageBatch } from "@/db/queries/verification";
import { insertRawKeys, makeUser, testContext } from "@/test/db/fixtures";
import { CLIENT_IP_HEADER } from "../client-ip";
import { hostNext, type NextHost } from "./host";

const entry = new URL("../../test/children/echo-worker.ts", import.meta.url);
let host: NextHost;
let server: Server;
let base: string;

beforeAll(async () => {
  host = hostNext({ dev: false, distDir: ".next", port: 0, entry });
  await host.ready;
  server = createServer((req, res) => host.handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await host.stop();
});

type Echo = { method: string; url: string; headers: Record<string, string>; body: string; aborted: number };
const echo = async (res: Response) => (await res.json()) as Echo;

/** A raw request (fetch may not set Host or hop-by-hop headers). */
function send(
  target: string,
  options: { method?: string; headers: Record<string, string>; body?: string },
): Promise<{ status: number; headers: IncomingHttpHeaders; echo: Echo }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${target}`, { method: options.method, headers: options.headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        text += chunk;
      });
      res.on("end", () => {
        // Not JSON (the proxy's own 503): the status tells.
        const parsed = res.headers["content-type"] === "application/json" ? JSON.parse(text) : undefined;
        resolve({ status: res.statusCode ?? 0, headers: res.headers, echo: parsed });
      });
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

describe("the pages proxy", () => {
  it("forwards method, path, query, headers and body, and answers with the worker's status and headers", async () => {
    const res = await send("/some/page?x=1&y=%C3%A9", {
      method: "POST",
      headers: { "content-type": "text/plain", "x-custom": "kept", host: "keyward.example:8443" },
      body: "hello, worker",
    });
    expect(res.status).toBe(201);
    expect(res.headers["x-echo"]).toBe("yes");
    expect(res.echo).toMatchObject({ method: "POST", url: "/some/page?x=1&y=%C3%A9", body: "hello, worker" });
    expect(res.echo.headers).toMatchObject({ "x-custom": "kept", host: "keyward.example:8443" });
  });

  it("stamps the caller's socket address in the client-IP header, replacing any copy sent by the caller", async () => {
    const seen = await echo(await fetch(`${base}/`, { headers: { [CLIENT_IP_HEADER]: "203.0.113.66" } }));
    expect(seen.headers[CLIENT_IP_HEADER]).toBe("127.0.0.1");
  });

  it("keeps hop-by-hop headers to their own connection", async () => {
    const res = await send("/", { headers: { connection: "keep-alive", "keep-alive": "timeout=1", te: "trailers" } });
    expect(res.echo.headers["keep-alive"]).toBeUndefined();
    expect(res.echo.headers.te).toBeUndefined();
    // The worker's own keep-alive terms stay between it and the proxy.
    expect(res.headers["keep-alive"]).not.toBe("timeout=99");
  });

  it("answers every request the worker served, one after another (no connection race)", async () => {
    // A worker runs in parallel: a connection it closes right after answering once made about 40% of
    // these POSTs fail with EPIPE on the proxy's last write, though the worker had served them.
    const statuses: number[] = [];
    for (let i = 0; i < 200; i++) {
      statuses.push(
        (await send(`/n/${i}`, { method: "POST", headers: { "content-type": "text/plain" }, body: "x" })).status,
      );
    }
    expect(statuses.filter((status) => status !== 201)).toEqual([]);
  });

  it("streams an answer as it is written and keeps every Set-Cookie", async () => {
    const started = performance.now();
    const res = await fetch(`${base}/stream`);
    expect(res.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe("first;");
    expect(performance.now() - started).toBeLessThan(290); // before the worker wrote the rest
    let rest = "";
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      rest += new TextDecoder().decode(chunk.value);
    }
    expect(rest).toBe("second");
  });

  it("stops the worker's answer when the caller goes away", async () => {
    const before = (await echo(await fetch(`${base}/`))).aborted;
    const controller = new AbortController();
    const res = await fetch(`${base}/hang`, { signal: controller.signal });
    await (res.body as ReadableStream<Uint8Array>).getReader().read();
    controller.abort();
    await expect.poll(async () => (await echo(await fetch(`${base}/`))).aborted).toBe(before + 1);
  });

  it("answers 503 with Retry-After while the worker restarts after a crash, then serves again", async () => {
    await fetch(`${base}/crash`).catch(() => undefined);
    const during = await fetch(`${base}/`);
    expect(during.status).toBe(503);
    expect(during.headers.get("retry-after")).toBe("1");
    expect(await during.text()).toMatch(/starting up/);
    await expect.poll(async () => (await fetch(`${base}/`)).status, { timeout: 15_000 }).toBe(201);
  });
});

describe("usage batches handed to the worker", () => {
  const batch = (keyId: number, ip: string): UsageBatch => ({ lastUsed: [{ keyId, at: new Date(), ip }], events: [] });
  const lastUsedIp = (keyId: number) =>
    getSqlite().prepare("select last_used_ip from access_keys where id = ?").pluck().get(keyId);
  let keyId: number;
  beforeAll(async () => {
    const owner = await makeUser();
    insertRawKeys(owner.id);
    keyId = getSqlite().prepare("select max(id) from access_keys").pluck().get() as number;
  });

  it("are committed by the worker, on its own connection, before the promise resolves", async () => {
    await host.writeUsage(batch(keyId, "10.0.0.1"));
    expect(lastUsedIp(keyId)).toBe("10.0.0.1");
    await host.writeUsage(batch(keyId, "10.0.0.2"));
    expect(lastUsedIp(keyId)).toBe("10.0.0.2");
  });

  it("reject when the worker's commit fails, which changes nothing", async () => {
    const broken: UsageBatch = {
      lastUsed: [{ keyId, at: new Date(), ip: "10.0.0.3" }],
      events: [{ ctx: testContext, entry: { event: null as unknown as "api.auth" }, at: new Date() }],
    };
    await expect(host.writeUsage(broken)).rejects.toThrow(/NOT NULL/);
    expect(lastUsedIp(keyId)).toBe("10.0.0.2");
  });

  it("go back to the sender when the worker exits before confirming, and are refused while it is down", async () => {
    // The expectation is attached before the crash: on a loaded machine the batch can be refused
    // while the crash request is still in flight, and a rejection without a handler yet is reported.
    const held = expect(host.writeUsage(batch(keyId, "hold"))).rejects.toThrow(/exited/);
    await fetch(`${base}/crash`).catch(() => undefined);
    await held;
    expect(lastUsedIp(keyId)).not.toBe("hold"); // the worker commits, never this side
    await expect(host.writeUsage(batch(keyId, "10.0.0.4"))).rejects.toThrow(/not running/);
    await expect.poll(async () => (await fetch(`${base}/`)).status, { timeout: 15_000 }).toBe(201);
    await host.writeUsage(batch(keyId, "10.0.0.5"));
    expect(lastUsedIp(keyId)).toBe("10.0.0.5");
  });

  it("go back to the sender when the worker does not confirm in time", async () => {
    const slow = hostNext({ dev: false, distDir: ".next", port: 0, entry, usageConfirmMs: 300 });
    await slow.ready;
    try {
      await expect(slow.writeUsage(batch(keyId, "hold"))).rejects.toThrow(/in time/);
      expect(lastUsedIp(keyId)).not.toBe("hold");
      await slow.writeUsage(batch(keyId, "10.0.0.6")); // and it still takes the next one
      expect(lastUsedIp(keyId)).toBe("10.0.0.6");
    } finally {
      await slow.stop();
    }
  });
});

describe("the worker's socket", () => {
  it("lives in a directory only this user can enter, removed when the host stops", async () => {
    const other = hostNext({ dev: false, distDir: ".next", port: 0, entry });
    await other.ready;
    const dir = path.dirname(other.socketPath);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(other.socketPath).isSocket()).toBe(true);
    await other.stop();
    expect(existsSync(dir)).toBe(false);
  });
});

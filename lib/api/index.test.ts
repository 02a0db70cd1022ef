import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { authEvents, basic, passwordBasic } from "@/test/api/helpers";
import { CLIENT_IP_HEADER, stampedClientIp } from "../client-ip";
import { handleApiRequest, handleProxiedApiRequest, refuseDeclaredTooLarge, servedByWorker } from ".";
import { MAX_BODY_BYTES } from "./http";

describe("which API requests the server answers off the verification thread", () => {
  const password = passwordBasic("alice", "correct horse battery");
  const client = basic("kwc_x", "kws_y");
  it.each([
    ["GET", "/api/v1/me", undefined, false],
    ["GET", "/api/v1/access-keys?status=active", "Bearer kws_x", false],
    ["HEAD", "/api/v1/me", undefined, false],
    ["OPTIONS", "/api/v1/access-keys", undefined, false],
    ["POST", "/api/v1/oauth/introspect", client, false],
    ["GET", "/.well-known/oauth-authorization-server", undefined, false],
    ["POST", "/api/v1/oauth/token", client, true],
    ["POST", "/api/v1/oauth/revoke", client, true],
    ["POST", "/api/v1/access-keys", "Bearer kwt_x", true],
    ["POST", "/api/v1/access-keys/7/regenerate", undefined, true],
    ["PATCH", "/api/v1/access-keys/7", undefined, true],
    ["DELETE", "/api/v1/access-keys/7", undefined, true],
    ["POST", "/api/v1/users", undefined, true],
    // A user's password: bcrypt and the sign-in throttle's commit stay off the verification thread.
    ["GET", "/api/v1/me", password, true],
    ["GET", "/api/v1/audit-events", password.replace("Basic", "basic"), true],
    ["HEAD", "/api/v1/me", password.replace("Basic", "BASIC"), true],
    ["GET", "/api/v1/me?x=1", password.replace("Basic ", "Basic   "), true],
    ["GET", "/api/v1/me", password.replace("Basic ", "Basic\t"), false], // no such scheme: a 401 right here
  ] as const)("%s %s (%s) → %s", (method, url, authorization, expected) => {
    expect(servedByWorker({ method, url, headers: authorization ? { authorization } : {} })).toBe(expected);
  });
});

describe("the caller's address behind the server's own proxy", () => {
  const request = (headers: Record<string, string | string[]>) =>
    ({ headers, socket: { remoteAddress: undefined } }) as unknown as IncomingMessage;

  it("is the address the main thread stamped", () => {
    expect(stampedClientIp(request({ [CLIENT_IP_HEADER]: "203.0.113.9" }))).toBe("203.0.113.9");
  });

  it("is 'unknown' when nothing was stamped", () => {
    expect(stampedClientIp(request({}))).toBe("unknown");
  });
});

describe("a write whose body is declared too large", () => {
  it("is answered 413 with the documented error before the server hands it on; others pass", async () => {
    const server = createServer((req, res) => {
      if (!refuseDeclaredTooLarge(req, res)) res.end("handed on");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/access-keys`;
    try {
      const big = await fetch(url, { method: "POST", body: "x".repeat(MAX_BODY_BYTES + 1) });
      expect(big.status).toBe(413);
      expect(await big.json()).toMatchObject({ error: { code: "payload_too_large" } });
      const small = await fetch(url, { method: "POST", body: "x".repeat(MAX_BODY_BYTES) });
      expect(await small.text()).toBe("handed on");
      // The token endpoint's refusal in RFC 6749 §5.2's format, with a registered code (issue 12, item 9).
      const token = await fetch(`${url.replace("/access-keys", "/oauth/token")}/?x=1`, {
        method: "POST",
        body: "x".repeat(MAX_BODY_BYTES + 1),
      });
      expect(token.status).toBe(413);
      expect(await token.json()).toEqual({ error: "invalid_request", error_description: expect.any(String) });
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe("who an API request came from, for the audit", () => {
  async function failedCallVia(handler: typeof handleApiRequest, stamped: string) {
    const server = createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/me`, {
        headers: { authorization: "Bearer not-a-secret", [CLIENT_IP_HEADER]: stamped },
      });
      expect(res.status).toBe(401);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  }

  it("behind the server's proxy (the worker thread), is the stamped address", async () => {
    await failedCallVia(handleProxiedApiRequest, "203.0.113.77");
    expect(await authEvents("203.0.113.77")).toHaveLength(1);
  });

  it("on the main thread, is the socket's address: a caller cannot stamp its own", async () => {
    const before = (await authEvents("127.0.0.1")).length;
    await failedCallVia(handleApiRequest, "203.0.113.78");
    expect(await authEvents("203.0.113.78")).toHaveLength(0);
    expect(await authEvents("127.0.0.1")).toHaveLength(before + 1);
  });
});

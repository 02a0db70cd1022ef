import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { CLIENT_IP_HEADER, stampedClientIp } from "../client-ip";
import { writesDurably } from ".";

describe("which API requests the server answers off the verification thread", () => {
  it.each([
    ["GET", "/api/v1/me", false],
    ["GET", "/api/v1/access-keys?status=active", false],
    ["HEAD", "/api/v1/me", false],
    ["OPTIONS", "/api/v1/access-keys", false],
    ["POST", "/api/v1/oauth/introspect", false],
    ["POST", "/api/v1/oauth/token", true],
    ["POST", "/api/v1/oauth/revoke", true],
    ["POST", "/api/v1/access-keys", true],
    ["POST", "/api/v1/access-keys/7/regenerate", true],
    ["PATCH", "/api/v1/access-keys/7", true],
    ["DELETE", "/api/v1/access-keys/7", true],
    ["POST", "/api/v1/users", true],
  ] as const)("%s %s → %s", (method, url, expected) => {
    expect(writesDurably(method, url)).toBe(expected);
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

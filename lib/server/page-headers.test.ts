import { IncomingMessage, ServerResponse } from "node:http";
import { Socket } from "node:net";
import { getScriptNonceFromHeaders } from "next/dist/server/app-render/get-script-nonce-from-header";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  applyPageHeaders,
  contentSecurityPolicy,
  HSTS,
  newNonce,
  securityHeaders,
  servedOverHttps,
} from "./page-headers";

afterEach(() => {
  vi.unstubAllEnvs();
});

function exchange(headers: Record<string, string> = {}) {
  const req = new IncomingMessage(new Socket());
  req.headers = { host: "localhost:3000", ...headers };
  return { req, res: new ServerResponse(req) };
}

describe("the Content-Security-Policy", () => {
  it("allows scripts by nonce only (and what they load), no framing, plugins, base or foreign form targets", () => {
    const directives = contentSecurityPolicy("abc123==").split("; ");
    expect(directives).toEqual([
      "default-src 'self'",
      "script-src 'self' 'nonce-abc123==' 'strict-dynamic'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "font-src 'self'",
      "connect-src 'self'",
      "frame-ancestors 'none'",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
    ]);
  });

  it("adds 'unsafe-eval' for the dev server only", () => {
    expect(contentSecurityPolicy("n", true)).toContain("'strict-dynamic' 'unsafe-eval';");
    expect(contentSecurityPolicy("n", false)).not.toContain("unsafe-eval");
  });

  it("has a new, unguessable nonce on every request, which Next reads back from the request", () => {
    const nonces = new Set(Array.from({ length: 1000 }, newNonce));
    expect(nonces.size).toBe(1000);
    for (const nonce of [...nonces].slice(0, 20)) {
      expect(Buffer.from(nonce, "base64")).toHaveLength(16);
      expect(getScriptNonceFromHeaders({ "content-security-policy": contentSecurityPolicy(nonce) })).toBe(nonce);
    }
  });
});

describe("the page headers", () => {
  it("are set on the response, and the same policy on the request for Next; a caller's own policy is replaced", () => {
    const { req, res } = exchange({
      "content-security-policy": "script-src 'nonce-chosen-by-caller'",
      "content-security-policy-report-only": "script-src 'nonce-chosen-too'",
    });
    applyPageHeaders(req, res);
    const csp = res.getHeader("content-security-policy") as string;
    expect(req.headers["content-security-policy"]).toBe(csp);
    expect(req.headers["content-security-policy-report-only"]).toBeUndefined();
    expect(getScriptNonceFromHeaders(req.headers)).not.toBe("chosen-by-caller");
    expect(res.getHeader("x-frame-options")).toBe("DENY");
    expect(res.getHeader("x-content-type-options")).toBe("nosniff");
    expect(res.getHeader("referrer-policy")).toBe("no-referrer");
    const permissions = res.getHeader("permissions-policy") as string;
    for (const feature of ["camera", "microphone", "geolocation", "payment", "usb", "interest-cohort"]) {
      expect(permissions).toContain(`${feature}=()`);
    }
    expect(res.getHeader("strict-transport-security")).toBeUndefined();

    const next = exchange();
    applyPageHeaders(next.req, next.res);
    expect(next.res.getHeader("content-security-policy")).not.toBe(csp);
  });
});

describe("Strict-Transport-Security", () => {
  it("is sent when PUBLIC_URL is https", () => {
    vi.stubEnv("PUBLIC_URL", "https://keys.example.com/");
    vi.stubEnv("TRUST_PROXY", "");
    const { req, res } = exchange();
    applyPageHeaders(req, res);
    expect(res.getHeader("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
  });

  it("is sent behind a trusted proxy that says https, and only then", () => {
    vi.stubEnv("PUBLIC_URL", "");
    const https = { "x-forwarded-proto": "https" };
    vi.stubEnv("TRUST_PROXY", "1");
    expect(servedOverHttps({ headers: https })).toBe(true);
    expect(servedOverHttps({ headers: { "x-forwarded-proto": "HTTPS, http" } })).toBe(true);
    expect(servedOverHttps({ headers: { "x-forwarded-proto": "http" } })).toBe(false);
    expect(servedOverHttps({ headers: {} })).toBe(false);
    vi.stubEnv("TRUST_PROXY", "true");
    expect(servedOverHttps({ headers: https })).toBe(true);
    // Without TRUST_PROXY anyone can send X-Forwarded-Proto.
    vi.stubEnv("TRUST_PROXY", "");
    expect(servedOverHttps({ headers: https })).toBe(false);
  });

  it("is not sent over http: PUBLIC_URL http or unset, no trusted proxy", () => {
    vi.stubEnv("TRUST_PROXY", "");
    vi.stubEnv("PUBLIC_URL", "http://keys.internal:3000");
    expect(servedOverHttps({ headers: {} })).toBe(false);
    vi.stubEnv("PUBLIC_URL", "");
    expect(servedOverHttps({ headers: {} })).toBe(false);
    expect(securityHeaders({ nonce: "n", https: false })).not.toHaveProperty("Strict-Transport-Security");
    expect(securityHeaders({ nonce: "n", https: true })).toHaveProperty("Strict-Transport-Security", HSTS);
  });
});

import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { trustsProxy } from "../client-ip";
import { configuredPublicUrl } from "../public-url";

/**
 * The security headers of everything Next serves (pages, their assets, Auth.js), set by the worker
 * before Next sees the request. The REST API under /api/v1 answers JSON with headers of its own.
 */

/** A fresh script nonce: 128 random bits, base64 (what Next's nonce pattern accepts). */
export function newNonce(): string {
  return randomBytes(16).toString("base64");
}

/**
 * Scripts run only with this response's nonce, or when loaded by a script that has it
 * ('strict-dynamic': Next's chunks). Styles may be inline (React's style props, the toaster's
 * injected sheet). The dev server evaluates modules, hence 'unsafe-eval' there only.
 */
export function contentSecurityPolicy(nonce: string, dev = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join("; ");
}

/**
 * No powerful browser feature is used by any page: all off, for this origin and any frame. Only
 * features Chromium knows (it warns on the console about any other).
 */
export const PERMISSIONS_POLICY = [
  "accelerometer=()",
  "autoplay=()",
  "browsing-topics=()",
  "camera=()",
  "display-capture=()",
  "geolocation=()",
  "gyroscope=()",
  "hid=()",
  "interest-cohort=()",
  "magnetometer=()",
  "microphone=()",
  "midi=()",
  "payment=()",
  "publickey-credentials-get=()",
  "serial=()",
  "usb=()",
  "xr-spatial-tracking=()",
].join(", ");

export const HSTS = "max-age=31536000; includeSubDomains";

/**
 * Whether the browser reached us over https: PUBLIC_URL says so, or (TRUST_PROXY) the reverse
 * proxy's X-Forwarded-Proto does. Only then is Strict-Transport-Security sent.
 */
export function servedOverHttps(req: Pick<IncomingMessage, "headers">): boolean {
  if (configuredPublicUrl()?.toLowerCase().startsWith("https://")) return true;
  if (!trustsProxy()) return false;
  const proto = req.headers["x-forwarded-proto"];
  const first = (Array.isArray(proto) ? proto[0] : proto)?.split(",")[0]?.trim().toLowerCase();
  return first === "https";
}

export function securityHeaders(options: { nonce: string; dev?: boolean; https: boolean }): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(options.nonce, options.dev),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": PERMISSIONS_POLICY,
    ...(options.https ? { "Strict-Transport-Security": HSTS } : {}),
  };
}

/**
 * Sets the security headers on the response and hands the policy to Next on the request: Next
 * puts the nonce it finds in a request's `content-security-policy` header on every script it
 * renders (next/dist/server/app-render/get-script-nonce-from-header.js). Pages are rendered per
 * request (the root layout is force-dynamic), so each response gets a nonce of its own.
 */
export function applyPageHeaders(req: IncomingMessage, res: ServerResponse, dev = false): void {
  const headers = securityHeaders({ nonce: newNonce(), dev, https: servedOverHttps(req) });
  req.headers["content-security-policy"] = headers["Content-Security-Policy"];
  // The caller cannot choose the policy through the report-only header Next reads as a fallback.
  delete req.headers["content-security-policy-report-only"];
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
}

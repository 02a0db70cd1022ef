import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * POSTs to pages that Next would take for a server action and then fail on with a 500 (and an
 * error in the log): a cross-origin call, or a multipart body whose Content-Type cannot be parsed.
 * The worker answers them itself, before Next sees them: 403 and 400, a line of plain text, no log.
 * The REST API (/api/v1) and Auth.js's route handlers (/api/auth) are not pages: Next runs no
 * server action there, and they check their own input.
 */

export type Refusal = { status: 400 | 403; message: string };

/** What Next takes for a possible server action (next/dist/server/lib/server-action-request-meta.js), urlencoded aside: Next answers those itself. */
function possibleServerAction(req: Pick<IncomingMessage, "method" | "headers">): boolean {
  if (req.method !== "POST") return false;
  return req.headers["next-action"] !== undefined || isMultipart(req.headers["content-type"]);
}

/** Next's own test, case and all: anything else is not multipart to it. */
const isMultipart = (contentType: string | undefined) => contentType?.startsWith("multipart/form-data") ?? false;

/**
 * Next's CSRF rule for server actions (isCsrfSafe in next/dist/server/app-render/action-handler.js,
 * no `serverActions.allowedOrigins` configured): without an Origin header the call goes on (only a
 * non-browser client leaves it out); otherwise the Origin's host must equal the first
 * X-Forwarded-Host (a reverse proxy's; Next sets it from Host when absent) or else the Host header,
 * compared as the same strings. `Origin: null` and an unparsable Origin never match.
 */
export function sameOriginAsNext(headers: IncomingMessage["headers"]): boolean {
  const origin = headers.origin;
  if (origin === undefined) return true;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return false; // "null" included
  }
  const forwarded = headers["x-forwarded-host"];
  const forwardedHost = (Array.isArray(forwarded) ? forwarded[0] : forwarded?.split(",")[0])?.trim();
  const host = forwardedHost || headers.host;
  return originHost !== "" && originHost === host;
}

// RFC 2046 §5.1.1: 1–70 characters, no trailing space. Busboy (fetch actions) and undici's
// FormData parser (form posts) both accept any boundary of this shape.
const BOUNDARY = /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Whether a Content-Type Next takes for multipart is one it can parse: exactly
 * `multipart/form-data`, well-formed parameters, and one usable boundary.
 */
export function parsableMultipart(contentType: string): boolean {
  const match = /^multipart\/form-data[ \t]*(;.*)?$/s.exec(contentType);
  if (!match) return false;
  let rest = match[1] ?? "";
  const boundaries: string[] = [];
  while (rest.length > 0) {
    const param = /^;[ \t]*([^=;\s]+)=("(?:[^"\\\r\n]|\\[^\r\n])*"|[^;\s"]*)[ \t]*/.exec(rest);
    if (!param) return false;
    const [whole, name = "", raw = ""] = param;
    const quoted = raw.startsWith('"');
    if (!TOKEN.test(name) || (!quoted && !TOKEN.test(raw))) return false;
    const value = quoted ? raw.slice(1, -1).replace(/\\(.)/g, "$1") : raw;
    if (name.toLowerCase() === "boundary") boundaries.push(value);
    rest = rest.slice(whole.length);
  }
  const [boundary] = boundaries;
  // Only dashes: undici cannot tell such a delimiter from the dashes around it.
  return boundaries.length === 1 && BOUNDARY.test(boundary as string) && /[^-]/.test(boundary as string);
}

/** Why Next must not see this page request, or undefined to hand it on. */
export function refusalOf(req: Pick<IncomingMessage, "method" | "url" | "headers">): Refusal | undefined {
  if (!possibleServerAction(req) || req.url?.startsWith("/api/")) return undefined;
  if (!sameOriginAsNext(req.headers)) {
    return { status: 403, message: "Forbidden: a cross-origin form or server action call." };
  }
  const contentType = req.headers["content-type"];
  if (contentType !== undefined && isMultipart(contentType) && !parsableMultipart(contentType)) {
    return { status: 400, message: "Bad request: the multipart/form-data Content-Type has no usable boundary." };
  }
  return undefined;
}

/** Answers a refused page POST (and returns true); leaves any other request alone. */
export function refusePagePost(req: IncomingMessage, res: ServerResponse): boolean {
  const refusal = refusalOf(req);
  if (!refusal) return false;
  const body = `${refusal.message}\n`;
  res.writeHead(refusal.status, {
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Length": Buffer.byteLength(body),
    "Cache-Control": "no-store",
  });
  res.end(body);
  req.resume(); // the unread body is drained, so the proxy's kept-alive connection stays usable
  return true;
}

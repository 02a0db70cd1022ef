import type { IncomingMessage, ServerResponse } from "node:http";
import { redactSecrets } from "../keys";
import { DomainError, type ErrorCode } from "../model/errors";
import { OAUTH_ERRORS } from "./schemas";

/**
 * An Authorization header's scheme (lower case; empty when there is no space) and credentials, split
 * at the first space: how the API reads every Authorization header.
 */
export function splitAuthorization(header: string): { scheme: string; credentials: string } {
  const space = header.indexOf(" ");
  return { scheme: space < 0 ? "" : header.slice(0, space).toLowerCase(), credentials: header.slice(space + 1).trim() };
}

/** Bodies over this are refused with 413 before they are read in full. */
export const MAX_BODY_BYTES = 64 * 1024;

/** An HTTP refusal with the documented body `{"error":{"code","message"}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

const STATUS_OF: Record<ErrorCode, number> = {
  invalid: 400,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  limit: 409,
  throttled: 429,
};

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof DomainError) {
    const details = error.fieldErrors ? { fields: error.fieldErrors } : undefined;
    return new ApiError(STATUS_OF[error.code], error.code, error.message, {}, details);
  }
  // Never a stack trace to the client; the log gets the name and message only (no request data).
  console.error(redactSecrets(`[api] ${error instanceof Error ? `${error.name}: ${error.message}` : "unknown error"}`));
  return new ApiError(500, "internal_error", "Something went wrong on the server.");
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(payload),
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    ...headers,
  });
  res.end(payload);
}

export function sendError(res: ServerResponse, error: ApiError): void {
  const body = { error: { code: error.code, message: error.message, ...(error.details ?? {}) } };
  sendJson(res, error.status, body, error.headers);
}

const OAUTH_CODES: ReadonlySet<string> = new Set(OAUTH_ERRORS);

/**
 * An RFC 6749 §5.2 error body, for the OAuth endpoints. Only registered codes go out: a refused
 * client (401, or 429 after too many failures) is invalid_client, a server fault server_error, and
 * anything else the request's fault (a body too large, of another type, not JSON…) invalid_request.
 */
export function sendOAuthError(res: ServerResponse, error: ApiError): void {
  const code =
    error.status === 401 || error.status === 429
      ? "invalid_client"
      : error.status >= 500
        ? "server_error"
        : OAUTH_CODES.has(error.code)
          ? error.code
          : "invalid_request";
  const headers: Record<string, string> = { ...error.headers, Pragma: "no-cache" };
  if (error.status === 401) headers["WWW-Authenticate"] = 'Basic realm="keyward"';
  sendJson(res, error.status, { error: code, error_description: error.message }, headers);
}

export type SendError = (res: ServerResponse, error: ApiError) => void;

/** A body declared (Content-Length) over MAX_BODY_BYTES: it is refused before a byte of it is read. */
function declaredTooLarge(req: IncomingMessage): boolean {
  return Number(req.headers["content-length"]) > MAX_BODY_BYTES;
}

/** Answers 413 (and returns true) for a body declared too large, in the endpoint's error format. */
export function refuseDeclaredTooLarge(
  req: IncomingMessage,
  res: ServerResponse,
  send: SendError = sendError,
): boolean {
  if (!declaredTooLarge(req)) return false;
  send(res, tooLarge());
  return true;
}

/** Reads the body up to MAX_BODY_BYTES; anything larger is a 413 without reading the rest. */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  if (declaredTooLarge(req)) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.removeAllListeners("data");
        req.resume();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function tooLarge(): ApiError {
  return new ApiError(413, "payload_too_large", `Request bodies are limited to ${MAX_BODY_BYTES / 1024} KiB.`, {
    Connection: "close",
  });
}

/** JSON or form bodies into a plain object; anything else is a 400 (or 415 for other types). */
export async function parseBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const raw = await readBody(req);
  if (raw.length === 0) return {};
  const type = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
  const text = raw.toString("utf8");
  if (type === "application/json") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new ApiError(400, "invalid_json", "The request body is not valid JSON.");
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new ApiError(400, "invalid_body", "The request body must be a JSON object.");
    }
    return parsed as Record<string, unknown>;
  }
  if (type === "application/x-www-form-urlencoded") {
    const form = new URLSearchParams(text);
    const seen = new Set<string>();
    for (const key of form.keys()) {
      if (seen.has(key)) throw new ApiError(400, "invalid_request", `The parameter ${key} is repeated.`);
      seen.add(key);
    }
    // Own properties only: a parameter named toString, constructor or __proto__ is just an unknown
    // parameter (ignored, RFC 6749 §3.2), not "repeated" and never the object's prototype.
    return Object.fromEntries(form);
  }
  throw new ApiError(415, "unsupported_media_type", "Send application/json or application/x-www-form-urlencoded.");
}

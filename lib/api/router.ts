import type { IncomingMessage, ServerResponse } from "node:http";
import FindMyWay from "find-my-way";
import type { z } from "zod";
import { clientIp } from "../client-ip";
import type { AuditContext } from "../model/audit";
import { authenticate, type Caller, type Principal } from "./authenticate";
import {
  ApiError,
  parseBody,
  refuseDeclaredTooLarge,
  type SendError,
  sendError,
  sendJson,
  sendOAuthError,
  toApiError,
} from "./http";

export type Reply = { status?: number; body?: unknown; headers?: Record<string, string> };

export type RequestContext = {
  req: IncomingMessage;
  params: Record<string, string | undefined>;
  query: URLSearchParams;
  caller: Caller;
  /** The parsed JSON or form body (read lazily, size-limited). */
  body: () => Promise<Record<string, unknown>>;
};
export type AuthedContext = RequestContext & { principal: Principal; audit: AuditContext };

export type Route =
  | {
      method: "GET" | "POST" | "PATCH" | "DELETE";
      path: string;
      auth: false;
      errors?: "api" | "oauth";
      handler: (ctx: RequestContext) => Promise<Reply>;
    }
  | {
      method: "GET" | "POST" | "PATCH" | "DELETE";
      path: string;
      auth: true;
      handler: (ctx: AuthedContext) => Promise<Reply>;
    };

/** Validates a body or query object with a zod schema; failures are 400 with the fields named. */
export function validate<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fields: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "body";
    fields[key] = [...(fields[key] ?? []), issue.message];
  }
  throw new ApiError(400, "invalid_request", "The request is not valid.", {}, { fields });
}

function respond(res: ServerResponse, reply: Reply): void {
  if (reply.status === 204) {
    res.writeHead(204, { "Cache-Control": "no-store", ...reply.headers });
    res.end();
    return;
  }
  sendJson(res, reply.status ?? 200, reply.body ?? {}, reply.headers);
}

/** The OAuth endpoints answer errors in RFC 6749 §5.2's format. */
export const isOAuthRoute = (route: Route) => !route.auth && route.errors === "oauth";
const METHODS = ["GET", "HEAD", "POST", "PATCH", "DELETE"] as const;

/** A node:http handler for /api/v1 and the OAuth discovery document, outside Next's request pipeline. */
export function createApiHandler(
  routes: Route[],
  options: { callerIp?: (req: IncomingMessage) => string } = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  const callerIp = options.callerIp ?? clientIp;

  /** A path the API has, asked with a method it has not: 405 with Allow (RFC 9110 §15.5.6), not 404. */
  function unmatched(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const found = METHODS.map((method) => ({ method, match: router.find(method, path) })).filter((m) => m.match);
    if (found.length === 0) {
      sendError(res, new ApiError(404, "not_found", "There is no such endpoint."));
      return;
    }
    const allow = found.map((m) => m.method).join(", ");
    const error = new ApiError(405, "method_not_allowed", `This endpoint answers ${allow}.`, { Allow: allow });
    const oauth = found.some((m) => (m.match?.store as { oauth?: boolean } | undefined)?.oauth);
    (oauth ? sendOAuthError : sendError)(res, error);
  }

  const router = FindMyWay({
    ignoreTrailingSlash: true,
    maxParamLength: 200,
    defaultRoute: unmatched,
    onBadUrl: (_path, _req, res) => sendError(res, new ApiError(400, "bad_url", "The URL is malformed.")),
  });

  for (const route of routes) {
    const sendFailure: SendError = isOAuthRoute(route) ? sendOAuthError : sendError;
    const write = route.method !== "GET";
    const handle = (req: IncomingMessage, res: ServerResponse, params: Record<string, string | undefined>) => {
      // A write's body is refused before authentication or a byte of it is read, whether or not the
      // route reads one: as the server does before handing writes to its worker (scripts/start.ts).
      if (write && refuseDeclaredTooLarge(req, res, sendFailure)) return;
      const url = req.url ?? "/";
      const queryStart = url.indexOf("?");
      let bodyPromise: Promise<Record<string, unknown>> | undefined;
      const ctx: RequestContext = {
        req,
        params,
        query: new URLSearchParams(queryStart >= 0 ? url.slice(queryStart + 1) : ""),
        caller: { ip: callerIp(req), userAgent: req.headers["user-agent"]?.slice(0, 512) ?? null },
        body: () => {
          bodyPromise ??= parseBody(req);
          return bodyPromise;
        },
      };
      const run = async (): Promise<Reply> => {
        if (!route.auth) return route.handler(ctx);
        // Only the Authorization header counts: cookies are never read here.
        const principal = await authenticate(req.headers.authorization, ctx.caller);
        const audit: AuditContext = {
          actorId: principal.actor.id,
          actorUsername: principal.actor.username,
          ip: ctx.caller.ip,
          userAgent: ctx.caller.userAgent,
        };
        return route.handler({ ...ctx, principal, audit });
      };
      run().then(
        // Written in the check phase, after the poll phase has parsed every request that arrived:
        // the responses of a busy event-loop turn then leave together (far more throughput than
        // writing each from its own microtask: docs/benchmarks.md).
        (reply) => setImmediate(respond, res, reply),
        (error: unknown) => sendFailure(res, toApiError(error)),
      );
    };
    // HEAD answers wherever GET does: the same handler, and node:http drops the body of a HEAD response.
    const methods = route.method === "GET" ? ["GET", "HEAD"] : [route.method];
    router.on(methods as ("GET" | "HEAD")[], route.path, (req, res, params) => handle(req, res, params), {
      oauth: isOAuthRoute(route),
    });
  }
  return (req, res) => router.lookup(req, res);
}

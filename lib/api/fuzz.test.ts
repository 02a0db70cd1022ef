// Bad input to the REST API, property-based: hostile JSON bodies, any bytes under any content type,
// query strings and path ids against every route (read from the router's arrays), as an
// administrator. Every answer is below 500, every refusal carries the documented error body, and a
// refused request leaves the database as it was. (bad-input.test.ts keeps the hand-picked cases;
// fuzz-headers.test.ts does credentials and headers.)
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fuzzSetup, isOAuth, RUNS, routes, wellFormed } from "@/test/api/fuzz";
import { makeKey } from "@/test/api/helpers";
import { hostileJson, hostileRecord, hostileString, NASTY_STRINGS } from "@/test/support/arbitraries";
import { openApiDocument } from "./openapi";
import type { Route } from "./router";
import { createKeyBody, tokenParam, tokenRequest, updateKeyBody } from "./schemas";

const { server, ctx, pathOf, expectClean } = fuzzSetup();

/** The query parameters the document declares for a GET route. */
function queryParameters(route: Route): string[] {
  const doc = openApiDocument() as { paths: Record<string, { get?: { parameters?: { name: string; in: string }[] } }> };
  const operation = doc.paths[route.path.replace(/:(\w+)/g, "{$1}")]?.get;
  return (operation?.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name);
}

const FIELDS: Record<string, string[]> = {
  "POST /api/v1/access-keys": Object.keys(createKeyBody.shape),
  "PATCH /api/v1/access-keys/:id": Object.keys(updateKeyBody.shape),
  "POST /api/v1/oauth/token": Object.keys(tokenRequest.shape),
  "POST /api/v1/oauth/introspect": Object.keys(tokenParam.shape),
  "POST /api/v1/oauth/revoke": Object.keys(tokenParam.shape),
};
/** Valid bodies to spoil (the OAuth endpoints' forms are fuzzed on their own below). */
const VALID_BODIES: Record<string, Record<string, unknown>> = {
  "POST /api/v1/access-keys": { name: "Fuzz key", description: "made by fuzz.test.ts", bearerEnabled: true },
  "PATCH /api/v1/access-keys/:id": { name: "Fuzzed key", description: "changed", bearerEnabled: false },
};
const bodyRoutes = routes.filter((route) => route.method === "POST" || route.method === "PATCH");
const CONTENT_TYPES = [
  "application/json",
  "application/json; charset=utf-16",
  "application/x-www-form-urlencoded",
  "APPLICATION/JSON",
  "text/plain",
  "multipart/form-data; boundary=x",
  "application/xml",
  "",
  ";",
  "application/json;;;",
];

describe("the REST API under hostile input, as an administrator", () => {
  it("JSON bodies with the route's fields set to hostile values: 4xx with the documented body, or done", async () => {
    // Mostly a valid body with one to three fields spoilt (so that the rest gets past validation),
    // else the route's fields all hostile, else any JSON at all.
    const body = (route: Route) => {
      const fields = FIELDS[`${route.method} ${route.path}`] ?? [];
      const name = fields.length
        ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...fields) }, hostileString)
        : hostileString;
      const spoilt = fc.array(fc.tuple(name, fc.option(hostileJson)), { minLength: 1, maxLength: 3 }).map((changes) => {
        const json: Record<string, unknown> = { ...VALID_BODIES[`${route.method} ${route.path}`] };
        for (const [field, value] of changes) {
          if (value === null) delete json[field];
          else Object.defineProperty(json, field, { value, enumerable: true, writable: true, configurable: true });
        }
        return json;
      });
      return fc.oneof(
        { weight: 4, arbitrary: spoilt },
        { weight: 2, arbitrary: hostileRecord(fields, hostileJson) },
        { weight: 1, arbitrary: hostileJson },
      );
    };
    await fc.assert(
      fc.asyncProperty(
        fc
          .oneof(
            ...bodyRoutes.map((route) => ({
              weight: VALID_BODIES[`${route.method} ${route.path}`] ? 6 : 1,
              arbitrary: fc.constant(route),
            })),
          )
          .chain((route) => fc.tuple(fc.constant(route), body(route))),
        async ([route, json]) => {
          const path = await pathOf(route);
          const text = JSON.stringify(json) ?? "null";
          await expectClean(
            path,
            { method: route.method, body: text },
            isOAuth(route),
            `${route.method} ${path} ${text.slice(0, 200)}`,
          );
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("any bytes under any content type, on any route and method: never a 500", async () => {
    const methods = fc.constantFrom("GET", "POST", "PATCH", "DELETE", "PUT", "OPTIONS");
    const bytes = fc.oneof(
      fc.string({ unit: "binary", maxLength: 300 }),
      fc.constantFrom(...NASTY_STRINGS),
      fc.uint8Array({ maxLength: 300 }).map((array) => Buffer.from(array).toString("latin1")),
      // Over the 64 KiB limit: 413, whatever the type says (and an empty type is still refused).
      fc.integer({ min: 64 * 1024 + 1, max: 100_000 }).map((size) => "{".padEnd(size, "\u0000x")),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        methods,
        fc.constantFrom(...CONTENT_TYPES),
        bytes,
        async (route, method, type, raw) => {
          const path = await pathOf(route);
          const body = method === "GET" ? undefined : raw;
          const headers: Record<string, string> = type ? { "Content-Type": type } : {};
          // (A method the route does not have is a 405, in the endpoint's error format; its Allow is
          // checked against the document with every response, in test/api/contract.ts.)
          const oauth = isOAuth(route);
          await expectClean(
            path,
            { method, body, headers },
            oauth,
            `${method} ${path} ${type} ${JSON.stringify(raw).slice(0, 200)}`,
          );
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("hostile query strings on every GET route: 200, or 400 naming only documented parameters that were sent", async () => {
    const gets = routes.filter((route) => route.method === "GET");
    const names = fc.oneof(
      fc.constantFrom(
        "page",
        "pageSize",
        "size",
        "sort",
        "dir",
        "q",
        "name",
        "status",
        "owner",
        "clientId",
        "createdBy",
        "expiresBy",
        "expiresWithin",
        "neverExpires",
        "actor",
        "event",
        "from",
        "to",
        "role",
      ),
      hostileString,
    );
    const query = fc.array(
      fc.tuple(
        names,
        hostileString.map((s) => s.slice(0, 300)),
      ),
      { maxLength: 6 },
    );
    const raw = fc.constantFrom("", "&%", "&a=%zz", "&q=%E0%A4%A", "&&&", "&=", "&page=1&page=2", "&q=%00");
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...gets), query, raw, async (route, pairs, tail) => {
        const path = `${await pathOf(route)}?${new URLSearchParams(pairs.map(([k, v]) => [k.slice(0, 100), v])).toString()}${tail}`;
        const res = await expectClean(path, {}, false, `GET ${path.slice(0, 300)}`);
        if (res.status === 200) return;
        expect(res.status, path.slice(0, 300)).toBe(400);
        const fields = Object.keys(((await res.json()) as { error: { fields?: object } }).error.fields ?? {});
        const sent = new URL(path, server.url).searchParams;
        const declared = queryParameters(route);
        expect(fields.length, path.slice(0, 300)).toBeGreaterThan(0);
        for (const field of fields) {
          expect(declared, `${field} in ${path.slice(0, 300)}`).toContain(field);
          expect(sent.has(field), `${field} in ${path.slice(0, 300)}`).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("hostile path ids on every key route and method: 400 or 404, nothing changed", async () => {
    const idRoutes = routes.filter((route) => route.path.includes(":id"));
    const segment = fc.oneof(
      hostileString.map((s) => encodeURIComponent(wellFormed(s.slice(0, 150))) || "%20"),
      fc.constantFrom(
        "%",
        "%zz",
        "%E0%A4%A",
        "%00",
        "-1",
        "0",
        "1e3",
        "0x10",
        "Infinity",
        "NaN",
        "1.5",
        "9".repeat(30),
        "1;2",
        "1%2F2",
      ),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...idRoutes), segment, async (route, id) => {
        // "." and ".." are dot segments: the client resolves them away before sending (WHATWG URL).
        fc.pre(!/^(\.|%2e){1,2}$/i.test(id));
        fc.pre(!/^[1-9][0-9]*$/.test(id)); // a real id, not a hostile one
        const path = route.path.replace(":id", id);
        const res = await expectClean(path, { method: route.method }, false, `${route.method} ${path.slice(0, 300)}`);
        expect([400, 404], `${route.method} ${path.slice(0, 300)}`).toContain(res.status);
      }),
      { numRuns: RUNS },
    );
  });

  it("an id that only looks like an existing key's number is no alias for it: 404", async () => {
    const key = await makeKey(ctx.owner);
    for (const alias of [
      `0${key.id}`,
      `${key.id}.0`,
      `0x${key.id.toString(16)}`,
      `${key.id}e0`,
      `+${key.id}`,
      `%20${key.id}`,
      `${key.id}%20`,
    ]) {
      for (const route of routes.filter((r) => r.path.includes(":id"))) {
        const path = route.path.replace(":id", alias);
        const res = await expectClean(path, { method: route.method }, false, `${route.method} ${path}`);
        expect(res.status, `${route.method} ${path}`).toBe(404);
      }
    }
  });
});

// SPEC §3: the API is documented by an OpenAPI 3.1 document at /api/v1/openapi.json. The list of
// routes comes from the router's own tables, so a route added without documentation fails here.
import { beforeAll, describe, expect, it } from "vitest";
import { oauthRoutes } from "./oauth";
import { resourceRoutes } from "./resources";
import { apiServerForFile, call } from "./test-helpers";

const server = apiServerForFile();

type Operation = {
  summary?: string;
  security?: unknown[];
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
};
type Document = {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Record<string, unknown>>; securitySchemes: Record<string, unknown> };
};

let doc: Document;
let contentType: string | null;
beforeAll(async () => {
  // No credentials: the document is public.
  const res = await call(server.url, "/api/v1/openapi.json");
  expect(res.status).toBe(200);
  contentType = res.headers.get("content-type");
  doc = await res.json();
});

const routes = [...oauthRoutes, ...resourceRoutes].map((route) => ({
  ...route,
  documentedPath: route.path.replace(/:(\w+)/g, "{$1}"),
  documentedMethod: route.method.toLowerCase(),
}));

/** Every `$ref` anywhere in a value. */
function refs(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) refs(item, out);
  else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (key === "$ref" && typeof item === "string") out.push(item);
      else refs(item, out);
    }
  }
  return out;
}

describe("GET /api/v1/openapi.json", () => {
  it("is an OpenAPI 3.1 document served as JSON", () => {
    expect(contentType).toMatch(/^application\/json/);
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(["bearerToken", "clientCredentials"]);
  });

  it("documents every registered route with its method", () => {
    const missing = routes
      .filter((r) => !doc.paths[r.documentedPath]?.[r.documentedMethod])
      .map((r) => `${r.method} ${r.documentedPath}`);
    expect(missing).toEqual([]);
  });

  it("documents no route that does not exist", () => {
    const registered = new Set(routes.map((r) => `${r.documentedMethod} ${r.documentedPath}`));
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`));
    expect(documented.filter((op) => !registered.has(op))).toEqual([]);
  });

  it("gives every operation a summary and responses, and protected ones their security and 401", () => {
    for (const route of routes) {
      const op = doc.paths[route.documentedPath]?.[route.documentedMethod];
      if (!op) continue; // reported above
      const name = `${route.method} ${route.documentedPath}`;
      expect(op.summary, name).toEqual(expect.any(String));
      expect(Object.keys(op.responses).length, name).toBeGreaterThan(0);
      for (const response of Object.values(op.responses))
        expect(response.description, name).toEqual(expect.any(String));
      if (route.auth) {
        expect(op.security, name).toEqual([{ bearerToken: [] }]);
        expect(op.responses["401"], name).toBeDefined();
      }
    }
  });

  it("declares each path parameter", () => {
    for (const route of routes) {
      const op = doc.paths[route.documentedPath]?.[route.documentedMethod];
      const names = [...route.documentedPath.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const name of names) {
        expect(op?.parameters, `${route.method} ${route.documentedPath}`).toContainEqual(
          expect.objectContaining({ name, in: "path", required: true }),
        );
      }
    }
  });

  it("resolves every $ref to a component schema", () => {
    const names = new Set(Object.keys(doc.components.schemas).map((n) => `#/components/schemas/${n}`));
    const all = refs(doc.paths);
    expect(all.length).toBeGreaterThan(0);
    expect(all.filter((ref) => !names.has(ref))).toEqual([]);
  });

  it("publishes the request schemas the handlers validate with", () => {
    const create = doc.components.schemas.CreateAccessKey as {
      properties: Record<string, unknown>;
      required?: string[];
    };
    expect(Object.keys(create.properties).sort()).toEqual([
      "bearerEnabled",
      "description",
      "expiresAt",
      "name",
      "ownerId",
    ]);
    expect(create.required).toEqual(["name"]);
    const update = doc.components.schemas.UpdateAccessKey as {
      properties: Record<string, unknown>;
      required?: string[];
    };
    expect(Object.keys(update.properties).sort()).toEqual(["bearerEnabled", "description", "expiresAt", "name"]);
    expect(update.required ?? []).toEqual([]);
  });
});

// SPEC §3: the API is documented by an OpenAPI 3.1 document at /api/v1/openapi.json. The list of
// routes comes from the router's own tables, so a route added without documentation fails here.
import { beforeAll, describe, expect, it } from "vitest";
import { oauthRoutes } from "./oauth";
import { resourceRoutes } from "./resources";
import { apiServerForFile, bearer, call, makeKey, userWithKey } from "./test-helpers";

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

type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minimum?: number;
  maximum?: number;
};

const typeOf = (value: unknown) =>
  value === null
    ? "null"
    : Array.isArray(value)
      ? "array"
      : Number.isInteger(value)
        ? "integer"
        : typeof value === "number"
          ? "number"
          : typeof value;

/**
 * Where `value` departs from the documented `schema` (the subset of JSON Schema the document uses).
 * A property the schema does not list counts as a departure, whatever additionalProperties says:
 * everything the API returns must be documented.
 */
function departures(schema: JsonSchema, value: unknown, at = "$"): string[] {
  if (schema.$ref) {
    const resolved = doc.components.schemas[schema.$ref.replace("#/components/schemas/", "")];
    return resolved ? departures(resolved as JsonSchema, value, at) : [`${at}: unresolved ${schema.$ref}`];
  }
  if (schema.anyOf) {
    return schema.anyOf.some((option) => departures(option, value, at).length === 0)
      ? []
      : [`${at}: matches none of anyOf`];
  }
  const out: string[] = [];
  const actual = typeOf(value);
  if (schema.type) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.includes(actual) && !(actual === "integer" && types.includes("number"))) {
      return [`${at}: ${actual}, documented as ${types.join("|")}`];
    }
  }
  if (schema.enum && !schema.enum.includes(value)) out.push(`${at}: ${String(value)} not in the documented enum`);
  if ("const" in schema && schema.const !== value) out.push(`${at}: ${String(value)} is not ${String(schema.const)}`);
  if (typeof value === "number") {
    if (schema.minimum !== undefined && value < schema.minimum) out.push(`${at}: below ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) out.push(`${at}: above ${schema.maximum}`);
  }
  if (Array.isArray(value) && schema.items) {
    value.forEach((item, i) => {
      out.push(...departures(schema.items as JsonSchema, item, `${at}[${i}]`));
    });
  }
  if (actual === "object" && schema.properties) {
    const object = value as Record<string, unknown>;
    for (const name of schema.required ?? []) if (!(name in object)) out.push(`${at}.${name}: required, missing`);
    for (const [name, item] of Object.entries(object)) {
      const documented = schema.properties[name];
      if (documented) out.push(...departures(documented, item, `${at}.${name}`));
      else out.push(`${at}.${name}: not documented`);
    }
  }
  return out;
}

const documentedResponse = (path: string, method: string, status: string) =>
  doc.paths[path]?.[method]?.responses[status]?.content?.["application/json"]?.schema as JsonSchema;

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

describe("real responses match their documented schemas", () => {
  it("GET /api/v1/users: every property of the page and of each user is documented, keyCount included", async () => {
    const { key } = await userWithKey("admin");
    const { user: owner } = await userWithKey("user");
    await makeKey(owner);
    const res = await call(server.url, `/api/v1/users?pageSize=100&q=${owner.username}`, { auth: bearer(key.secret) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: Record<string, unknown>[] };
    expect(body.items.map((u) => [u.id, u.keyCount])).toEqual([[owner.id, 2]]);
    const schema = documentedResponse("/api/v1/users", "get", "200");
    expect(schema).toBeDefined();
    expect(departures(schema, body)).toEqual([]);

    const all = await call(server.url, "/api/v1/users?pageSize=100", { auth: bearer(key.secret) });
    expect(departures(schema, await all.json())).toEqual([]);
  });

  it("finds an undocumented property in a user", () => {
    const schema = documentedResponse("/api/v1/users", "get", "200");
    const user = {
      id: 1,
      username: "a",
      fullName: "A",
      email: "a@example.test",
      role: "user",
      status: "active",
      createdAt: new Date(0).toISOString(),
      lastSignInAt: null,
      keyCount: 0,
    };
    const page = { total: 1, page: 1, pageSize: 10, pageCount: 1 };
    expect(departures(schema, { ...page, items: [user] })).toEqual([]);
    expect(departures(schema, { ...page, items: [{ ...user, passwordHash: "x" }] })).toEqual([
      "$.items[0].passwordHash: not documented",
    ]);
    expect(departures(schema, { ...page, items: [{ ...user, keyCount: -1 }] })).toEqual([
      "$.items[0].keyCount: below 0",
    ]);
    expect(departures(schema, page)).toEqual(["$.items: required, missing"]);
  });

  it("GET /api/v1/access-keys and GET /api/v1/access-keys/{id}: every property is documented", async () => {
    const { key } = await userWithKey("admin");
    const list = await call(server.url, "/api/v1/access-keys?pageSize=100", { auth: bearer(key.secret) });
    expect(list.status).toBe(200);
    const page = (await list.json()) as { items: unknown[] };
    expect(page.items.length).toBeGreaterThan(0); // something to check
    expect(departures(documentedResponse("/api/v1/access-keys", "get", "200"), page)).toEqual([]);
    const one = await call(server.url, `/api/v1/access-keys/${key.id}`, { auth: bearer(key.secret) });
    expect(one.status).toBe(200);
    expect(departures(documentedResponse("/api/v1/access-keys/{id}", "get", "200"), await one.json())).toEqual([]);
  });
});

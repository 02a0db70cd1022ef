// The API is documented by an OpenAPI 3.1 document at /api/v1/openapi.json. The list of
// routes comes from the router's own tables, so a route added without documentation fails here.
// Real responses are checked against it in test/api/contract.ts (every lib/api test) and contract.test.ts.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { KEY_SORTS } from "@/lib/model/access-keys";
import { apiServerForFile, call } from "@/test/api/helpers";
import { PAGE_SIZES } from "../list-params";
import { oauthRoutes } from "./oauth";
import { resourceRoutes } from "./resources";

const server = apiServerForFile();

type Operation = {
  operationId?: string;
  summary?: string;
  security?: unknown[];
  parameters?: { name: string; in: string; required?: boolean; schema: Record<string, unknown> }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
};
type Document = {
  openapi: string;
  info: { title: string; version: string; license?: { name: string; identifier?: string; url?: string } };
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

describe("what issue 12 (item 7) asked of the document", () => {
  const operations = () => routes.map((r) => ({ route: r, op: doc.paths[r.documentedPath]?.[r.documentedMethod] }));

  it("has a licence, and each operation a unique operationId", () => {
    expect(doc.info.license).toEqual({ name: expect.any(String), identifier: expect.any(String) });
    const ids = operations().map(({ op }) => op?.operationId);
    expect(ids.every((id) => typeof id === "string" && /^[a-z][A-Za-z]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("declares the two public documents free of security", () => {
    expect(doc.paths["/api/v1/openapi.json"]?.get?.security).toEqual([]);
    expect(doc.paths["/.well-known/oauth-authorization-server"]?.get?.security).toEqual([]);
  });

  it("documents a JSON schema for every success but 204", () => {
    for (const { route, op } of operations()) {
      for (const [status, response] of Object.entries(op?.responses ?? {})) {
        if (!status.startsWith("2") || status === "204") continue;
        expect(response.content?.["application/json"]?.schema, `${route.method} ${route.path} ${status}`).toBeDefined();
      }
    }
    const named = (p: string, m: string) => doc.paths[p]?.[m]?.responses["200"]?.content?.["application/json"]?.schema;
    expect(named("/api/v1/me", "get")).toEqual({ $ref: "#/components/schemas/Me" });
    expect(named("/api/v1/audit-events", "get")).toEqual({ $ref: "#/components/schemas/AuditEventPage" });
    expect(named("/api/v1/oauth/introspect", "post")).toEqual({ $ref: "#/components/schemas/IntrospectionResponse" });
    expect(named("/api/v1/oauth/revoke", "post")).toEqual({ $ref: "#/components/schemas/RevocationResponse" });
    expect(named("/.well-known/oauth-authorization-server", "get")).toEqual({
      $ref: "#/components/schemas/AuthorizationServerMetadata",
    });
  });

  it("documents 413 on every write, 415 wherever a body is read, 429 wherever credentials are checked", () => {
    for (const { route, op } of operations()) {
      const name = `${route.method} ${route.path}`;
      const statuses = Object.keys(op?.responses ?? {});
      if (route.method !== "GET") expect(statuses, name).toContain("413");
      expect(statuses.includes("415"), name).toBe(op?.requestBody !== undefined);
      expect(statuses.includes("429"), name).toBe((op?.security ?? []).length > 0);
    }
  });

  it("declares the constraints the API enforces on list parameters", () => {
    const params = Object.fromEntries(
      (doc.paths["/api/v1/access-keys"]?.get?.parameters ?? []).map((p) => [p.name, p.schema]),
    );
    expect(params.page).toMatchObject({ type: "integer", minimum: 1 });
    expect(params.pageSize).toMatchObject({ enum: [...PAGE_SIZES] });
    expect(params.sort).toMatchObject({ enum: [...KEY_SORTS] });
    expect(params.dir).toMatchObject({ enum: ["asc", "desc"] });
    expect(params.status).toMatchObject({ enum: ["active", "inactive", "revoked", "expired"] });
    expect(params.expiresBy).toMatchObject({ format: "date" });
  });

  // The two public documents have no 4xx answer to document (no input, no credentials): the only
  // warnings redocly's recommended rules may give.
  const ACCEPTED = [
    "operation-4xx-response #/paths/~1.well-known~1oauth-authorization-server/get/responses",
    "operation-4xx-response #/paths/~1api~1v1~1openapi.json/get/responses",
  ];

  it("passes `redocly lint` (recommended rules) with no error", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "keyward-openapi-"));
    try {
      const file = path.join(dir, "openapi.json");
      writeFileSync(file, JSON.stringify(doc));
      const bin = path.resolve("node_modules/.bin/redocly");
      // Exit status 1 means problems were found; the JSON report says which.
      const run = await promisify(execFile)(bin, ["lint", "--format=json", file], {
        cwd: dir,
        env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
      }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? "" }));
      const report = JSON.parse(run.stdout) as {
        totals: { errors: number; warnings: number };
        problems: { severity: string; ruleId: string; message: string; location: { pointer: string }[] }[];
      };
      const found = (severity: string) =>
        report.problems.filter((p) => p.severity === severity).map((p) => `${p.ruleId} ${p.location[0]?.pointer}`);
      expect(found("error")).toEqual([]);
      expect(found("warn").filter((w) => !ACCEPTED.includes(w))).toEqual([]);
      expect(report.totals.errors).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});

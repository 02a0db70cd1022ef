// The OpenAPI document as a contract, checked on real responses. Every response the tests' API
// server (test/api/server.ts) sends on a documented path goes through `checkResponse`: its status must
// be documented for the operation, its body valid (ajv, JSON Schema 2020-12) against the documented
// schema, its required headers present; a method the path does not document must be a 405 whose
// Allow lists the documented ones. Each lib/api test file fails on any departure (test/api/helpers.ts).
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import Ajv2020, { type ValidateFunction } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { openApiDocument } from "@/lib/api/openapi";

type DocResponse = {
  description: string;
  content?: Record<string, { schema: object }>;
  headers?: Record<string, { required?: boolean }>;
};
type Operation = { operationId: string; responses: Record<string, DocResponse> };
type Document = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, object> };
};

// The component references, made absolute so that every compiled schema resolves them in one place.
const doc = JSON.parse(
  JSON.stringify(openApiDocument()).replaceAll('"#/components/schemas/', '"keyward#/$defs/'),
) as Document;
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
ajv.addSchema({ $id: "keyward", $defs: doc.components.schemas });

const validators = new Map<object, ValidateFunction>();
function validatorFor(schema: object): ValidateFunction {
  let validate = validators.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    validators.set(schema, validate);
  }
  return validate;
}

/** Where `value` departs from the named component schema (empty when it conforms). */
export function schemaProblems(schema: object | string, value: unknown): string[] {
  const validate = validatorFor(typeof schema === "string" ? { $ref: `keyward#/$defs/${schema}` } : schema);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || "$"} ${e.message}${formatParams(e.params)}`);
}
const formatParams = (params: Record<string, unknown>) =>
  "additionalProperty" in params ? `: ${String(params.additionalProperty)}` : "";

const templates = Object.keys(doc.paths).map((template) => ({
  template,
  pattern: new RegExp(`^${template.replace(/\{\w+\}/g, "[^/]+")}/?$`),
}));

export type Observed = {
  method: string;
  url: string;
  status: number;
  headers: OutgoingHttpHeaders;
  body: string;
};

/** Every (method, path template, documented status) answered so far in this process. */
export const seen = new Set<string>();
/** Every departure from the document so far in this process. */
export const departures: string[] = [];

/** The documented status a response falls under: its own, else its range (`5XX`). */
const statusKey = (responses: Record<string, DocResponse>, status: number) =>
  [String(status), `${String(status)[0]}XX`].find((key) => key in responses);

export function checkResponse(observed: Observed): string[] {
  const path = observed.url.split("?")[0] ?? "";
  const match = templates.find((t) => t.pattern.test(path));
  if (!match) return []; // not an endpoint of the document (a 404 for an unknown path)
  const operations = doc.paths[match.template] ?? {};
  const method = observed.method === "HEAD" ? "get" : observed.method.toLowerCase();
  const what = `${observed.method} ${match.template} → ${observed.status}`;
  const operation = operations[method];
  if (!operation) {
    const documented = Object.keys(operations).flatMap((m) => (m === "get" ? ["GET", "HEAD"] : [m.toUpperCase()]));
    const allow = String(observed.headers.allow ?? "")
      .split(/,\s*/)
      .filter(Boolean);
    if (observed.status !== 405) return [`${what}: a method the path does not document must be 405`];
    return allow.sort().join() === documented.sort().join()
      ? []
      : [`${what}: Allow "${allow}", documented ${documented}`];
  }
  const key = statusKey(operation.responses, observed.status);
  if (!key) return [`${what}: status not documented for ${operation.operationId}`];
  seen.add(`${observed.method === "HEAD" ? "GET" : observed.method} ${match.template} ${key}`);
  const documented = operation.responses[key] as DocResponse;
  const problems: string[] = [];
  for (const [name, header] of Object.entries(documented.headers ?? {})) {
    if (header.required && observed.headers[name.toLowerCase()] === undefined) problems.push(`${what}: no ${name}`);
  }
  const schema = documented.content?.["application/json"]?.schema;
  if (!schema) {
    if (observed.body !== "") problems.push(`${what}: a body where none is documented`);
    return problems;
  }
  if (!String(observed.headers["content-type"] ?? "").startsWith("application/json")) {
    problems.push(`${what}: Content-Type ${String(observed.headers["content-type"])}`);
  }
  if (observed.method === "HEAD") return problems; // node:http sends no body; the status and headers are GET's
  let body: unknown;
  try {
    body = JSON.parse(observed.body);
  } catch {
    return [...problems, `${what}: not JSON`];
  }
  return [...problems, ...schemaProblems(schema, body).map((p) => `${what}: ${p}`)];
}

/** Records the response `res` will send to `req` and checks it once it is sent. */
export function watchResponse(req: IncomingMessage, res: ServerResponse): void {
  let headers: OutgoingHttpHeaders = {};
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  res.writeHead = ((...args: unknown[]) => {
    const given = args.find((arg) => typeof arg === "object" && arg !== null);
    headers = Object.fromEntries(Object.entries(given ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
    return writeHead(...args);
  }) as typeof res.writeHead;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.end = ((...args: unknown[]) => {
    const chunk = args[0];
    const body = typeof chunk === "string" || Buffer.isBuffer(chunk) ? chunk.toString() : "";
    const problems = checkResponse({
      method: req.method ?? "GET",
      url: req.url ?? "/",
      status: res.statusCode,
      headers: { ...res.getHeaders(), ...headers },
      body,
    });
    departures.push(...problems);
    return end(...args);
  }) as typeof res.end;
}

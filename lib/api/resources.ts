import type { z } from "zod";
import { listUsers } from "@/lib/services/users";
import { auditListParams, keyListParams, userListParams } from "../list-filters";
import { type ListResult, param, type SearchParams } from "../list-params";
import { authorize } from "../model/authz";
import * as keys from "../services/access-keys";
import { listAuditEvents } from "../services/audit";
import { ApiError } from "./http";
import { openApiDocument } from "./openapi";
import { type AuthedContext, type Route, validate } from "./router";
import { auditListQuery, createKeyBody, keyListQuery, type meJson, updateKeyBody, userListQuery } from "./schemas";
import { auditEventToJson, keyToJson, userToJson } from "./serialize";

/** Resources act with the key owner's permissions, through the same domain functions as the UI. */

/**
 * The list parameters the document declares, read as the pages read them (first value, trimmed,
 * empty is absent) but refused with 400 and the parameter named when not allowed: a default must
 * not stand in silently for what the client asked. Parameters the document does not declare are
 * ignored; the API spells the page size `pageSize` (the UI's URLs say `size`).
 */
function listQuery(schema: z.ZodObject, query: URLSearchParams): SearchParams {
  const given: Record<string, string> = {};
  for (const name of Object.keys(schema.shape)) {
    const value = param({ [name]: query.getAll(name) }, name);
    if (value !== undefined) given[name] = value;
  }
  validate(schema, given);
  return { ...given, size: given.pageSize };
}

function page<Row, Json>(result: ListResult<Row>, toJson: (row: Row) => Json) {
  const { rows, ...meta } = result;
  return { body: { items: rows.map(toJson), ...meta } };
}

/** A key id in its one spelling: `/access-keys/0x1`, `/01`, `/1.0` or `/1e0` are no aliases of key 1. */
function keyId(ctx: AuthedContext): number {
  const raw = ctx.params.id ?? "";
  const id = /^[1-9][0-9]{0,15}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(id)) throw new ApiError(404, "not_found", "The access key was not found.");
  return id;
}

function me({ principal }: AuthedContext) {
  const { actor, key } = principal;
  const body: z.infer<typeof meJson> = {
    user: {
      id: actor.id,
      username: actor.username,
      fullName: principal.fullName,
      email: principal.email,
      role: actor.role,
    },
    authenticatedWith: principal.via,
    key: key && {
      id: key.keyId,
      clientId: key.clientId,
      name: key.keyName,
      expiresAt: key.keyExpiresAt === null ? null : new Date(key.keyExpiresAt).toISOString(),
    },
  };
  return Promise.resolve({ body });
}

async function users(ctx: AuthedContext) {
  authorize(ctx.principal.actor, "users:read");
  return page(await listUsers(ctx.principal.actor, userListParams(listQuery(userListQuery, ctx.query))), userToJson);
}

async function listKeys(ctx: AuthedContext) {
  return page(await keys.listKeys(ctx.principal.actor, keyListParams(listQuery(keyListQuery, ctx.query))), keyToJson);
}

async function createKey(ctx: AuthedContext) {
  const input = validate(createKeyBody, await ctx.body());
  const { key, secret } = await keys.createKey(
    ctx.principal.actor,
    { ...input, description: input.description ?? "", expiresAt: input.expiresAt },
    ctx.audit,
  );
  return { status: 201, body: { accessKey: keyToJson(key), secret } };
}

async function getKey(ctx: AuthedContext) {
  return { body: keyToJson(await keys.getKey(ctx.principal.actor, keyId(ctx))) };
}

async function patchKey(ctx: AuthedContext) {
  const changes = validate(updateKeyBody, await ctx.body());
  const current = await keys.getKey(ctx.principal.actor, keyId(ctx));
  const key = await keys.updateKey(
    ctx.principal.actor,
    {
      id: current.id,
      name: changes.name ?? current.name,
      description: changes.description ?? current.description,
      bearerEnabled: changes.bearerEnabled ?? current.bearerEnabled,
      expiresAt: changes.expiresAt ?? current.expiresAt?.toISOString().slice(0, 10),
    },
    ctx.audit,
  );
  return { body: keyToJson(key) };
}

async function deleteKey(ctx: AuthedContext) {
  await keys.deleteKey(ctx.principal.actor, keyId(ctx), ctx.audit);
  return { status: 204 };
}

const transition = (action: "activate" | "deactivate" | "revoke") => async (ctx: AuthedContext) => ({
  body: keyToJson(await keys.setKeyStatus(ctx.principal.actor, keyId(ctx), action, ctx.audit)),
});

async function regenerateKey(ctx: AuthedContext) {
  const { key, secret } = await keys.regenerateKey(ctx.principal.actor, keyId(ctx), ctx.audit);
  return { body: { accessKey: keyToJson(key), secret } };
}

async function auditEvents(ctx: AuthedContext) {
  authorize(ctx.principal.actor, "audit:read"); // a caller who may not read it learns 403 before any 400
  const params = auditListParams(listQuery(auditListQuery, ctx.query));
  return page(await listAuditEvents(ctx.principal.actor, params), auditEventToJson);
}

export const resourceRoutes: Route[] = [
  {
    method: "GET",
    path: "/api/v1/openapi.json",
    auth: false,
    handler: () => Promise.resolve({ body: openApiDocument() }),
  },
  { method: "GET", path: "/api/v1/me", auth: true, handler: me },
  { method: "GET", path: "/api/v1/users", auth: true, handler: users },
  { method: "GET", path: "/api/v1/access-keys", auth: true, handler: listKeys },
  { method: "POST", path: "/api/v1/access-keys", auth: true, handler: createKey },
  { method: "GET", path: "/api/v1/access-keys/:id", auth: true, handler: getKey },
  { method: "PATCH", path: "/api/v1/access-keys/:id", auth: true, handler: patchKey },
  { method: "DELETE", path: "/api/v1/access-keys/:id", auth: true, handler: deleteKey },
  { method: "POST", path: "/api/v1/access-keys/:id/activate", auth: true, handler: transition("activate") },
  { method: "POST", path: "/api/v1/access-keys/:id/deactivate", auth: true, handler: transition("deactivate") },
  { method: "POST", path: "/api/v1/access-keys/:id/revoke", auth: true, handler: transition("revoke") },
  { method: "POST", path: "/api/v1/access-keys/:id/regenerate", auth: true, handler: regenerateKey },
  { method: "GET", path: "/api/v1/audit-events", auth: true, handler: auditEvents },
];

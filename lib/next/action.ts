import { headers } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { redactSecrets } from "@/lib/keys";
import type { AuditContext } from "@/lib/model/audit";
import { type Actor, authorize, type Permission } from "@/lib/model/authz";
import { DomainError, type FieldErrors } from "@/lib/model/errors";
import { fieldErrorsOf } from "@/lib/validation/field-errors";
import { auditContext } from "./request";
import { currentActor } from "./session";

export type ActionResult<Data = undefined> =
  | { ok: true; message?: string; data?: Data }
  | { ok: false; message: string; fieldErrors?: FieldErrors };

export type ActionInput = FormData | Record<string, unknown>;
type Ok<Data> = { ok: true; message?: string; data?: Data };

/**
 * Server actions accept calls from our own pages only: a foreign or `null` Origin is refused.
 * A request without Origin is let through, as Next does: browsers send Origin with every POST
 * (a cross-site one included), so only a non-browser client omits it, and such a client has no
 * victim's cookies to ride on (they are HttpOnly and SameSite=Lax). docs/security.md.
 */
export async function isSameOrigin(): Promise<boolean> {
  const h = await headers();
  const origin = h.get("origin");
  if (origin === null) return true;
  const host = h.get("x-forwarded-host") ?? h.get("host");
  try {
    return new URL(origin).host === host;
  } catch {
    return false; // "null" and anything unparsable
  }
}

function toObject(input: ActionInput | null | undefined): Record<string, unknown> {
  if (!input) return {};
  if (input instanceof FormData) {
    const entries: Record<string, unknown> = {};
    for (const [key, value] of input.entries()) {
      if (!key.startsWith("$ACTION")) entries[key] = typeof value === "string" ? value : undefined;
    }
    return entries;
  }
  return input;
}

const CORRECT_FIELDS = "Please correct the highlighted fields.";

function fail(error: unknown): ActionResult<never> {
  if (error instanceof DomainError) {
    const { fieldErrors } = error;
    // A refusal about one field is said there; above the form it would be the same words twice.
    const repeated = fieldErrors && Object.values(fieldErrors).some((list) => list.includes(error.message));
    return { ok: false, message: repeated ? CORRECT_FIELDS : error.message, fieldErrors };
  }
  console.error(
    redactSecrets(`[action] ${error instanceof Error ? `${error.name}: ${error.message}` : "unknown error"}`),
  );
  return { ok: false, message: "Something went wrong; nothing was changed. Please try again." };
}

/** How each action was defined, so that tests can enumerate them and find their schema and permission. */
export type ActionInfo = { permission: Permission | null; schema: z.ZodType };
const defined = new WeakMap<object, ActionInfo>();
export function actionInfo(action: unknown): ActionInfo | undefined {
  return typeof action === "function" ? defined.get(action) : undefined;
}

type Handler<Schema extends z.ZodType, Data, Who> = (
  input: z.output<Schema>,
  ctx: { actor: Who; audit: AuditContext },
) => Promise<Ok<Data>>;

async function run<Schema extends z.ZodType, Data>(
  schema: Schema,
  input: ActionInput | null | undefined,
  execute: (parsed: z.output<Schema>) => Promise<Ok<Data>>,
): Promise<ActionResult<Data>> {
  let parsed: z.ZodSafeParseResult<z.output<Schema>>;
  try {
    // Async: a form's schema may check a field against the database (the key expiry policy).
    parsed = await schema.safeParseAsync(toObject(input));
  } catch {
    // zod throws (rather than reports) on some values no form sends but React's reply encoding can
    // carry, e.g. a Promise in a field: bad input all the same, not a failure of ours.
    return { ok: false, message: "The request could not be read. Please reload the page and try again." };
  }
  if (!parsed.success) {
    return { ok: false, message: CORRECT_FIELDS, fieldErrors: fieldErrorsOf(parsed.error.issues) };
  }
  try {
    return await execute(parsed.data);
  } catch (error) {
    unstable_rethrow(error); // redirect() and notFound() are control flow, not failures
    return fail(error);
  }
}

/**
 * The one wrapper every mutating server action goes through:
 * same origin → session → permission → zod parse → handler → `{ ok, message, fieldErrors }`.
 * Usable with `useActionState` (prev state, FormData) or called directly with an object.
 */
export function defineAction<Schema extends z.ZodType, Data = undefined>(options: {
  permission: Permission;
  schema: Schema;
  handler: Handler<Schema, Data, Actor>;
}) {
  const action = async (_prev: unknown, input?: ActionInput | null): Promise<ActionResult<Data>> => {
    if (!(await isSameOrigin())) return { ok: false, message: "forbidden" };
    let actor: Actor;
    try {
      actor = authorize(await currentActor(), options.permission);
    } catch (error) {
      return fail(error);
    }
    const audit = await auditContext(actor);
    return run(options.schema, input, (parsed) => options.handler(parsed, { actor, audit }));
  };
  defined.set(action, { permission: options.permission, schema: options.schema });
  return action;
}

/** The same pipeline for the few actions that run without a session (first-run setup, sign-in). */
export function definePublicAction<Schema extends z.ZodType, Data = undefined>(options: {
  schema: Schema;
  handler: Handler<Schema, Data, null>;
}) {
  const action = async (_prev: unknown, input?: ActionInput | null): Promise<ActionResult<Data>> => {
    if (!(await isSameOrigin())) return { ok: false, message: "forbidden" };
    const audit = await auditContext(null);
    return run(options.schema, input, (parsed) => options.handler(parsed, { actor: null, audit }));
  };
  defined.set(action, { permission: null, schema: options.schema });
  return action;
}

import type { FieldErrors } from "../model/errors";

type Issue = { path: readonly PropertyKey[]; message: string };

/**
 * A failed parse as the forms show it: every issue under its field (the first path segment), each
 * message once: one field can break one rule twice (two bad reminder days, a number neither whole
 * nor in range under one wording), and a list saying the same thing twice reads as a glitch.
 */
export function fieldErrorsOf(issues: readonly Issue[]): FieldErrors {
  const fieldErrors: FieldErrors = {};
  for (const issue of issues) {
    const key = String(issue.path[0] ?? "form");
    const list = fieldErrors[key] ?? [];
    if (!list.includes(issue.message)) fieldErrors[key] = [...list, issue.message];
  }
  return fieldErrors;
}

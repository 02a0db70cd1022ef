export type ErrorCode = "invalid" | "forbidden" | "not_found" | "conflict" | "limit" | "throttled";

export type FieldErrors = Record<string, string[]>;

/** A refusal the user can act on; its message is safe to show. Anything else is a bug. */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly fieldErrors?: FieldErrors;

  constructor(code: ErrorCode, message: string, fieldErrors?: FieldErrors) {
    super(message);
    this.name = "DomainError";
    this.code = code;
    this.fieldErrors = fieldErrors;
  }
}

export const forbidden = () => new DomainError("forbidden", "forbidden");
export const notFound = (what: string) => new DomainError("not_found", `${what} was not found.`);

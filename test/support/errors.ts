import { expect } from "vitest";
import { DomainError, type ErrorCode } from "@/lib/model/errors";

function checked(error: unknown, code: ErrorCode, message?: string | RegExp): DomainError {
  expect(error).toBeInstanceOf(DomainError);
  const refusal = error as DomainError;
  expect(refusal.code, refusal.message).toBe(code);
  if (message !== undefined) expect(refusal.message).toMatch(message);
  return refusal;
}

/**
 * Asserts a refusal: the call throws (or the promise rejects with) a `DomainError` with this `code`,
 * and, when `message` is given, a message matching it (a RegExp, or a string it contains).
 * Returns the error for further checks (field errors). A function is run synchronously; pass a
 * promise for async calls.
 */
export function expectDomainError(run: () => unknown, code: ErrorCode, message?: string | RegExp): DomainError;
export function expectDomainError(
  promise: PromiseLike<unknown>,
  code: ErrorCode,
  message?: string | RegExp,
): Promise<DomainError>;
export function expectDomainError(
  subject: (() => unknown) | PromiseLike<unknown>,
  code: ErrorCode,
  message?: string | RegExp,
): DomainError | Promise<DomainError> {
  if (typeof subject !== "function") {
    return Promise.resolve(subject).then(
      () => {
        throw new Error(`expected a DomainError "${code}", but the call succeeded`);
      },
      (error: unknown) => checked(error, code, message),
    );
  }
  let result: unknown;
  try {
    result = subject();
  } catch (error) {
    return checked(error, code, message);
  }
  if (result instanceof Promise) throw new Error("expectDomainError: pass the promise, not a function returning one");
  throw new Error(`expected a DomainError "${code}", but the call returned a result`);
}

import { afterEach, beforeEach, expect, vi } from "vitest";

/**
 * Fails every test of the calling file that made the code under test log an error: the API's
 * `toApiError` logs each 500, the action wrapper each unexpected failure, before answering.
 */
export function failOnLoggedErrors(): void {
  let errors: ReturnType<typeof vi.spyOn> | undefined;
  beforeEach(() => {
    errors = vi.spyOn(console, "error");
  });
  afterEach(() => {
    const logged = errors?.mock.calls ?? [];
    errors?.mockRestore(); // first: a failure here must not leave the spy on for the next tests
    expect(logged).toEqual([]);
  });
}

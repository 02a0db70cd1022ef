/**
 * Lets a write that queued mail ask the process's scheduler (if it runs one) to deliver now rather
 * than at its next tick. Through globalThis: Next's bundle and the custom server load this module
 * separately, and only the server registers the hook.
 */
const registry = globalThis as unknown as { __keywardDeliveryHook?: () => void };

export function registerDeliveryHook(hook: (() => void) | undefined): void {
  registry.__keywardDeliveryHook = hook;
}

/** Called once the transaction that queued the mail has committed (lib/services/effects.ts). */
export function requestDelivery(): void {
  const hook = registry.__keywardDeliveryHook;
  if (hook) setImmediate(hook);
}

"use client";

import { type FormEvent, startTransition, useActionState, useEffect, useRef } from "react";

type FormAction<State> = (prev: State | null, input: FormData) => Promise<State>;

/**
 * useActionState for a form, without React's automatic form reset: a refused submission keeps
 * what the user typed, so fixing one field does not mean typing the others again. A refused
 * submission also moves focus to the first invalid field (aria-invalid), where the user goes next.
 */
export function useFormAction<State>(action: FormAction<State>) {
  const [state, dispatch, pending] = useActionState<State | null, FormData>(action, null);
  const form = useRef<HTMLFormElement | null>(null);
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    form.current = event.currentTarget;
    const data = new FormData(event.currentTarget);
    startTransition(() => dispatch(data));
  }
  useEffect(() => {
    const element = form.current;
    if (!element?.isConnected || (state as { ok?: unknown } | null)?.ok !== false) return;
    const invalid = element.querySelector<HTMLElement>('[aria-invalid="true"]:not([type="hidden"])');
    if (invalid) invalid.focus();
    else if (!element.contains(document.activeElement)) element.querySelector<HTMLElement>('[type="submit"]')?.focus();
  }, [state]);
  return { state, onSubmit, pending };
}

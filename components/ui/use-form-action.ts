"use client";

import { type FormEvent, startTransition, useActionState } from "react";

type FormAction<State> = (prev: State | null, input: FormData) => Promise<State>;

/**
 * useActionState for a form, without React's automatic form reset: a refused submission keeps
 * what the user typed, so fixing one field does not mean typing the others again.
 */
export function useFormAction<State>(action: FormAction<State>) {
  const [state, dispatch, pending] = useActionState<State | null, FormData>(action, null);
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => dispatch(data));
  }
  return { state, onSubmit, pending };
}

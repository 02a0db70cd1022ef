"use client";

import { Button } from "@/components/ui/button";
import { Field, FormError } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import { signInAction } from "./actions";

export function LoginForm({ callbackUrl }: { callbackUrl?: string }) {
  const { state, onSubmit, pending } = useFormAction(signInAction);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form onSubmit={onSubmit} className="form" noValidate>
      <FormError message={state && !state.ok && !errors ? state.message : undefined} />
      <input type="hidden" name="callbackUrl" value={callbackUrl ?? "/"} />
      <Field label="Username" name="username" autoComplete="username" required autoFocus errors={errors?.username} />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        errors={errors?.password}
      />
      <div className="form-actions">
        <Button type="submit" variant="primary" pending={pending}>
          {pending ? "Signing in…" : "Sign in"}
        </Button>
      </div>
    </form>
  );
}

"use client";

import { Button } from "@/components/ui/button";
import { Field, FormError } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import { setupAction } from "./actions";

export function SetupForm() {
  const { state, onSubmit, pending } = useFormAction(setupAction);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form onSubmit={onSubmit} className="form" noValidate>
      <FormError message={state && !state.ok ? state.message : undefined} />
      <Field
        label="Username"
        name="username"
        autoComplete="username"
        required
        errors={errors?.username}
        hint="3–64 letters, digits, '.', '_' or '-'."
      />
      <Field label="Full name" name="fullName" autoComplete="name" required errors={errors?.fullName} />
      <Field label="Email" name="email" type="email" autoComplete="email" required errors={errors?.email} />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        errors={errors?.password}
        hint="At least 12 characters."
      />
      <div className="form-actions">
        <Button type="submit" variant="primary" pending={pending}>
          {pending ? "Creating…" : "Create administrator"}
        </Button>
      </div>
    </form>
  );
}

"use client";

import { useEffect, useRef } from "react";
import { toast } from "sonner";
import { changePasswordAction } from "@/app/(app)/actions";
import { Button } from "@/components/ui/button";
import { Field, FormError } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";

export function ChangePasswordForm() {
  const { state, onSubmit, pending } = useFormAction(changePasswordAction);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state?.ok) {
      toast.success(state.message);
      form.current?.reset();
    }
  }, [state]);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form ref={form} onSubmit={onSubmit} className="form" noValidate>
      <FormError message={state && !state.ok ? state.message : undefined} />
      <Field
        label="Current password"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        errors={errors?.currentPassword}
      />
      <Field
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        errors={errors?.newPassword}
        hint="At least 12 characters, at most 72 bytes."
      />
      <div className="form-actions">
        <Button type="submit" variant="primary" pending={pending}>
          Change password
        </Button>
      </div>
    </form>
  );
}

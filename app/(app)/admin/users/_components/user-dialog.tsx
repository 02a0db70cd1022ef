"use client";

import { useEffect } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, FormError } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { useFormAction } from "@/components/ui/use-form-action";
import type { UserListRow } from "@/lib/model/users";
import { createUserAction, updateUserAction } from "../actions";

const ROLE_OPTIONS = [
  { value: "user", label: "User" },
  { value: "auditor", label: "Auditor" },
  { value: "admin", label: "Administrator" },
] as const;

type Props = { user?: UserListRow; onClose: () => void };

/** Add a user (no `user`) or edit one. Mounted only while open, so each opening starts clean. */
export function UserDialog({ user, onClose }: Props) {
  const { state, onSubmit, pending } = useFormAction(user ? updateUserAction : createUserAction);
  useEffect(() => {
    if (state?.ok) {
      toast.success(state.message);
      onClose();
    }
  }, [state, onClose]);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title={user ? `Edit user ${user.username}` : "Add user"}>
      <form onSubmit={onSubmit} className="form" noValidate>
        <FormError message={state && !state.ok ? state.message : undefined} />
        {user && <input type="hidden" name="id" value={user.id} />}
        <Field
          label="Username"
          name="username"
          defaultValue={user?.username}
          autoComplete="off"
          required
          errors={errors?.username}
        />
        <Field
          label="Full name"
          name="fullName"
          defaultValue={user?.fullName}
          autoComplete="off"
          required
          errors={errors?.fullName}
        />
        <Field
          label="Email"
          name="email"
          type="email"
          defaultValue={user?.email}
          autoComplete="off"
          required
          errors={errors?.email}
        />
        <SelectField
          label="Role"
          name="role"
          options={ROLE_OPTIONS}
          defaultValue={user?.role ?? "user"}
          errors={errors?.role}
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required={!user}
          errors={errors?.password}
          hint={user ? "Leave empty to keep the current password." : "At least 12 characters, at most 72 bytes."}
        />
        <div className="form-actions">
          <Button onClick={onClose} disabled={pending}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" pending={pending}>
            {pending ? "Saving…" : "Save"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

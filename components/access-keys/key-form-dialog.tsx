"use client";

import { useEffect, useId } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, FieldErrors, FormError } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import type { AccessKey } from "@/db/queries/access-keys";
import { toDateInput } from "@/lib/policy";
import { KeyExpiryField } from "./key-expiry";
import { OwnerPicker } from "./owner-picker";
import type { ExpiryPolicy, IssuedSecret, KeyActions } from "./types";

type Props = {
  /** Absent: create a key; present: edit it. */
  accessKey?: AccessKey;
  actions: KeyActions;
  policy: ExpiryPolicy;
  /** Self-service: the key is created for the signed-in user, no owner picker. */
  fixedOwnerId?: number;
  onIssued: (issued: IssuedSecret) => void;
  onClose: () => void;
};

function expiryHint(policy: ExpiryPolicy): string {
  if (policy.lifetimeDays === "never") return "Optional. Leave empty for a key that never expires.";
  return `Keys live at most ${policy.lifetimeDays} days: at the latest ${policy.latest}. Leave empty for the latest date.`;
}

export function KeyFormDialog({ accessKey, actions, policy, fixedOwnerId, onIssued, onClose }: Props) {
  const action = accessKey ? actions.update : actions.create;
  if (!action) throw new Error("KeyFormDialog needs the create or update action");
  const { state, onSubmit, pending } = useFormAction(action);
  const id = useId();

  useEffect(() => {
    if (!state?.ok) return;
    if (state.data) onIssued(state.data as IssuedSecret);
    else if (state.message) toast.success(state.message);
    onClose();
  }, [state, onIssued, onClose]);

  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={accessKey ? `Edit access key ${accessKey.name}` : "Create access key"}
    >
      <form onSubmit={onSubmit} className="form" noValidate>
        <FormError message={state && !state.ok ? state.message : undefined} />
        {accessKey && <input type="hidden" name="id" value={accessKey.id} />}
        {!accessKey && fixedOwnerId !== undefined && <input type="hidden" name="ownerId" value={fixedOwnerId} />}
        {!accessKey && fixedOwnerId === undefined && actions.searchOwners && (
          <OwnerPicker search={actions.searchOwners} errors={errors?.ownerId} />
        )}
        <Field
          label="API key name"
          name="name"
          defaultValue={accessKey?.name}
          required
          maxLength={64}
          autoComplete="off"
          errors={errors?.name}
          hint="English letters, digits, spaces, '.', '_' and '-'."
        />
        <div className="field">
          <label htmlFor={`${id}-description`}>Description</label>
          <textarea
            id={`${id}-description`}
            name="description"
            className="input textarea"
            maxLength={500}
            defaultValue={accessKey?.description}
            aria-invalid={errors?.description ? true : undefined}
          />
          <FieldErrors errors={errors?.description} />
        </div>
        <KeyExpiryField
          policy={policy}
          defaultValue={accessKey ? toDateInput(accessKey.expiresAt) : (policy.latest ?? "")}
          current={accessKey ? toDateInput(accessKey.expiresAt) : undefined}
          errors={errors?.expiresAt}
          hint={expiryHint(policy)}
        />
        <div className="checkbox-field">
          <input
            id={`${id}-bearer`}
            type="checkbox"
            name="bearerEnabled"
            defaultChecked={accessKey?.bearerEnabled ?? false}
          />
          <label htmlFor={`${id}-bearer`}>Bearer token</label>
        </div>
        <div className="field-hint">Lets clients send the secret directly as “Authorization: Bearer …”.</div>
        <div className="form-actions">
          <Button onClick={onClose} disabled={pending}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" pending={pending}>
            {accessKey ? (pending ? "Saving…" : "Save") : pending ? "Creating…" : "Create"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

"use client";

import { useEffect, useId, useRef } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, FieldErrors, FormError } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import type { AccessKey } from "@/lib/model/access-keys";
import { toDateInput } from "@/lib/model/policy";
import type { ExpiryChoice } from "./expiry-policy";
import { KeyExpiryField } from "./key-expiry";
import { type OwnerDraft, OwnerPicker } from "./owner-picker";
import type { ExpiryPolicy, IssuedSecret, KeyActions } from "./types";

/** What a Create dialog closed without creating held: it reopens with it. */
export type KeyDraft = {
  owner?: OwnerDraft;
  name: string;
  description: string;
  expiryChoice?: ExpiryChoice;
  expiresAt: string;
  bearerEnabled: boolean;
};

/** The draft of a form as it stands (the Owner combobox reports its own part). */
function readDraft(form: HTMLFormElement, owner: OwnerDraft | undefined): KeyDraft {
  const data = new FormData(form);
  const text = (name: string) => String(data.get(name) ?? "");
  return {
    owner,
    name: text("name"),
    description: text("description"),
    expiryChoice: (data.get("expiryChoice") as ExpiryChoice | null) ?? undefined,
    expiresAt: text("expiresAt"),
    bearerEnabled: data.has("bearerEnabled"),
  };
}

type Props = {
  /** Absent: create a key; present: edit it. */
  accessKey?: AccessKey;
  actions: KeyActions;
  policy: ExpiryPolicy;
  /** Self-service: the key is created for the signed-in user, no owner picker. */
  fixedOwnerId?: number;
  onIssued: (issued: IssuedSecret) => void;
  onClose: () => void;
  /** Creating: the values to start from, kept from the last dialog closed without creating. */
  draft?: KeyDraft;
  /** Creating: gets the draft when the dialog closes without creating, undefined once a key is created. */
  onDraftChange?: (draft: KeyDraft | undefined) => void;
};

function expiryHint(policy: ExpiryPolicy): string {
  if (policy.lifetimeDays === "never") return "Optional. Leave empty for a key that never expires.";
  return `Keys live at most ${policy.lifetimeDays} days: at the latest ${policy.latest}. Leave empty for the latest date.`;
}

export function KeyFormDialog({
  accessKey,
  actions,
  policy,
  fixedOwnerId,
  onIssued,
  onClose,
  draft,
  onDraftChange,
}: Props) {
  const action = accessKey ? actions.update : actions.create;
  if (!action) throw new Error("KeyFormDialog needs the create or update action");
  const { state, onSubmit, pending } = useFormAction(action);
  const id = useId();
  const form = useRef<HTMLFormElement>(null);
  const owner = useRef(draft?.owner);

  useEffect(() => {
    if (!state?.ok) return;
    if (state.data) onIssued(state.data as IssuedSecret);
    else if (state.message) toast.success(state.message);
    onDraftChange?.(undefined);
    onClose();
  }, [state, onIssued, onClose, onDraftChange]);

  /** Escape, Cancel: nothing is created, and what was typed waits for the next Create dialog. */
  function dismiss() {
    if (onDraftChange && form.current) onDraftChange(readDraft(form.current, owner.current));
    onClose();
  }

  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && dismiss()}
      title={accessKey ? `Edit access key ${accessKey.name}` : "Create access key"}
    >
      <form ref={form} onSubmit={onSubmit} className="form" noValidate>
        <FormError message={state && !state.ok ? state.message : undefined} />
        {accessKey && <input type="hidden" name="id" value={accessKey.id} />}
        {!accessKey && fixedOwnerId !== undefined && <input type="hidden" name="ownerId" value={fixedOwnerId} />}
        {!accessKey && fixedOwnerId === undefined && actions.searchOwners && (
          <OwnerPicker
            search={actions.searchOwners}
            errors={errors?.ownerId}
            defaultValue={draft?.owner}
            onChange={(value) => {
              owner.current = value;
            }}
          />
        )}
        <Field
          label="API key name"
          name="name"
          defaultValue={accessKey?.name ?? draft?.name}
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
            defaultValue={accessKey?.description ?? draft?.description}
            aria-invalid={errors?.description ? true : undefined}
          />
          <FieldErrors errors={errors?.description} />
        </div>
        <KeyExpiryField
          policy={policy}
          defaultValue={accessKey ? toDateInput(accessKey.expiresAt) : (draft?.expiresAt ?? policy.latest ?? "")}
          defaultChoice={draft?.expiryChoice}
          current={accessKey ? toDateInput(accessKey.expiresAt) : undefined}
          errors={errors?.expiresAt}
          hint={expiryHint(policy)}
        />
        <div className="checkbox-field">
          <input
            id={`${id}-bearer`}
            type="checkbox"
            name="bearerEnabled"
            defaultChecked={accessKey?.bearerEnabled ?? draft?.bearerEnabled ?? false}
          />
          <label htmlFor={`${id}-bearer`}>Bearer token</label>
        </div>
        <div className="field-hint">Lets clients send the secret directly as “Authorization: Bearer …”.</div>
        <div className="form-actions">
          <Button onClick={dismiss} disabled={pending}>
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

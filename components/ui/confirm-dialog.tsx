"use client";

import { type ReactNode, useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "./button";
import { Dialog } from "./dialog";
import { FormError } from "./field";

type Outcome = { ok: boolean; message?: string };

type Props = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description: ReactNode;
  /** The verb of the action, also the confirm button's name ("Delete", "Deactivate"). */
  confirmLabel: string;
  danger?: boolean;
  onConfirm: () => Promise<Outcome>;
};

/** Asks before a destructive or blocking action, runs it, and reports the outcome. */
export function ConfirmDialog({ open, onOpenChange, title, description, confirmLabel, danger, onConfirm }: Props) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();

  function confirm() {
    startTransition(async () => {
      const result = await onConfirm();
      if (result.ok) {
        setError(undefined);
        onOpenChange(false);
        if (result.message) toast.success(result.message);
      } else {
        setError(result.message ?? "The action failed.");
      }
    });
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (!next) setError(undefined);
        onOpenChange(next);
      }}
      title={title}
      description={description}
      role="alertdialog"
    >
      <FormError message={error} />
      <div className="form-actions">
        <Button onClick={() => onOpenChange(false)} disabled={pending}>
          Cancel
        </Button>
        <Button variant={danger ? "danger" : "primary"} onClick={confirm} pending={pending}>
          {confirmLabel}
        </Button>
      </div>
    </Dialog>
  );
}

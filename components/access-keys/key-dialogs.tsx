"use client";

import type { AccessKey } from "@/lib/model/access-keys";
import { type KeyCommand, KeyConfirmDialog } from "./key-confirm-dialog";
import { KeyFormDialog } from "./key-form-dialog";
import type { KeyDialog } from "./key-grid-context";
import type { ExpiryPolicy, IssuedSecret, KeyActions } from "./types";

type Props = {
  dialog: KeyDialog | null;
  actions: KeyActions;
  policy: ExpiryPolicy;
  onIssued: (issued: IssuedSecret) => void;
  onClose: () => void;
  /** After a confirmed command succeeded (the key page leaves a deleted key's page). */
  onDone?: (command: KeyCommand, key: AccessKey) => void;
};

/** The dialogs of one key's actions (Edit and the confirmed commands), for the grid and the key's page alike. */
export function SingleKeyDialog({ dialog, actions, policy, onIssued, onClose, onDone }: Props) {
  if (dialog?.variant === "edit") {
    return (
      <KeyFormDialog accessKey={dialog.key} actions={actions} policy={policy} onIssued={onIssued} onClose={onClose} />
    );
  }
  if (
    dialog?.variant === "deactivate" ||
    dialog?.variant === "revoke" ||
    dialog?.variant === "regenerate" ||
    dialog?.variant === "delete"
  ) {
    const { variant: command, key } = dialog;
    return (
      <KeyConfirmDialog
        command={command}
        accessKey={key}
        actions={actions}
        onIssued={onIssued}
        onClose={onClose}
        onDone={onDone && (() => onDone(command, key))}
      />
    );
  }
  return null;
}

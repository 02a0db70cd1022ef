"use client";

import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { AccessKey } from "@/lib/model/access-keys";
import type { IssuedSecret, KeyActions } from "./types";

export type KeyCommand = "deactivate" | "revoke" | "regenerate" | "delete";

const COPY: Record<KeyCommand, { verb: string; describe: (key: AccessKey) => string; danger: boolean }> = {
  deactivate: {
    verb: "Deactivate",
    describe: (k) =>
      `Clients using ${k.clientId} are refused from their next request until the key is activated again. The secret is kept.`,
    danger: true,
  },
  revoke: {
    verb: "Revoke",
    describe: (k) =>
      `The current secret of ${k.clientId} stops working for good. Only Regenerate can bring the key back, with a new secret.`,
    danger: true,
  },
  regenerate: {
    verb: "Regenerate",
    describe: (k) =>
      `A new secret is issued for ${k.clientId} and shown once. The old secret and its tokens stop working at once.`,
    danger: true,
  },
  delete: {
    verb: "Delete",
    describe: (k) => `The key ${k.clientId} is removed and its clients are refused. Its audit history is kept.`,
    danger: true,
  },
};

type Props = {
  command: KeyCommand;
  accessKey: AccessKey;
  actions: KeyActions;
  onIssued: (issued: IssuedSecret) => void;
  onClose: () => void;
  /** Called once the command succeeded. */
  onDone?: () => void;
};

export function KeyConfirmDialog({ command, accessKey, actions, onIssued, onClose, onDone }: Props) {
  const copy = COPY[command];
  async function run() {
    const result = await perform();
    if (result.ok) onDone?.();
    return result;
  }
  async function perform() {
    const input = { id: accessKey.id };
    if (command === "regenerate" && actions.regenerate) {
      const result = await actions.regenerate(null, input);
      if (result.ok && result.data) onIssued(result.data);
      return result.ok ? { ok: true } : result;
    }
    if (command === "delete" && actions.delete) return actions.delete(null, input);
    if (actions.setStatus && command !== "regenerate" && command !== "delete") {
      return actions.setStatus(null, { ...input, action: command });
    }
    return { ok: false, message: "This action is not available." };
  }
  return (
    <ConfirmDialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={`${copy.verb} ${accessKey.name}?`}
      description={copy.describe(accessKey)}
      confirmLabel={copy.verb}
      danger={copy.danger}
      onConfirm={run}
    />
  );
}

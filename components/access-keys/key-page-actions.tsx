"use client";

import { useRouter } from "next/navigation";
import { useCallback, useState } from "react";
import type { AccessKey } from "@/lib/model/access-keys";
import { SingleKeyDialog } from "./key-dialogs";
import { type KeyDialog, KeyGridContext } from "./key-grid-context";
import { KeyRowActions } from "./key-row-actions";
import { SecretDialog } from "./secret-dialog";
import type { ExpiryPolicy, IssuedSecret, KeyActions } from "./types";

type Props = {
  accessKey: AccessKey;
  actions: KeyActions;
  policy: ExpiryPolicy;
  /** The list this key's page belongs to ("/admin/access-keys"): where a deleted key's page goes. */
  keyHref: string;
  now: number;
  reminderWindowDays: number | null;
};

/** The key's own page offers the same actions as its row in the grid, with the same dialogs. */
export function KeyPageActions({ accessKey, actions, policy, keyHref, now, reminderWindowDays }: Props) {
  const router = useRouter();
  const [dialog, setDialog] = useState<KeyDialog | null>(null);
  const [issued, setIssued] = useState<IssuedSecret | null>(null);
  const close = useCallback(() => setDialog(null), []);
  return (
    <KeyGridContext.Provider value={{ actions, keyHref, open: setDialog, now, reminderWindowDays }}>
      <KeyRowActions accessKey={accessKey} />
      <SingleKeyDialog
        dialog={dialog}
        actions={actions}
        policy={policy}
        onIssued={setIssued}
        onClose={close}
        onDone={(command) => command === "delete" && router.replace(keyHref)}
      />
      {issued && <SecretDialog issued={issued} onDone={() => setIssued(null)} />}
    </KeyGridContext.Provider>
  );
}

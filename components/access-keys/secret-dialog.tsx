"use client";

import { useId, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import styles from "./secret-dialog.module.css";
import type { IssuedSecret } from "./types";

const COPIED = {
  all: "Client ID and secret copied to the clipboard.",
  clientId: "Client ID copied to the clipboard.",
  secret: "Secret copied to the clipboard.",
} as const;

/**
 * Shows a new secret exactly once. Only "Done" closes it; the parent then drops the secret from
 * its state, and nothing else in the app can show it again.
 */
export function SecretDialog({ issued, onDone }: { issued: IssuedSecret; onDone: () => void }) {
  const id = useId();
  const [status, setStatus] = useState("");

  async function copy(text: string, what: keyof typeof COPIED) {
    // Emptied first, so that a second copy is announced again.
    setStatus("");
    try {
      await navigator.clipboard.writeText(text);
      setStatus("Copied");
      toast.success(COPIED[what]);
    } catch {
      setStatus("Not copied");
      toast.error("The browser refused the clipboard; select the secret and copy it by hand.");
    }
  }

  return (
    <Dialog open onOpenChange={() => {}} dismissible={false} title={`Secret for ${issued.name}`}>
      <div className="form">
        <div className="notice notice-warning" role="note">
          Copy the secret now. It will not be shown again: Keyward keeps only a hash of it.
        </div>
        <div className="field">
          <label htmlFor={`${id}-client-id`}>Client ID</label>
          <div className={styles.withCopy}>
            <input
              id={`${id}-client-id`}
              className="input mono"
              readOnly
              value={issued.clientId}
              onFocus={(e) => e.target.select()}
            />
            {/* One value alone, for a CI system's separate "username" and "password" fields. */}
            <Button onClick={() => copy(issued.clientId, "clientId")}>Copy client ID</Button>
          </div>
        </div>
        <div className="field">
          <label htmlFor={`${id}-secret`}>Secret</label>
          <div className={styles.withCopy}>
            <input
              id={`${id}-secret`}
              className="input mono"
              readOnly
              value={issued.secret}
              onFocus={(e) => e.target.select()}
            />
            <Button onClick={() => copy(issued.secret, "secret")}>Copy secret</Button>
          </div>
        </div>
        <div className="form-actions">
          {/* The buttons keep their names (so a second copy finds them); the outcome is announced
              here, inside the dialog, since a modal dialog hides the toaster from assistive technology. */}
          <span role="status" className="copy-status">
            {status}
          </span>
          <div className={styles.copyAll}>
            <Button
              aria-describedby={`${id}-copy-all`}
              onClick={() => copy(JSON.stringify({ client_id: issued.clientId, secret: issued.secret }), "all")}
            >
              Copy to clipboard
            </Button>
            <span id={`${id}-copy-all`} className="field-hint">
              Copies the client ID and secret as JSON.
            </span>
          </div>
          <Button variant="primary" className={styles.done} onClick={onDone}>
            Done
          </Button>
        </div>
      </div>
    </Dialog>
  );
}

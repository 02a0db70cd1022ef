"use client";

import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import type { IssuedSecret } from "./types";

/**
 * Shows a new secret exactly once. Only "Done" closes it; the parent then drops the secret from
 * its state, and nothing else in the app can show it again.
 */
export function SecretDialog({ issued, onDone }: { issued: IssuedSecret; onDone: () => void }) {
  const [copied, setCopied] = useState(false);

  async function copy() {
    try {
      await navigator.clipboard.writeText(JSON.stringify({ client_id: issued.clientId, secret: issued.secret }));
      setCopied(true);
      toast.success("Client ID and secret copied to the clipboard.");
    } catch {
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
          <label htmlFor="issued-client-id">Client ID</label>
          <input
            id="issued-client-id"
            className="input mono"
            readOnly
            value={issued.clientId}
            onFocus={(e) => e.target.select()}
          />
        </div>
        <div className="field">
          <label htmlFor="issued-secret">Secret</label>
          <input
            id="issued-secret"
            className="input mono"
            readOnly
            value={issued.secret}
            onFocus={(e) => e.target.select()}
          />
        </div>
        <div className="form-actions">
          {/* The button keeps its name (SPEC §2: a second copy finds it); the outcome is announced here,
              inside the dialog, since a modal dialog hides the toaster from assistive technology. */}
          <span role="status" className="copy-status">
            {copied ? "Copied" : ""}
          </span>
          <Button onClick={copy}>Copy to clipboard</Button>
          <Button variant="primary" onClick={onDone}>
            Done
          </Button>
        </div>
      </div>
    </Dialog>
  );
}

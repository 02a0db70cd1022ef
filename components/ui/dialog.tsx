"use client";

import * as RadixDialog from "@radix-ui/react-dialog";
import { type ReactNode, useState } from "react";
import { captureFocusChain, rememberDialogChain, restoreFocus } from "./focus-return";

type Props = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: ReactNode;
  children: ReactNode;
  /** "alertdialog" for confirmations of destructive actions. */
  role?: "dialog" | "alertdialog";
  /** false: only the dialog's own buttons close it (not Escape or a click outside). */
  dismissible?: boolean;
};

/**
 * Marks an element whose popup (a combobox's suggestions) is open: Escape there closes the popup
 * only, not the dialog around it.
 */
export const POPUP_OPEN_ATTRIBUTE = "data-popup-open";

/**
 * An accessible modal: focus trapped, Escape closes, named by its title. On closing, focus goes back
 * to where it was when the dialog opened (see focus-return.ts), never to <body>.
 */
export function Dialog({
  open,
  onOpenChange,
  title,
  description,
  children,
  role = "dialog",
  dismissible = true,
}: Props) {
  // Taken while the dialog renders open, before Radix moves focus into it.
  const [returnChain, setReturnChain] = useState(() => (open ? captureFocusChain() : []));
  const [wasOpen, setWasOpen] = useState(open);
  if (open !== wasOpen) {
    setWasOpen(open);
    if (open) setReturnChain(captureFocusChain());
  }
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="dialog-overlay" />
        <RadixDialog.Content
          ref={(element) => {
            if (element) rememberDialogChain(element, returnChain);
          }}
          className="dialog-content"
          role={role}
          onEscapeKeyDown={(event) => {
            const inPopup = event.target instanceof Element && event.target.closest(`[${POPUP_OPEN_ATTRIBUTE}]`);
            if (!dismissible || inPopup) event.preventDefault();
          }}
          onInteractOutside={dismissible ? undefined : (event) => event.preventDefault()}
          onCloseAutoFocus={(event) => {
            event.preventDefault();
            restoreFocus(returnChain);
          }}
        >
          <RadixDialog.Title className="dialog-title">{title}</RadixDialog.Title>
          {description ? (
            <RadixDialog.Description className="dialog-description">{description}</RadixDialog.Description>
          ) : (
            <RadixDialog.Description className="visually-hidden">{title}</RadixDialog.Description>
          )}
          {children}
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

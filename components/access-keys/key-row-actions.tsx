"use client";

import * as Menu from "@radix-ui/react-dropdown-menu";
import { useContext, useRef, useState, useTransition } from "react";
import { toast } from "sonner";
import type { AccessKey } from "@/lib/model/access-keys";
import { allowedTransitions } from "@/lib/model/key-state";
import { KeyGridContext } from "./key-grid-context";

/** The per-row "Actions for <name>" menu; it offers only what the key's state and the page allow. */
export function KeyRowActions({ accessKey }: { accessKey: AccessKey }) {
  const { actions, open } = useContext(KeyGridContext);
  const [pending, startTransition] = useTransition();
  const trigger = useRef<HTMLButtonElement>(null);
  const [landmark, setLandmark] = useState<HTMLElement | null>(null);
  // What the key's stored status allows (lib/model/key-state), as the services enforce it.
  const allowed = allowedTransitions(accessKey.status);

  const activate = () =>
    startTransition(async () => {
      const result = await actions.setStatus?.(null, { id: accessKey.id, action: "activate" });
      if (result?.ok) toast.success(result.message ?? "Activated.");
      else toast.error(result?.message ?? "The key could not be activated.");
    });

  const items = [
    actions.update && { label: "Edit", onSelect: () => open({ variant: "edit", key: accessKey }) },
    actions.setStatus &&
      allowed.includes("deactivate") && {
        label: "Deactivate",
        onSelect: () => open({ variant: "deactivate", key: accessKey }),
      },
    actions.setStatus && allowed.includes("activate") && { label: "Activate", onSelect: activate },
    actions.regenerate && { label: "Regenerate", onSelect: () => open({ variant: "regenerate", key: accessKey }) },
    actions.setStatus &&
      allowed.includes("revoke") && {
        label: "Revoke",
        onSelect: () => open({ variant: "revoke", key: accessKey }),
        danger: true,
      },
    actions.delete && { label: "Delete", onSelect: () => open({ variant: "delete", key: accessKey }), danger: true },
  ].filter((item) => !!item);

  if (items.length === 0) return null;
  return (
    // Not modal: a modal menu marks the rest of the page aria-hidden while its controls stay
    // focusable (axe aria-hidden-focus). The popup is portalled into the row's <main> rather than
    // <body>, so it sits inside a landmark and above the grid's clipping scroll box.
    <Menu.Root modal={false} onOpenChange={(isOpen) => isOpen && setLandmark(trigger.current?.closest("main") ?? null)}>
      <Menu.Trigger
        ref={trigger}
        className="btn btn-small"
        aria-label={`Actions for ${accessKey.name}`}
        // Busy, not disabled, while Activate runs: disabling the focused button would drop focus to <body>.
        aria-busy={pending || undefined}
      >
        Actions ▾
      </Menu.Trigger>
      <Menu.Portal container={landmark}>
        {/* Named by its trigger ("Actions for <name>") for screen readers; the label shows it too. */}
        <Menu.Content className="menu-content" align="end" sideOffset={4}>
          <Menu.Label className="menu-label">{accessKey.name}</Menu.Label>
          {items.map((item) => (
            <Menu.Item
              key={item.label}
              className={`menu-item${item.danger ? " menu-item-danger" : ""}`}
              onSelect={item.onSelect}
            >
              {item.label}
            </Menu.Item>
          ))}
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}

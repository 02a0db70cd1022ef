"use client";

import { usePathname } from "next/navigation";
import { type ReactNode, useEffect, useId, useRef, useState } from "react";

/**
 * The header's navigation and user box. On wide screens they are simply shown; on narrow ones
 * (see .site-menu in globals.css) they fold behind a "Menu" disclosure button. Escape, a click
 * elsewhere and following a link close it.
 */
export function HeaderMenu({ children }: { children: ReactNode }) {
  const id = useId();
  const pathname = usePathname();
  // Open for the page it was opened on only: following a link closes it.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpenOn(null);
    };
    document.addEventListener("pointerdown", onPointerDown);
    return () => document.removeEventListener("pointerdown", onPointerDown);
  }, [open]);

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: Escape anywhere in the menu closes it (the disclosure pattern)
    <div
      ref={root}
      className="site-menu-root"
      onKeyDown={(event) => {
        if (event.key === "Escape" && open) {
          event.stopPropagation();
          setOpenOn(null);
          button.current?.focus();
        }
      }}
    >
      <button
        ref={button}
        type="button"
        className="btn btn-small menu-button"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpenOn(open ? null : pathname)}
      >
        Menu
      </button>
      <div id={id} className="site-menu" data-open={open || undefined}>
        {children}
      </div>
    </div>
  );
}

/**
 * Where focus goes back to when a dialog closes. The dialogs here are opened from state (no Radix
 * Trigger), so Radix has nothing to return to and focus would fall to <body>.
 *
 * A dialog remembers a chain of candidates when it opens: the element that had focus (for a menu
 * item, the menu's button, since the menu closes with it), then, if that element sat in another
 * dialog, that dialog's own chain — so a secret dialog opened from the Create dialog's submit
 * returns to "Create access key" once both are gone. A grid registers a fallback for candidates
 * that left the page with their row (a deleted key): the neighbouring row.
 */

type Fallback = (lost: readonly Element[]) => HTMLElement | null | undefined;

const fallbacks = new Set<Fallback>();
const dialogChains = new WeakMap<Element, readonly Element[]>();
const DIALOG = '[role="dialog"], [role="alertdialog"]';
const OPEN_DIALOG = '[role="dialog"][data-state="open"], [role="alertdialog"][data-state="open"]';

export const MAIN_CONTENT_ID = "main-content";

export function registerFocusFallback(fallback: Fallback): () => void {
  fallbacks.add(fallback);
  return () => {
    fallbacks.delete(fallback);
  };
}

/** Call while rendering a dialog that is about to open (focus is still where the user was). */
export function captureFocusChain(): readonly Element[] {
  if (typeof document === "undefined") return [];
  const active = document.activeElement;
  if (!active || active === document.body) return [];
  const menu = active.closest('[role="menu"]');
  const menuButton = menu && document.getElementById(menu.getAttribute("aria-labelledby") ?? "");
  const origin = menuButton ?? active;
  const dialog = origin.closest(DIALOG);
  return [origin, ...((dialog && dialogChains.get(dialog)) ?? [])];
}

export function rememberDialogChain(dialog: Element, chain: readonly Element[]): void {
  dialogChains.set(dialog, chain);
}

function canFocus(element: Element): element is HTMLElement {
  return (
    element instanceof HTMLElement &&
    element.isConnected &&
    !element.matches(":disabled") &&
    !element.closest("[inert]") &&
    element.getClientRects().length > 0
  );
}

function focus(element: HTMLElement | null | undefined): boolean {
  if (!element || !canFocus(element)) return false;
  element.focus();
  return document.activeElement === element;
}

export function focusMainContent(): void {
  document.getElementById(MAIN_CONTENT_ID)?.focus();
}

/** Focuses the first candidate still on the page, else a grid's neighbour, else the main content. */
export function restoreFocus(chain: readonly Element[]): void {
  // Another dialog opened as this one closed (the secret after Create): it owns focus now.
  const open = document.querySelector(OPEN_DIALOG);
  if (open) {
    const inside = chain.find((element) => open.contains(element) && canFocus(element));
    if (inside instanceof HTMLElement) inside.focus();
    return;
  }
  for (const element of chain) if (canFocus(element) && focus(element)) return;
  for (const fallback of fallbacks) if (focus(fallback(chain))) return;
  focusMainContent();
}

import type { ActionInput, ActionResult } from "@/lib/next/action";

type Action<Data = undefined> = (prev: unknown, input?: ActionInput | null) => Promise<ActionResult<Data>>;

/** What the secret dialog shows, once. */
export type IssuedSecret = { name: string; clientId: string; secret: string };
export type OwnerOption = { id: number; username: string; fullName: string };

/**
 * The server actions a key grid may offer. The admin page passes all of them, My API Keys only
 * those its self-service level allows; a missing action means no control for it. Each action
 * still checks the caller's rights itself.
 */
export type KeyActions = {
  create?: Action<IssuedSecret>;
  update?: Action;
  setStatus?: Action;
  regenerate?: Action<IssuedSecret>;
  delete?: Action;
  bulk?: Action;
  searchOwners?: Action<OwnerOption[]>;
};

/** Expiry policy as the create/edit dialogs need it (dates as yyyy-mm-dd, UTC). */
export type ExpiryPolicy = { latest: string | null; lifetimeDays: number | "never" };

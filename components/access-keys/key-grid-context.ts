"use client";

import { createContext } from "react";
import type { AccessKey } from "@/lib/model/access-keys";
import type { KeyActions } from "./types";

export type KeyDialog =
  | { variant: "create" }
  | { variant: "edit" | "deactivate" | "revoke" | "regenerate" | "delete"; key: AccessKey }
  | { variant: "bulk"; action: "deactivate" | "revoke" | "delete"; keys: AccessKey[]; clear: () => void };

/** Row cells reach the grid's actions and its one shared dialog through this context. */
export const KeyGridContext = createContext<{
  actions: KeyActions;
  keyHref: string;
  open: (dialog: KeyDialog) => void;
  /** The server's "now" (ms) for this page: relative expiry text renders the same on server and client. */
  now: number;
  /** The first (largest) reminder window, in days: keys expiring within it are highlighted. */
  reminderWindowDays: number | null;
}>({ actions: {}, keyHref: "", open: () => {}, now: 0, reminderWindowDays: null });

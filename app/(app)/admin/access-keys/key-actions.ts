import type { KeyActions } from "@/components/access-keys/types";
import {
  bulkAccessKeysAction,
  createAccessKeyAction,
  deleteAccessKeyAction,
  regenerateAccessKeyAction,
  searchOwnersAction,
  setAccessKeyStatusAction,
  updateAccessKeyAction,
} from "./actions";

/** Everything an administrator may do to keys: the grid and a key's own page offer the same. */
export const ADMIN_ACTIONS: KeyActions = {
  create: createAccessKeyAction,
  update: updateAccessKeyAction,
  setStatus: setAccessKeyStatusAction,
  regenerate: regenerateAccessKeyAction,
  delete: deleteAccessKeyAction,
  bulk: bulkAccessKeysAction,
  searchOwners: searchOwnersAction,
};

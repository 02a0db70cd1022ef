import type { Metadata } from "next";
import { AccessKeysTable } from "@/components/access-keys/access-keys-table";
import { expiryPolicy, reminderWindowDays } from "@/components/access-keys/expiry-policy";
import type { KeyActions } from "@/components/access-keys/types";
import { listAccessKeys } from "@/db/queries/access-keys";
import { getSettings } from "@/db/queries/settings";
import { can } from "@/lib/authz";
import { keyListParams } from "@/lib/list-filters";
import type { SearchParams } from "@/lib/list-params";
import { requirePermission } from "@/lib/next/session";
import {
  bulkAccessKeysAction,
  createAccessKeyAction,
  deleteAccessKeyAction,
  regenerateAccessKeyAction,
  searchOwnersAction,
  setAccessKeyStatusAction,
  updateAccessKeyAction,
} from "./actions";

export const metadata: Metadata = { title: "Access Keys" };

const ADMIN_ACTIONS: KeyActions = {
  create: createAccessKeyAction,
  update: updateAccessKeyAction,
  setStatus: setAccessKeyStatusAction,
  regenerate: regenerateAccessKeyAction,
  delete: deleteAccessKeyAction,
  bulk: bulkAccessKeysAction,
  searchOwners: searchOwnersAction,
};

export default async function AccessKeysPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requirePermission("keys:read");
  const params = keyListParams(await searchParams);
  const now = new Date();
  const [result, settings] = await Promise.all([listAccessKeys(params, now), getSettings()]);
  return (
    <>
      <h1>Access Keys</h1>
      <AccessKeysTable
        label="Access keys"
        result={result}
        sort={params.sort}
        dir={params.dir}
        actions={can(actor, "keys:write") ? ADMIN_ACTIONS : {}}
        policy={expiryPolicy(settings, now)}
        now={now.getTime()}
        reminderWindowDays={reminderWindowDays(settings)}
        keyHref="/admin/access-keys"
        emptyMessage="No access keys match these filters."
      />
    </>
  );
}

import type { Metadata } from "next";
import { AccessKeysTable } from "@/components/access-keys/access-keys-table";
import { expiryPolicy, reminderWindowDays } from "@/components/access-keys/expiry-policy";
import { keyFiltersApplied, keyListParams } from "@/lib/list-filters";
import type { SearchParams } from "@/lib/list-params";
import { can } from "@/lib/model/authz";
import { requirePermission } from "@/lib/next/session";
import { listKeys } from "@/lib/services/access-keys";
import { getSettings } from "@/lib/services/settings";
import { ADMIN_ACTIONS } from "./key-actions";

export const metadata: Metadata = { title: "Access Keys" };

/** A fresh install's grid: what keys are, and where to make one (filtered, the grid offers "Clear filters"). */
const NO_KEYS_YET =
  "No access keys yet. An access key is a client ID and secret that a script, CI job or other tool uses instead of a password to call the API.";
const MAKE_THE_FIRST = " Use “Create access key” to make the first one.";

export default async function AccessKeysPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requirePermission("keys:read");
  const params = keyListParams(await searchParams);
  const now = new Date();
  const [result, settings] = await Promise.all([listKeys(actor, params), getSettings()]);
  const writes = can(actor, "keys:write");
  return (
    <>
      <h1>Access Keys</h1>
      <AccessKeysTable
        label="Access keys"
        result={result}
        sort={params.sort}
        dir={params.dir}
        actions={writes ? ADMIN_ACTIONS : {}}
        policy={expiryPolicy(settings, now)}
        now={now.getTime()}
        reminderWindowDays={reminderWindowDays(settings)}
        keyHref="/admin/access-keys"
        emptyMessage={
          keyFiltersApplied(params.filters)
            ? "No access keys match these filters."
            : `${NO_KEYS_YET}${writes ? MAKE_THE_FIRST : ""}`
        }
      />
    </>
  );
}

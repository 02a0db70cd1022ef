import type { Metadata } from "next";
import { AccessKeysTable } from "@/components/access-keys/access-keys-table";
import { expiryPolicy, reminderWindowDays } from "@/components/access-keys/expiry-policy";
import { keyFiltersApplied, keyListParams } from "@/lib/list-filters";
import type { SearchParams } from "@/lib/list-params";
import type { SelfServiceLevel } from "@/lib/model/settings";
import { forPage } from "@/lib/next/page-errors";
import { requireActor } from "@/lib/next/session";
import { listKeys } from "@/lib/services/access-keys";
import { getSettings } from "@/lib/services/settings";
import { actionsFor } from "./key-actions";

export const metadata: Metadata = { title: "My API Keys" };

const LEVEL_NOTES: Record<SelfServiceLevel, string> = {
  none: "",
  view: "You can see your keys. An administrator creates and changes them.",
  manage: "You can activate, deactivate, regenerate and revoke your keys. An administrator creates and deletes them.",
  full: "You can create, change and delete your own keys.",
};

export default async function MyApiKeysPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requireActor();
  const params = keyListParams(await searchParams, { ownerId: actor.id });
  // Refused below the "view" level: ./forbidden.tsx says why.
  const result = await forPage(listKeys(actor, params, "own"));
  const settings = await getSettings();
  const now = new Date();
  return (
    <>
      <h1>My API Keys</h1>
      <p className="muted">{LEVEL_NOTES[settings.selfServiceLevel]}</p>
      <AccessKeysTable
        label="My API keys"
        result={result}
        sort={params.sort}
        dir={params.dir}
        actions={actionsFor(settings.selfServiceLevel, actor)}
        policy={expiryPolicy(settings, now)}
        now={now.getTime()}
        reminderWindowDays={reminderWindowDays(settings)}
        keyHref="/me/api-keys"
        fixedOwnerId={actor.id}
        emptyMessage={keyFiltersApplied(params.filters) ? "No keys match these filters." : "You have no API keys yet."}
      />
    </>
  );
}

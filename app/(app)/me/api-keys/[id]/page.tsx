import type { Metadata } from "next";
import Link from "next/link";
import { expiryPolicy, reminderWindowDays } from "@/components/access-keys/expiry-policy";
import { KeyDetails } from "@/components/access-keys/key-details";
import { KeyPageActions } from "@/components/access-keys/key-page-actions";
import { forPage } from "@/lib/next/page-errors";
import { requireActor } from "@/lib/next/session";
import { getKeyWithHistory } from "@/lib/services/access-keys";
import { getSettings } from "@/lib/services/settings";
import { actionsFor } from "../key-actions";

export const metadata: Metadata = { title: "My API key" };

export default async function MyApiKeyPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor();
  const id = Number((await params).id);
  // Below the "view" level: 403 (../forbidden.tsx says why); someone else's key does not exist for this user.
  const { key: accessKey, history } = await forPage(
    getKeyWithHistory(actor, Number.isSafeInteger(id) && id > 0 ? id : 0, "own"),
  );
  const settings = await getSettings();
  const now = new Date();
  return (
    <>
      <p>
        <Link href="/me/api-keys">← My API Keys</Link>
      </p>
      <div className="page-title-row">
        <h1>{accessKey.name}</h1>
        <KeyPageActions
          accessKey={accessKey}
          actions={actionsFor(settings.selfServiceLevel, actor)}
          policy={expiryPolicy(settings, now)}
          keyHref="/me/api-keys"
          now={now.getTime()}
          reminderWindowDays={reminderWindowDays(settings)}
        />
      </div>
      <KeyDetails accessKey={accessKey} history={history} />
    </>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { forbidden, notFound } from "next/navigation";
import { expiryPolicy, reminderWindowDays } from "@/components/access-keys/expiry-policy";
import { KeyDetails } from "@/components/access-keys/key-details";
import { KeyPageActions } from "@/components/access-keys/key-page-actions";
import { getAccessKey } from "@/db/queries/access-keys";
import { listAuditEventsForTarget } from "@/db/queries/audit";
import { getSettings } from "@/db/queries/settings";
import { requireActor } from "@/lib/next/session";
import { selfServiceAllows } from "@/lib/self-service";
import { actionsFor } from "../key-actions";

export const metadata: Metadata = { title: "My API key" };

export default async function MyApiKeyPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor();
  const settings = await getSettings();
  if (!selfServiceAllows(settings.selfServiceLevel, "view")) forbidden(); // ../forbidden.tsx says why
  const id = Number((await params).id);
  const accessKey = Number.isSafeInteger(id) && id > 0 ? await getAccessKey(id) : undefined;
  // Someone else's key does not exist for this user.
  if (!accessKey || accessKey.ownerId !== actor.id) notFound();
  const history = await listAuditEventsForTarget("access_key", accessKey.id);
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
          actions={actionsFor(settings.selfServiceLevel)}
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

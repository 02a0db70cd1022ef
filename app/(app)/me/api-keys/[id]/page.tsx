import type { Metadata } from "next";
import Link from "next/link";
import { forbidden, notFound } from "next/navigation";
import { KeyDetails } from "@/components/access-keys/key-details";
import { getAccessKey } from "@/db/queries/access-keys";
import { listAuditEventsForTarget } from "@/db/queries/audit";
import { getSettings } from "@/db/queries/settings";
import { requireActor } from "@/lib/next/session";
import { selfServiceAllows } from "@/lib/self-service";

export const metadata: Metadata = { title: "My API key" };

export default async function MyApiKeyPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor();
  if (!selfServiceAllows((await getSettings()).selfServiceLevel, "view")) forbidden(); // ../forbidden.tsx says why
  const id = Number((await params).id);
  const accessKey = Number.isSafeInteger(id) && id > 0 ? await getAccessKey(id) : undefined;
  // Someone else's key does not exist for this user.
  if (!accessKey || accessKey.ownerId !== actor.id) notFound();
  const history = await listAuditEventsForTarget("access_key", accessKey.id);
  return (
    <>
      <p>
        <Link href="/me/api-keys">← My API Keys</Link>
      </p>
      <h1>{accessKey.name}</h1>
      <KeyDetails accessKey={accessKey} history={history} />
    </>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { KeyDetails } from "@/components/access-keys/key-details";
import { getAccessKey } from "@/db/queries/access-keys";
import { listAuditEventsForTarget } from "@/db/queries/audit";
import { can } from "@/lib/authz";
import { requirePermission } from "@/lib/next/session";

export const metadata: Metadata = { title: "Access key" };

export default async function AccessKeyPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePermission("keys:read");
  const id = Number((await params).id);
  const accessKey = Number.isSafeInteger(id) && id > 0 ? await getAccessKey(id) : undefined;
  if (!accessKey) notFound();
  const history = await listAuditEventsForTarget("access_key", accessKey.id);
  return (
    <>
      <p>
        <Link href="/admin/access-keys">← Access Keys</Link>
      </p>
      <h1>{accessKey.name}</h1>
      <KeyDetails
        accessKey={accessKey}
        history={history}
        auditHref={can(actor, "audit:read") ? "/admin/audit" : undefined}
      />
    </>
  );
}

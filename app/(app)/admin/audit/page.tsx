import type { Metadata } from "next";
import { auditListParams } from "@/lib/list-filters";
import type { SearchParams } from "@/lib/list-params";
import { AUDIT_EVENTS } from "@/lib/model/audit";
import { requirePermission } from "@/lib/next/session";
import { listAuditEvents } from "@/lib/services/audit";
import { AuditTable } from "./_components/audit-table";

export const metadata: Metadata = { title: "Audit" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requirePermission("audit:read");
  const params = auditListParams(await searchParams);
  const result = await listAuditEvents(actor, params);
  return (
    <>
      <h1>Audit</h1>
      <AuditTable result={result} sort={params.sort} dir={params.dir} events={[...AUDIT_EVENTS]} />
    </>
  );
}

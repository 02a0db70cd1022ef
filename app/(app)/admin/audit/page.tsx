import type { Metadata } from "next";
import { AUDIT_SORTS, type AuditFilters, listAuditEvents } from "@/db/queries/audit";
import { AUDIT_EVENTS } from "@/lib/audit";
import { param, parseListParams, type SearchParams } from "@/lib/list-params";
import { requirePermission } from "@/lib/next/session";
import { AuditTable } from "./_components/audit-table";

export const metadata: Metadata = { title: "Audit" };

function filtersFrom(searchParams: SearchParams): AuditFilters {
  const event = param(searchParams, "event");
  return {
    actor: param(searchParams, "actor"),
    event: (AUDIT_EVENTS as readonly string[]).includes(event ?? "") ? event : undefined,
    clientId: param(searchParams, "clientId"),
    from: param(searchParams, "from"),
    to: param(searchParams, "to"),
  };
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePermission("audit:read");
  const query = await searchParams;
  const params = parseListParams(
    query,
    { sortable: AUDIT_SORTS, defaultSort: "at", defaultDir: "desc" },
    filtersFrom(query),
  );
  const result = await listAuditEvents(params);
  return (
    <>
      <h1>Audit</h1>
      <AuditTable result={result} sort={params.sort} dir={params.dir} events={[...AUDIT_EVENTS]} />
    </>
  );
}

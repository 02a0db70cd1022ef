"use client";

import { createDataTableColumnHelper, DataTable, type FilterDef } from "@/components/data-table";
import type { AuditListRow } from "@/db/queries/audit";
import { formatDateTime } from "@/lib/format";
import type { ListResult, SortDirection } from "@/lib/list-params";

const col = createDataTableColumnHelper<AuditListRow>();

function target(event: AuditListRow): string {
  if (!event.targetType) return "—";
  const kind = event.targetType.replace("_", " ");
  return event.targetLabel ? `${kind} ${event.targetLabel}` : `${kind} #${event.targetId}`;
}

const columns = col.columns([
  col.accessor("at", { header: "Time", enableSorting: true, cell: (info) => formatDateTime(info.getValue()) }),
  col.accessor("event", { header: "Event" }),
  col.accessor("outcome", {
    header: "Outcome",
    cell: ({ row }) =>
      row.original.outcome === "success"
        ? "Success"
        : `Failure${row.original.reason ? ` (${row.original.reason})` : ""}`,
  }),
  col.accessor("actorUsername", { header: "Actor", cell: (info) => info.getValue() ?? "—" }),
  col.display({ id: "target", header: "Target", cell: ({ row }) => target(row.original) }),
  col.accessor("clientId", {
    header: "Client ID",
    cell: (info) => <span className="mono">{info.getValue() ?? "—"}</span>,
  }),
  col.accessor("ip", { header: "IP", cell: (info) => info.getValue() ?? "—" }),
  col.accessor("details", {
    header: "Details",
    cell: (info) => <span className="details-cell">{info.getValue() ?? ""}</span>,
  }),
]);

type Props = { result: ListResult<AuditListRow>; sort: string; dir: SortDirection; events: string[] };

export function AuditTable({ result, sort, dir, events }: Props) {
  const filters: FilterDef[] = [
    { id: "actor", label: "Actor", variant: "text", placeholder: "Exact username" },
    { id: "event", label: "Event", variant: "select", options: events.map((e) => ({ label: e, value: e })) },
    { id: "clientId", label: "Client ID", variant: "text", placeholder: "Exact client ID" },
    { id: "from", label: "From", variant: "date" },
    { id: "to", label: "To", variant: "date" },
  ];
  return (
    <DataTable
      label="Audit events"
      columns={columns}
      {...result}
      sort={sort}
      dir={dir}
      getRowId={(event) => String(event.id)}
      filters={filters}
      emptyMessage="No audit events match these filters."
    />
  );
}

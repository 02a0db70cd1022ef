"use client";

import { createDataTableColumnHelper, DataTable, type FilterDef } from "@/components/data-table";
import { LocalTime } from "@/components/time/local-time";
import type { ListResult, SortDirection } from "@/lib/list-params";
import type { AuditListRow } from "@/lib/model/audit";
import { auditEventLabel, auditOutcomeLabel } from "@/lib/model/audit-display";
import { settingLabel } from "@/lib/model/settings-labels";
import { AuditDetails } from "./audit-details";

const col = createDataTableColumnHelper<AuditListRow>();

const TARGET_KINDS: Record<string, string> = { access_key: "Access key", user: "User", setting: "Setting" };

function target(event: AuditListRow): string {
  if (!event.targetType) return "—";
  const kind = TARGET_KINDS[event.targetType] ?? event.targetType.replace("_", " ");
  const label =
    event.targetType === "setting" && event.targetLabel ? settingLabel(event.targetLabel) : event.targetLabel;
  return label ? `${kind} ${label}` : `${kind} #${event.targetId}`;
}

const columns = col.columns([
  col.accessor("at", { header: "Time", enableSorting: true, cell: (info) => <LocalTime value={info.getValue()} /> }),
  col.accessor("event", { header: "Event", cell: (info) => auditEventLabel(info.getValue()) }),
  col.accessor("outcome", {
    header: "Outcome",
    cell: ({ row }) => auditOutcomeLabel(row.original.outcome, row.original.reason),
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
    cell: ({ row }) => <AuditDetails event={row.original.event} details={row.original.details} />,
  }),
]);

type Props = { result: ListResult<AuditListRow>; sort: string; dir: SortDirection; events: string[] };

export function AuditTable({ result, sort, dir, events }: Props) {
  const filters: FilterDef[] = [
    { id: "actor", label: "Actor", variant: "text", placeholder: "Exact username" },
    {
      id: "event",
      label: "Event",
      variant: "select",
      options: events.map((e) => ({ label: auditEventLabel(e), value: e })),
    },
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

"use client";

import Link from "next/link";
import { createDataTableColumnHelper, DataTable, type FilterDef } from "@/components/data-table";
import { LocalTime } from "@/components/time/local-time";
import type { ListResult, SortDirection } from "@/lib/list-params";
import type { NotificationListRow } from "@/lib/model/notifications";
import { NotificationStatusBadge } from "./notification-status";

const col = createDataTableColumnHelper<NotificationListRow>();

const columns = col.columns([
  col.accessor("createdAt", {
    header: "Time",
    enableSorting: true,
    cell: (info) => <LocalTime value={info.getValue()} />,
  }),
  col.accessor("recipient", { header: "Recipient" }),
  col.accessor("subject", {
    header: "Subject",
    cell: ({ row }) => <Link href={`/admin/notifications/${row.original.id}`}>{row.original.subject}</Link>,
  }),
  col.accessor("status", {
    header: "Status",
    cell: ({ row }) => <NotificationStatusBadge notification={row.original} />,
  }),
  col.accessor("sentAt", { header: "Sent", cell: (info) => <LocalTime value={info.getValue()} /> }),
  col.accessor("attempts", { header: "Attempts" }),
]);

const FILTERS: FilterDef[] = [
  { id: "recipient", label: "Recipient", variant: "text" },
  {
    id: "status",
    label: "Status",
    variant: "select",
    options: [
      { label: "Outbox", value: "outbox" },
      { label: "Pending or retrying", value: "pending" },
      { label: "Sent", value: "sent" },
    ],
  },
];

type Props = { result: ListResult<NotificationListRow>; sort: string; dir: SortDirection };

export function NotificationsTable({ result, sort, dir }: Props) {
  return (
    <DataTable
      label="Notifications"
      columns={columns}
      rows={result.rows}
      total={result.total}
      page={result.page}
      pageSize={result.pageSize}
      pageCount={result.pageCount}
      sort={sort}
      dir={dir}
      getRowId={(n) => String(n.id)}
      filters={FILTERS}
      emptyMessage="No notifications match these filters."
    />
  );
}

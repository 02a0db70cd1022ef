"use client";

import Link from "next/link";
import { useContext } from "react";
import { createDataTableColumnHelper } from "@/components/data-table";
import { LastUsed } from "@/components/time/last-used";
import { UtcDate } from "@/components/time/local-time";
import type { AccessKey } from "@/lib/model/access-keys";
import styles from "./access-key-columns.module.css";
import { KeyExpiry } from "./key-expiry";
import { KeyGridContext } from "./key-grid-context";
import { KeyRowActions } from "./key-row-actions";
import { KeyStatusBadge } from "./key-status";

function KeyLastUsed({ accessKey }: { accessKey: AccessKey }) {
  const { now } = useContext(KeyGridContext);
  return <LastUsed value={accessKey.lastUsedAt} now={now} />;
}

function KeyName({ accessKey }: { accessKey: AccessKey }) {
  const { keyHref } = useContext(KeyGridContext);
  return <Link href={`${keyHref}/${accessKey.id}`}>{accessKey.name}</Link>;
}

const col = createDataTableColumnHelper<AccessKey>();

export const accessKeyColumns = col.columns([
  col.accessor("name", {
    header: "Name",
    enableSorting: true,
    cell: ({ row }) => <KeyName accessKey={row.original} />,
  }),
  col.accessor("clientId", {
    enableHiding: true,
    header: "Client ID",
    enableSorting: true,
    cell: (info) => <span className="mono">{info.getValue()}</span>,
  }),
  col.accessor("ownerUsername", { id: "owner", header: "Owner", enableSorting: true, enableHiding: true }),
  col.accessor("ownerStatus", {
    enableHiding: true,
    header: "Owner status",
    enableSorting: true,
    cell: (info) => (info.getValue() === "active" ? "Active" : "Inactive"),
  }),
  col.accessor("ownerEmail", {
    id: "email",
    header: "Email",
    enableSorting: true,
    enableHiding: true,
    // Long addresses end in "…" so the grid fits a 1280 px window; the whole address shows on hover.
    cell: (info) => (
      <span className={styles.email} title={info.getValue() ?? undefined}>
        {info.getValue()}
      </span>
    ),
  }),
  col.accessor("effectiveStatus", {
    id: "status",
    enableHiding: true,
    header: "Status",
    enableSorting: true,
    cell: ({ row }) => <KeyStatusBadge accessKey={row.original} />,
  }),
  col.accessor("createdByUsername", { id: "createdBy", header: "Created by", enableSorting: true, enableHiding: true }),
  col.accessor("createdAt", {
    enableHiding: true,
    header: "Created",
    enableSorting: true,
    cell: (info) => <UtcDate value={info.getValue()} />,
  }),
  col.accessor("expiresAt", {
    enableHiding: true,
    header: "Expires",
    enableSorting: true,
    cell: ({ row }) => <KeyExpiry accessKey={row.original} />,
  }),
  col.accessor("lastUsedAt", {
    enableHiding: true,
    header: "Last used",
    enableSorting: true,
    cell: ({ row }) => <KeyLastUsed accessKey={row.original} />,
  }),
  col.display({ id: "actions", header: "Actions", cell: ({ row }) => <KeyRowActions accessKey={row.original} /> }),
]);

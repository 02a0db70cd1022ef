"use client";

import { createContext, useContext } from "react";
import { createDataTableColumnHelper } from "@/components/data-table";
import { Button } from "@/components/ui/button";
import type { UserListRow } from "@/db/queries/users";
import { formatDateTime } from "@/lib/format";

export type UserDialogState = { variant: "edit" | "status" | "delete"; user: UserListRow };

/** Row buttons open the table's one shared dialog through this context. */
export const UserActionsContext = createContext<{
  canWrite: boolean;
  actorId: number;
  open: (state: UserDialogState) => void;
}>({ canWrite: false, actorId: 0, open: () => {} });

function RowActions({ user }: { user: UserListRow }) {
  const { canWrite, actorId, open } = useContext(UserActionsContext);
  if (!canWrite) return null;
  const self = user.id === actorId;
  return (
    <div className="btn-row">
      <Button size="small" onClick={() => open({ variant: "edit", user })}>
        Edit
      </Button>
      {!self && (
        <Button size="small" onClick={() => open({ variant: "status", user })}>
          {user.status === "active" ? "Deactivate" : "Activate"}
        </Button>
      )}
      {!self && (
        <Button size="small" onClick={() => open({ variant: "delete", user })}>
          Delete
        </Button>
      )}
    </div>
  );
}

const col = createDataTableColumnHelper<UserListRow>();

export const userColumns = col.columns([
  col.accessor("username", { header: "Username", enableSorting: true }),
  col.accessor("fullName", { header: "Full name", enableSorting: true }),
  col.accessor("email", { header: "Email", enableSorting: true }),
  col.accessor("role", { header: "Role", enableSorting: true }),
  col.accessor("status", {
    header: "Status",
    enableSorting: true,
    cell: (info) => (
      <span className={`badge badge-${info.getValue()}`}>{info.getValue() === "active" ? "Active" : "Inactive"}</span>
    ),
  }),
  col.accessor("keyCount", { id: "keys", header: "Keys", enableSorting: true }),
  col.accessor("lastSignInAt", {
    header: "Last sign-in",
    enableSorting: true,
    cell: (info) => formatDateTime(info.getValue()),
  }),
  col.display({ id: "actions", header: "Actions", cell: ({ row }) => <RowActions user={row.original} /> }),
]);

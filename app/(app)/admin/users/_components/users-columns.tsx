"use client";

import { createContext, useContext } from "react";
import { createDataTableColumnHelper } from "@/components/data-table";
import { LastUsed } from "@/components/time/last-used";
import { Button } from "@/components/ui/button";
import type { UserListRow } from "@/lib/model/users";

export type UserDialogState = { variant: "edit" | "status" | "delete"; user: UserListRow };

/**
 * Row buttons open the table's one shared dialog through this context; `now` is the server's time
 * of the page, which "Last sign-in" counts back from.
 */
export const UserActionsContext = createContext<{
  canWrite: boolean;
  actorId: number;
  open: (state: UserDialogState) => void;
  now: number;
}>({ canWrite: false, actorId: 0, open: () => {}, now: 0 });

/** "3 minutes ago" or "Never signed in", with the exact time (local and UTC) on hover. */
function LastSignIn({ user }: { user: UserListRow }) {
  const { now } = useContext(UserActionsContext);
  return <LastUsed value={user.lastSignInAt} now={now} never="Never signed in" />;
}

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
    cell: ({ row }) => <LastSignIn user={row.original} />,
  }),
  col.display({ id: "actions", header: "Actions", cell: ({ row }) => <RowActions user={row.original} /> }),
]);

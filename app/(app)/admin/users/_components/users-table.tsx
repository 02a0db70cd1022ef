"use client";

import { useCallback, useState } from "react";
import { DataTable, dimmedRowClassName, type FilterDef } from "@/components/data-table";
import { Button } from "@/components/ui/button";
import type { ListResult, SortDirection } from "@/lib/list-params";
import type { UserListRow } from "@/lib/model/users";
import { UserDeleteDialog, UserStatusDialog } from "./user-confirm-dialogs";
import { UserDialog } from "./user-dialog";
import { UserActionsContext, type UserDialogState, userColumns } from "./users-columns";

const filters: FilterDef[] = [
  { id: "q", label: "Search users", variant: "text", placeholder: "Username, name or email" },
  {
    id: "role",
    label: "Role",
    variant: "select",
    options: [
      { label: "Administrator", value: "admin" },
      { label: "Auditor", value: "auditor" },
      { label: "User", value: "user" },
    ],
  },
  {
    id: "status",
    label: "Status",
    variant: "select",
    options: [
      { label: "Active", value: "active" },
      { label: "Inactive", value: "inactive" },
    ],
  },
];

type Props = {
  result: ListResult<UserListRow>;
  sort: string;
  dir: SortDirection;
  canWrite: boolean;
  actorId: number;
  /** The server's time of the page (ms), which "Last sign-in" counts back from. */
  now: number;
};

export function UsersTable({ result, sort, dir, canWrite, actorId, now }: Props) {
  const [dialog, setDialog] = useState<UserDialogState | "add" | null>(null);
  const close = useCallback(() => setDialog(null), []);
  return (
    <UserActionsContext.Provider value={{ canWrite, actorId, open: setDialog, now }}>
      <DataTable
        label="Users"
        columns={userColumns}
        {...result}
        sort={sort}
        dir={dir}
        getRowId={(user) => String(user.id)}
        filters={filters}
        emptyMessage="No users match these filters."
        rowClassName={(user) => (user.status === "inactive" ? dimmedRowClassName : undefined)}
        toolbar={
          canWrite && (
            <Button variant="primary" onClick={() => setDialog("add")}>
              Add user
            </Button>
          )
        }
      />
      {dialog === "add" && <UserDialog onClose={close} />}
      {dialog !== "add" && dialog?.variant === "edit" && <UserDialog user={dialog.user} onClose={close} />}
      {dialog !== "add" && dialog?.variant === "status" && <UserStatusDialog user={dialog.user} onClose={close} />}
      {dialog !== "add" && dialog?.variant === "delete" && <UserDeleteDialog user={dialog.user} onClose={close} />}
    </UserActionsContext.Provider>
  );
}

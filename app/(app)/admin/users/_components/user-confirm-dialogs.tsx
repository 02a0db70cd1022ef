"use client";

import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { plural } from "@/lib/model/format";
import type { UserListRow } from "@/lib/model/users";
import { deleteUserAction, setUserStatusAction } from "../actions";

type Props = { user: UserListRow; onClose: () => void };

export function UserStatusDialog({ user, onClose }: Props) {
  const activate = user.status === "inactive";
  const verb = activate ? "Activate" : "Deactivate";
  return (
    <ConfirmDialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={`${verb} ${user.username}?`}
      description={
        activate
          ? `${user.username} will be able to sign in again, and their access keys work again.`
          : `${user.username} will be signed out and unable to sign in. Their ${plural(user.keyCount, "access key")} stop working at once (the keys themselves are kept).`
      }
      confirmLabel={verb}
      danger={!activate}
      onConfirm={() => setUserStatusAction(null, { id: user.id, status: activate ? "active" : "inactive" })}
    />
  );
}

export function UserDeleteDialog({ user, onClose }: Props) {
  return (
    <ConfirmDialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={`Delete ${user.username}?`}
      description={`This permanently deletes ${user.username} and their ${plural(user.keyCount, "access key")}. Their audit history is kept.`}
      confirmLabel="Delete"
      danger
      onConfirm={() => deleteUserAction(null, { id: user.id })}
    />
  );
}

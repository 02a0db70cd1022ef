"use client";

import { useCallback, useState } from "react";
import { DataTable, dimmedRowClassName, type FilterDef } from "@/components/data-table";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { ListResult, SortDirection } from "@/lib/list-params";
import type { AccessKey } from "@/lib/model/access-keys";
import { plural } from "@/lib/model/format";
import { accessKeyColumns } from "./access-key-columns";
import { SingleKeyDialog } from "./key-dialogs";
import { type KeyDraft, KeyFormDialog } from "./key-form-dialog";
import { type KeyDialog, KeyGridContext } from "./key-grid-context";
import { SecretDialog } from "./secret-dialog";
import type { ExpiryPolicy, IssuedSecret, KeyActions } from "./types";

const STATUS_OPTIONS = [
  { label: "Active", value: "active" },
  { label: "Inactive", value: "inactive" },
  { label: "Revoked", value: "revoked" },
  { label: "Expired", value: "expired" },
];

const KEY_FILTERS: FilterDef[] = [
  { id: "name", label: "API key name", variant: "text" },
  { id: "clientId", label: "Client ID", variant: "text" },
  { id: "status", label: "Status", variant: "select", options: STATUS_OPTIONS },
  { id: "owner", label: "Owner", variant: "text" },
  { id: "createdBy", label: "Created by", variant: "text" },
  { id: "expiresBy", label: "Expires by", variant: "date" },
  { id: "expiresWithin", label: "Expires within N days", variant: "number", min: 1, max: 3650 },
  { id: "neverExpires", label: "Never expires", variant: "boolean" },
];
const OWN_KEY_FILTERS = KEY_FILTERS.filter((f) => f.id !== "owner");

/** Row checkboxes say which key they select ("Select Deploy key"), not its database id. */
const keyRowLabel = (key: AccessKey) => key.name;

/** The keys a bulk action is about, each with its client ID: names alone may repeat. */
function bulkDescription(keys: AccessKey[]): string {
  const list = keys.map((key) => `${key.name} (${key.clientId})`).join(", ");
  return `${list}. Keys this does not apply to are skipped, and named in the result.`;
}

const BULK_VERBS = { deactivate: "Deactivate", revoke: "Revoke", delete: "Delete" } as const;

type Props = {
  label: string;
  result: ListResult<AccessKey>;
  sort: string;
  dir: SortDirection;
  actions: KeyActions;
  policy: ExpiryPolicy;
  /** Base path of a key's own page ("/admin/access-keys"). */
  keyHref: string;
  /** My API Keys: keys are created for this user, and the owner filter is not offered. */
  fixedOwnerId?: number;
  emptyMessage: string;
  /** The server's time of this page (ms), for "in 6 days" that renders alike on server and client. */
  now: number;
  /** Keys expiring within this many days (the first reminder) are highlighted; null: none. */
  reminderWindowDays: number | null;
};

export function AccessKeysTable({
  label,
  result,
  sort,
  dir,
  actions,
  policy,
  keyHref,
  fixedOwnerId,
  emptyMessage,
  now,
  reminderWindowDays,
}: Props) {
  const [dialog, setDialog] = useState<KeyDialog | null>(null);
  const [issued, setIssued] = useState<IssuedSecret | null>(null);
  // The Create dialog unmounts on closing: what it held until a key is created lives here.
  const [draft, setDraft] = useState<KeyDraft>();
  const close = useCallback(() => setDialog(null), []);
  const bulk = actions.bulk;

  return (
    <KeyGridContext.Provider value={{ actions, keyHref, open: setDialog, now, reminderWindowDays }}>
      <DataTable
        label={label}
        columns={accessKeyColumns}
        {...result}
        sort={sort}
        dir={dir}
        getRowId={(key) => String(key.id)}
        filters={fixedOwnerId === undefined ? KEY_FILTERS : OWN_KEY_FILTERS}
        emptyMessage={emptyMessage}
        rowClassName={(key) => (key.ownerStatus === "inactive" ? dimmedRowClassName : undefined)}
        enableRowSelection={!!bulk}
        getRowLabel={keyRowLabel}
        bulkActions={
          bulk
            ? (keys, clear) => (
                <div className="btn-row">
                  {(["deactivate", "revoke", "delete"] as const).map((action) => (
                    <Button
                      key={action}
                      size="small"
                      onClick={() => setDialog({ variant: "bulk", action, keys, clear })}
                    >
                      {BULK_VERBS[action]}
                    </Button>
                  ))}
                </div>
              )
            : undefined
        }
        toolbar={
          actions.create && (
            <Button variant="primary" onClick={() => setDialog({ variant: "create" })}>
              Create access key
            </Button>
          )
        }
      />
      {dialog?.variant === "create" && (
        <KeyFormDialog
          actions={actions}
          policy={policy}
          fixedOwnerId={fixedOwnerId}
          onIssued={setIssued}
          onClose={close}
          draft={draft}
          onDraftChange={setDraft}
        />
      )}
      <SingleKeyDialog dialog={dialog} actions={actions} policy={policy} onIssued={setIssued} onClose={close} />
      {dialog?.variant === "bulk" && bulk && (
        <ConfirmDialog
          open
          onOpenChange={(open) => !open && close()}
          title={`${BULK_VERBS[dialog.action]} ${plural(dialog.keys.length, "access key")}?`}
          description={bulkDescription(dialog.keys)}
          confirmLabel={BULK_VERBS[dialog.action]}
          danger
          onConfirm={async () => {
            const result = await bulk(null, { ids: dialog.keys.map((k) => k.id), action: dialog.action });
            if (result.ok) dialog.clear();
            return result;
          }}
        />
      )}
      {issued && <SecretDialog issued={issued} onDone={() => setIssued(null)} />}
    </KeyGridContext.Provider>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { expiryPolicy, reminderWindowDays } from "@/components/access-keys/expiry-policy";
import { KeyDetails } from "@/components/access-keys/key-details";
import { KeyPageActions } from "@/components/access-keys/key-page-actions";
import { can } from "@/lib/model/authz";
import { forPage } from "@/lib/next/page-errors";
import { requirePermission } from "@/lib/next/session";
import { getKeyWithHistory } from "@/lib/services/access-keys";
import { getSettings } from "@/lib/services/settings";
import { ADMIN_ACTIONS } from "../key-actions";

export const metadata: Metadata = { title: "Access key" };

export default async function AccessKeyPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePermission("keys:read");
  const id = Number((await params).id);
  const [{ key: accessKey, history }, settings] = await Promise.all([
    forPage(getKeyWithHistory(actor, Number.isSafeInteger(id) && id > 0 ? id : 0)),
    getSettings(),
  ]);
  const now = new Date();
  return (
    <>
      <p>
        <Link href="/admin/access-keys">← Access Keys</Link>
      </p>
      <div className="page-title-row">
        <h1>{accessKey.name}</h1>
        {can(actor, "keys:write") && (
          <KeyPageActions
            accessKey={accessKey}
            actions={ADMIN_ACTIONS}
            policy={expiryPolicy(settings, now)}
            keyHref="/admin/access-keys"
            now={now.getTime()}
            reminderWindowDays={reminderWindowDays(settings)}
          />
        )}
      </div>
      <KeyDetails
        accessKey={accessKey}
        history={history}
        auditHref={can(actor, "audit:read") ? "/admin/audit" : undefined}
      />
    </>
  );
}

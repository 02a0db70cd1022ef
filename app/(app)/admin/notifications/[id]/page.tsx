import type { Metadata } from "next";
import Link from "next/link";
import { LocalTime } from "@/components/time/local-time";
import { can } from "@/lib/model/authz";
import { forPage, unlessMissing } from "@/lib/next/page-errors";
import { requirePermission } from "@/lib/next/session";
import { getKey } from "@/lib/services/access-keys";
import { getNotification } from "@/lib/services/notifications";
import { NotificationStatusBadge } from "../_components/notification-status";

export const metadata: Metadata = { title: "Notification" };

export default async function NotificationPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePermission("notifications:read");
  const id = Number((await params).id);
  const notification = await forPage(getNotification(actor, Number.isSafeInteger(id) && id > 0 ? id : 0));
  // The key it is about, when this reader may see keys and it still exists.
  const key =
    notification.keyId !== null && can(actor, "keys:read")
      ? await unlessMissing(getKey(actor, notification.keyId))
      : undefined;
  return (
    <>
      <p>
        <Link href="/admin/notifications">← Notifications</Link>
      </p>
      <h1>{notification.subject}</h1>
      <section className="card" aria-labelledby="notification-details-heading" style={{ marginBottom: "1rem" }}>
        <h2 id="notification-details-heading">Details</h2>
        <dl className="details-grid">
          <dt>Recipient</dt>
          <dd>{notification.recipient}</dd>
          <dt>Status</dt>
          <dd>
            <NotificationStatusBadge notification={notification} />
          </dd>
          <dt>Created</dt>
          <dd>
            <LocalTime value={notification.createdAt} />
          </dd>
          <dt>Sent</dt>
          <dd>
            <LocalTime value={notification.sentAt} />
          </dd>
          <dt>Attempts</dt>
          <dd>{notification.attempts}</dd>
          {notification.status === "pending" && (
            <>
              <dt>Next attempt</dt>
              <dd>
                <LocalTime value={notification.nextAttemptAt} />
              </dd>
            </>
          )}
          {notification.lastError && (
            <>
              <dt>Last error</dt>
              <dd className="mono">{notification.lastError}</dd>
            </>
          )}
          {key && (
            <>
              <dt>Access key</dt>
              <dd>
                <Link href={`/admin/access-keys/${key.id}`}>{key.name}</Link>
              </dd>
            </>
          )}
        </dl>
      </section>
      <section className="card" aria-labelledby="notification-body-heading">
        <h2 id="notification-body-heading">Message</h2>
        <pre className="code-block" style={{ whiteSpace: "pre-wrap" }} data-testid="notification-body">
          {notification.body}
        </pre>
      </section>
    </>
  );
}

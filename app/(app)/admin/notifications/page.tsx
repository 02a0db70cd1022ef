import type { Metadata } from "next";
import { notificationListParams } from "@/lib/list-filters";
import type { SearchParams } from "@/lib/list-params";
import { requirePermission } from "@/lib/next/session";
import { smtpUrl } from "@/lib/notifications/config";
import { listNotifications } from "@/lib/services/notifications";
import { NotificationsTable } from "./_components/notifications-table";

export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requirePermission("notifications:read");
  const params = notificationListParams(await searchParams);
  const result = await listNotifications(actor, params);
  return (
    <>
      <h1>Notifications</h1>
      <p className="muted">
        {smtpUrl()
          ? "E-mails are sent through SMTP; one that fails is retried (after 1, 2, 4 … minutes, at most hourly) until it is sent."
          : "No SMTP server is configured (SMTP_URL), so e-mails are kept here, in the outbox, and not sent."}
      </p>
      <NotificationsTable result={result} sort={params.sort} dir={params.dir} />
    </>
  );
}

import type { NotificationListRow } from "@/lib/model/notifications";

type Shown = Pick<NotificationListRow, "status" | "attempts">;

/** Outbox (kept, no SMTP), Pending, Retrying (an attempt failed; it will be tried again), Sent. */
const LOOKS = {
  outbox: { label: "Outbox", badge: "" },
  pending: { label: "Pending", badge: "badge-inactive" },
  retrying: { label: "Retrying", badge: "badge-expired" },
  sent: { label: "Sent", badge: "badge-active" },
  failed: { label: "Failed", badge: "badge-revoked" },
} as const;

const look = (n: Shown) => LOOKS[n.status === "pending" && n.attempts > 0 ? "retrying" : n.status];

export function NotificationStatusBadge({ notification }: { notification: Shown }) {
  const { label, badge } = look(notification);
  return <span className={`badge ${badge}`}>{label}</span>;
}

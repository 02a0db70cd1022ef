import type { Role } from "./authz";

/** A notification's delivery state: waiting for SMTP, sent, given up, or kept in the outbox. */
export const NOTIFICATION_STATUSES = ["pending", "sent", "failed", "outbox"] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/** A key as an e-mail may name it: public fields only, never a secret. */
export type NotifiedKey = {
  id: number;
  name: string;
  clientId: string;
  expiresAt: Date | null;
  ownerUsername: string;
};

/** Who reads it: the key's owner, or the administrator who created it for someone else. */
export type Recipient = { audience: "owner" | "creator"; role: Role };
export type KeyEvent = "create" | "regenerate" | "revoke" | "delete";
export type MailMessage = { subject: string; body: string };

// ——— the Notifications page ———

export const NOTIFICATION_SORTS = ["createdAt"] as const;
export type NotificationSort = (typeof NOTIFICATION_SORTS)[number];
export type NotificationFilters = { recipient?: string; status?: NotificationStatus; keyId?: number };

export type NotificationListRow = {
  id: number;
  createdAt: Date;
  recipient: string;
  subject: string;
  status: NotificationStatus;
  attempts: number;
  nextAttemptAt: Date | null;
  sentAt: Date | null;
  lastError: string | null;
  keyId: number | null;
};
export type Notification = NotificationListRow & { body: string };

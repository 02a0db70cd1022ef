import { roleMay } from "@/lib/model/authz";
import { formatDateTime, formatRelative } from "@/lib/model/format";
import type { KeyEvent, MailMessage, NotifiedKey, Recipient } from "@/lib/model/notifications";

export type { KeyEvent, MailMessage, NotifiedKey, Recipient } from "@/lib/model/notifications";

/**
 * The text of every e-mail Keyward sends. Plain text, built only from a key's public fields: these
 * functions are never given a secret, so no e-mail can contain one.
 */

/** Staff open the key's own admin page; users their My API Keys page (a deleted key has no page). */
export function keyLink(baseUrl: string, recipient: Recipient, keyId: number | null): string {
  if (roleMay(recipient.role, "keys:read")) return `${baseUrl}/admin/access-keys${keyId === null ? "" : `/${keyId}`}`;
  return `${baseUrl}/me/api-keys`;
}

function compose(key: NotifiedKey, what: string, todo: string, link: string): string {
  return [
    "Hello,",
    "",
    what,
    "",
    todo,
    "",
    `Key name:  ${key.name}`,
    `Client ID: ${key.clientId}`,
    `Owner:     ${key.ownerUsername}`,
    `Expires:   ${key.expiresAt ? formatDateTime(key.expiresAt) : "never"}`,
    "",
    `Open: ${link}`,
    "",
    "Keyward never sends key secrets by e-mail. If you were not expecting this message, tell your administrator.",
    "",
  ].join("\n");
}

/** "Your access key "X" (client ID …)" or, to its creator, "The access key "X" (client ID …) that you created for bob". */
const theKey = (key: NotifiedKey, recipient: Recipient) =>
  recipient.audience === "owner"
    ? `Your access key "${key.name}" (client ID ${key.clientId})`
    : `The access key "${key.name}" (client ID ${key.clientId}) that you created for ${key.ownerUsername}`;

const EVENT_TEXT: Record<KeyEvent, { verb: string; todo: string }> = {
  create: {
    verb: "created for you",
    todo: "What to do: the secret was shown once, to the person who created the key; get it from them over a secure channel (never by e-mail), or regenerate the key yourself if your administrator allows it.",
  },
  regenerate: {
    verb: "regenerated",
    todo: "What to do: the previous secret no longer works. Update every application that uses this key with the new secret, which the person who regenerated it received once.",
  },
  revoke: {
    verb: "revoked",
    todo: "What to do: applications using this key can no longer authenticate. If you still need it, ask an administrator to regenerate it.",
  },
  delete: {
    verb: "deleted",
    todo: "What to do: applications using this key can no longer authenticate. If you still need access, ask an administrator for a new key.",
  },
};

/** To the owner, when someone else creates, regenerates, revokes or deletes their key. */
export function keyEventMessage(
  event: KeyEvent,
  key: NotifiedKey,
  actor: string,
  at: Date,
  recipient: Recipient,
  baseUrl: string,
): MailMessage {
  const text = EVENT_TEXT[event];
  const what = `${theKey(key, recipient)} was ${text.verb} by ${actor} on ${formatDateTime(at)}.`;
  const link = keyLink(baseUrl, recipient, event === "delete" ? null : key.id);
  return {
    subject: `Access key "${key.name}" was ${text.verb}`,
    body: compose(key, what, text.todo, link),
  };
}

/** Before expiry, at each reminder day. */
export function reminderMessage(key: NotifiedKey, recipient: Recipient, now: Date, baseUrl: string): MailMessage {
  const expiresAt = key.expiresAt ?? now;
  const when = formatRelative(expiresAt, now);
  const what = `${theKey(key, recipient)} expires ${when}, on ${formatDateTime(expiresAt)}.`;
  const todo =
    recipient.audience === "owner"
      ? "What to do: before then, regenerate the key (or ask an administrator to) and update the applications that use it; otherwise they stop working when it expires."
      : "What to do: if the key is still needed, regenerate it or extend its expiration date before then, and give the owner the new secret over a secure channel.";
  return {
    subject: `Access key "${key.name}" expires ${when}`,
    body: compose(key, what, todo, keyLink(baseUrl, recipient, key.id)),
  };
}

/** Once, when the key has expired. */
export function expiredMessage(key: NotifiedKey, recipient: Recipient, baseUrl: string): MailMessage {
  const at = key.expiresAt ? formatDateTime(key.expiresAt) : "now";
  const what = `${theKey(key, recipient)} expired on ${at}.`;
  return {
    subject: `Access key "${key.name}" has expired`,
    body: compose(
      key,
      what,
      "What to do: applications using this key can no longer authenticate. If it is still needed, regenerate it (or ask an administrator to) and update those applications with the new secret.",
      keyLink(baseUrl, recipient, key.id),
    ),
  };
}

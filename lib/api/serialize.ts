import type { z } from "zod";
import type { AccessKey } from "@/lib/model/access-keys";
import type { AuditListRow } from "@/lib/model/audit";
import type { UserListRow } from "@/lib/model/users";
import type { auditEventJson, keyJson, userJson } from "./schemas";

const iso = (value: Date | null) => (value ? value.toISOString() : null);

export function keyToJson(key: AccessKey): z.infer<typeof keyJson> {
  return {
    id: key.id,
    clientId: key.clientId,
    name: key.name,
    description: key.description,
    status: key.effectiveStatus,
    owner: { id: key.ownerId, username: key.ownerUsername, email: key.ownerEmail, status: key.ownerStatus },
    createdBy: key.createdByUsername,
    createdAt: key.createdAt.toISOString(),
    updatedAt: key.updatedAt.toISOString(),
    expiresAt: iso(key.expiresAt),
    lastUsedAt: iso(key.lastUsedAt),
    lastUsedFrom: key.lastUsedIp,
    bearerEnabled: key.bearerEnabled,
    secretHint: key.secretHint,
  };
}

// Field by field, as documented: a column added to the row never reaches the API undocumented.
export function userToJson(user: UserListRow): z.infer<typeof userJson> {
  return {
    id: user.id,
    username: user.username,
    fullName: user.fullName,
    email: user.email,
    role: user.role,
    status: user.status,
    createdAt: user.createdAt.toISOString(),
    lastSignInAt: iso(user.lastSignInAt),
    keyCount: user.keyCount,
  };
}

export function auditEventToJson(event: AuditListRow): z.infer<typeof auditEventJson> {
  return {
    id: event.id,
    at: event.at.toISOString(),
    event: event.event,
    outcome: event.outcome,
    actorId: event.actorId,
    actorUsername: event.actorUsername,
    targetType: event.targetType,
    targetId: event.targetId,
    targetLabel: event.targetLabel,
    clientId: event.clientId,
    ip: event.ip,
    userAgent: event.userAgent,
    reason: event.reason,
    details: event.details ? (JSON.parse(event.details) as unknown) : null,
  };
}

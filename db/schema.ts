import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

// Times are integer milliseconds since the epoch (`timestamp_ms`), so comparisons and indexes are plain integers.
const createdAt = () =>
  integer("created_at", { mode: "timestamp_ms" }).notNull().default(sql`(unixepoch('subsec') * 1000)`);

export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    username: text("username").notNull(),
    fullName: text("full_name").notNull(),
    email: text("email").notNull(),
    role: text("role", { enum: ["admin", "auditor", "user"] }).notNull(),
    status: text("status", { enum: ["active", "inactive"] })
      .notNull()
      .default("active"),
    passwordHash: text("password_hash").notNull(),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
    lastSignInAt: integer("last_sign_in_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    uniqueIndex("users_username_lower_idx").on(sql`lower(${t.username})`),
    uniqueIndex("users_email_lower_idx").on(sql`lower(${t.email})`),
    index("users_role_status_idx").on(t.role, t.status),
    index("users_created_at_idx").on(t.createdAt),
  ],
);

export const accessKeys = sqliteTable(
  "access_keys",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    clientId: text("client_id").notNull(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    ownerId: integer("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdById: integer("created_by_id").references(() => users.id, { onDelete: "set null" }),
    // Kept so the grid can still say who created a key after that user is deleted.
    createdByUsername: text("created_by_username").notNull(),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }),
    status: text("status", { enum: ["active", "inactive", "revoked"] })
      .notNull()
      .default("active"),
    // HMAC-SHA-256(pepper, secret), hex. The secret itself is never stored.
    secretHash: text("secret_hash").notNull(),
    secretHint: text("secret_hint").notNull(),
    bearerEnabled: integer("bearer_enabled", { mode: "boolean" }).notNull().default(false),
    lastUsedAt: integer("last_used_at", { mode: "timestamp_ms" }),
    lastUsedIp: text("last_used_ip"),
  },
  (t) => [
    uniqueIndex("access_keys_client_id_idx").on(t.clientId),
    uniqueIndex("access_keys_secret_hash_idx").on(t.secretHash),
    index("access_keys_owner_idx").on(t.ownerId, t.status),
    index("access_keys_created_by_idx").on(t.createdById),
    // The grid walks it for the "Created by" sort.
    index("access_keys_created_by_username_idx").on(t.createdByUsername),
    // Covers the grid's status filters (status plus expiry), so counting them reads no table rows.
    index("access_keys_status_idx").on(t.status, t.expiresAt),
    // The grid walks it for the Status sort (status, then id).
    index("access_keys_name_idx").on(t.name),
    index("access_keys_created_at_idx").on(t.createdAt),
    index("access_keys_expires_at_idx").on(t.expiresAt),
    index("access_keys_last_used_at_idx").on(t.lastUsedAt),
  ],
);

// One row per setting; the value is JSON so every setting shares one shape.
export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  updatedById: integer("updated_by_id"),
});

// Audit rows outlive the users and keys they mention, so they hold snapshots rather than foreign keys.
export const auditEvents = sqliteTable(
  "audit_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
    event: text("event").notNull(),
    outcome: text("outcome", { enum: ["success", "failure"] })
      .notNull()
      .default("success"),
    actorId: integer("actor_id"),
    actorUsername: text("actor_username"),
    targetType: text("target_type"),
    targetId: integer("target_id"),
    targetLabel: text("target_label"),
    clientId: text("client_id"),
    ip: text("ip"),
    userAgent: text("user_agent"),
    reason: text("reason"),
    details: text("details"),
  },
  (t) => [
    index("audit_events_at_idx").on(t.at),
    index("audit_events_actor_idx").on(t.actorUsername, t.at),
    index("audit_events_event_idx").on(t.event, t.at),
    index("audit_events_client_id_idx").on(t.clientId, t.at),
    index("audit_events_target_idx").on(t.targetType, t.targetId, t.at),
  ],
);

export const notifications = sqliteTable(
  "notifications",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    createdAt: createdAt(),
    recipient: text("recipient").notNull(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    status: text("status", { enum: ["pending", "sent", "failed", "outbox"] })
      .notNull()
      .default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at", { mode: "timestamp_ms" }),
    lastError: text("last_error"),
    sentAt: integer("sent_at", { mode: "timestamp_ms" }),
    // Makes each reminder idempotent: e.g. "reminder:<keyId>:<expiresAt>:<days>:<recipient>".
    dedupeKey: text("dedupe_key"),
    keyId: integer("key_id"),
    userId: integer("user_id"),
  },
  (t) => [
    uniqueIndex("notifications_dedupe_key_idx").on(t.dedupeKey),
    index("notifications_status_idx").on(t.status, t.nextAttemptAt),
    index("notifications_created_at_idx").on(t.createdAt),
  ],
);

// OAuth access tokens issued by the token endpoint; only their hash is kept.
export const issuedTokens = sqliteTable(
  "issued_tokens",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tokenHash: text("token_hash").notNull(),
    keyId: integer("key_id")
      .notNull()
      .references(() => accessKeys.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    uniqueIndex("issued_tokens_token_hash_idx").on(t.tokenHash),
    index("issued_tokens_key_idx").on(t.keyId),
    index("issued_tokens_expires_at_idx").on(t.expiresAt),
  ],
);

// Failed sign-in attempts per username and per address in their current window (db/queries/sign-in-throttle.ts):
// in the database, not in memory, so that every thread and process counts against the same limits.
export const signInThrottle = sqliteTable(
  "sign_in_throttle",
  {
    scope: text("scope", { enum: ["username", "ip"] }).notNull(),
    key: text("key").notNull(),
    count: integer("count").notNull(),
    // Plain milliseconds: the throttle only ever does arithmetic on it.
    windowStart: integer("window_start").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.scope, t.key] }),
    // Expired windows are deleted by range on every counted attempt.
    index("sign_in_throttle_window_idx").on(t.scope, t.windowStart),
  ],
);

// Browser sessions: a signed-in cookie is honoured only while its row exists, so sign-out, a
// password change and deactivation end sessions on the server. Only a hash of the session id is kept.
export const sessions = sqliteTable(
  "sessions",
  {
    idHash: text("id_hash").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId), index("sessions_expires_at_idx").on(t.expiresAt)],
);

export type UserRow = typeof users.$inferSelect;
export type AccessKeyRow = typeof accessKeys.$inferSelect;
export type AuditEventRow = typeof auditEvents.$inferSelect;

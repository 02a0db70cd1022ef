CREATE TABLE `access_keys` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`client_id` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`owner_id` integer NOT NULL,
	`created_by_id` integer,
	`created_by_username` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	`expires_at` integer,
	`status` text DEFAULT 'active' NOT NULL,
	`secret_hash` text NOT NULL,
	`secret_hint` text NOT NULL,
	`bearer_enabled` integer DEFAULT false NOT NULL,
	`last_used_at` integer,
	`last_used_ip` text,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `access_keys_client_id_idx` ON `access_keys` (`client_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `access_keys_secret_hash_idx` ON `access_keys` (`secret_hash`);--> statement-breakpoint
CREATE INDEX `access_keys_owner_idx` ON `access_keys` (`owner_id`,`status`);--> statement-breakpoint
CREATE INDEX `access_keys_created_by_idx` ON `access_keys` (`created_by_id`);--> statement-breakpoint
CREATE INDEX `access_keys_status_idx` ON `access_keys` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `access_keys_name_idx` ON `access_keys` (`name`);--> statement-breakpoint
CREATE INDEX `access_keys_created_at_idx` ON `access_keys` (`created_at`);--> statement-breakpoint
CREATE INDEX `access_keys_expires_at_idx` ON `access_keys` (`expires_at`);--> statement-breakpoint
CREATE INDEX `access_keys_last_used_at_idx` ON `access_keys` (`last_used_at`);--> statement-breakpoint
CREATE TABLE `audit_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`event` text NOT NULL,
	`outcome` text DEFAULT 'success' NOT NULL,
	`actor_id` integer,
	`actor_username` text,
	`target_type` text,
	`target_id` integer,
	`target_label` text,
	`client_id` text,
	`ip` text,
	`user_agent` text,
	`reason` text,
	`details` text
);
--> statement-breakpoint
CREATE INDEX `audit_events_at_idx` ON `audit_events` (`at`);--> statement-breakpoint
CREATE INDEX `audit_events_actor_idx` ON `audit_events` (`actor_username`,`at`);--> statement-breakpoint
CREATE INDEX `audit_events_event_idx` ON `audit_events` (`event`,`at`);--> statement-breakpoint
CREATE INDEX `audit_events_client_id_idx` ON `audit_events` (`client_id`,`at`);--> statement-breakpoint
CREATE INDEX `audit_events_target_idx` ON `audit_events` (`target_type`,`target_id`,`at`);--> statement-breakpoint
CREATE TABLE `issued_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`token_hash` text NOT NULL,
	`key_id` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`expires_at` integer NOT NULL,
	`revoked_at` integer,
	FOREIGN KEY (`key_id`) REFERENCES `access_keys`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `issued_tokens_token_hash_idx` ON `issued_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `issued_tokens_key_idx` ON `issued_tokens` (`key_id`);--> statement-breakpoint
CREATE INDEX `issued_tokens_expires_at_idx` ON `issued_tokens` (`expires_at`);--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`recipient` text NOT NULL,
	`subject` text NOT NULL,
	`body` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer,
	`last_error` text,
	`sent_at` integer,
	`dedupe_key` text,
	`key_id` integer,
	`user_id` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_dedupe_key_idx` ON `notifications` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `notifications_status_idx` ON `notifications` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `notifications_created_at_idx` ON `notifications` (`created_at`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by_id` integer
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`username` text NOT NULL,
	`full_name` text NOT NULL,
	`email` text NOT NULL,
	`role` text NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`password_hash` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	`last_sign_in_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_username_lower_idx` ON `users` (lower("username"));--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_lower_idx` ON `users` (lower("email"));--> statement-breakpoint
CREATE INDEX `users_role_status_idx` ON `users` (`role`,`status`);--> statement-breakpoint
CREATE INDEX `users_created_at_idx` ON `users` (`created_at`);
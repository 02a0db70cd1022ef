DROP INDEX `access_keys_status_idx`;--> statement-breakpoint
CREATE INDEX `access_keys_created_by_username_idx` ON `access_keys` (`created_by_username`);--> statement-breakpoint
CREATE INDEX `access_keys_status_sort_idx` ON `access_keys` (`status`);--> statement-breakpoint
CREATE INDEX `access_keys_status_idx` ON `access_keys` (`status`,`expires_at`);
CREATE TABLE `sign_in_throttle` (
	`scope` text NOT NULL,
	`key` text NOT NULL,
	`count` integer NOT NULL,
	`window_start` integer NOT NULL,
	PRIMARY KEY(`scope`, `key`)
);
--> statement-breakpoint
CREATE INDEX `sign_in_throttle_window_idx` ON `sign_in_throttle` (`scope`,`window_start`);
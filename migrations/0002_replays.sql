CREATE TABLE `replay_jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`filter` text NOT NULL,
	`status` text NOT NULL,
	`total` integer NOT NULL,
	`replayed` integer DEFAULT 0 NOT NULL,
	`skipped` integer DEFAULT 0 NOT NULL,
	`cursor` text,
	`upper_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`finished_at` integer
);
--> statement-breakpoint
CREATE INDEX `replay_jobs_tenant` ON `replay_jobs` (`tenant_id`,`id`);--> statement-breakpoint
ALTER TABLE `events` ADD `replay_of` text;
ALTER TABLE `sources` ADD `api_sealed` text;--> statement-breakpoint
ALTER TABLE `sources` ADD `api_public` text;--> statement-breakpoint
ALTER TABLE `sources` ADD `api_version` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `sources` ADD `api_status` text;--> statement-breakpoint
ALTER TABLE `sources` ADD `api_status_detail` text;--> statement-breakpoint
ALTER TABLE `sources` ADD `api_status_at` integer;

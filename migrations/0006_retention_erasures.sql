ALTER TABLE `tenants` ADD `retention` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `events` ADD `person_hash` text;--> statement-breakpoint
ALTER TABLE `events` ADD `redacted_at` integer;--> statement-breakpoint
CREATE INDEX `events_tenant_person` ON `events` (`tenant_id`,`person_hash`) WHERE person_hash IS NOT NULL;--> statement-breakpoint
CREATE INDEX `events_tenant_customer` ON `events` (`tenant_id`,`external_id`) WHERE kind = 'customer';--> statement-breakpoint
CREATE INDEX `events_tenant_unredacted` ON `events` (`tenant_id`,`id`) WHERE redacted_at IS NULL AND (error IS NOT NULL OR person_hash IS NOT NULL OR attempts > 1 OR status = 'rejected');--> statement-breakpoint
CREATE TABLE `erasures` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`requested_by` text NOT NULL,
	`subject_type` text NOT NULL,
	`subject_hash` text NOT NULL,
	`source_id` text,
	`counts` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `erasures_tenant` ON `erasures` (`tenant_id`,`id`);

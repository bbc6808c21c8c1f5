ALTER TABLE `api_tokens` ADD `expires_at` integer;--> statement-breakpoint
ALTER TABLE `api_tokens` ADD `revoked_at` integer;--> statement-breakpoint
ALTER TABLE `api_tokens` ADD `last_used_at` integer;--> statement-breakpoint
CREATE INDEX `api_tokens_tenant` ON `api_tokens` (`tenant_id`,`id`);--> statement-breakpoint
CREATE TABLE `admin_changes` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text,
	`action` text NOT NULL,
	`target` text,
	`actor_kind` text NOT NULL,
	`actor_token_id` text,
	`actor_role` text NOT NULL,
	`request_id` text NOT NULL,
	`before` text,
	`after` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `admin_changes_tenant` ON `admin_changes` (`tenant_id`,`id`);

CREATE TABLE `api_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`role` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_hash` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `event_timeline` (
	`event_id` text NOT NULL,
	`seq` integer NOT NULL,
	`at` integer NOT NULL,
	`step` text NOT NULL,
	`detail` text,
	PRIMARY KEY(`event_id`, `seq`)
);
--> statement-breakpoint
CREATE TABLE `events` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`source_id` text NOT NULL,
	`provider` text NOT NULL,
	`topic` text NOT NULL,
	`type` text,
	`kind` text,
	`external_id` text,
	`delivery_id` text,
	`version` integer,
	`status` text NOT NULL,
	`status_seq` integer NOT NULL,
	`reason` text,
	`duplicate_of` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`odoo_model` text,
	`odoo_id` integer,
	`error` text,
	`received_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `events_tenant_id` ON `events` (`tenant_id`,`id`);--> statement-breakpoint
CREATE INDEX `events_tenant_status` ON `events` (`tenant_id`,`status`,`id`);--> statement-breakpoint
CREATE INDEX `events_entity` ON `events` (`tenant_id`,`source_id`,`kind`,`external_id`);--> statement-breakpoint
CREATE TABLE `mappings` (
	`tenant_id` text NOT NULL,
	`source_id` text NOT NULL,
	`kind` text NOT NULL,
	`external_id` text NOT NULL,
	`odoo_model` text NOT NULL,
	`odoo_id` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`tenant_id`, `source_id`, `kind`, `external_id`)
);
--> statement-breakpoint
CREATE TABLE `sources` (
	`tenant_id` text NOT NULL,
	`id` text NOT NULL,
	`provider` text NOT NULL,
	`secrets_sealed` text NOT NULL,
	`options` text DEFAULT '{}' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`tenant_id`, `id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `tenants` (
	`id` text PRIMARY KEY NOT NULL,
	`odoo_url` text NOT NULL,
	`odoo_database` text NOT NULL,
	`odoo_login` text NOT NULL,
	`odoo_api_key_sealed` text NOT NULL,
	`odoo_protocol` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);

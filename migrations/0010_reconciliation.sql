CREATE TABLE `source_reconciliations` (
	`tenant_id` text NOT NULL,
	`source_id` text NOT NULL,
	`every_seconds` integer NOT NULL,
	`lookback_hours` integer NOT NULL,
	`watermark` integer,
	`last_slot` integer,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `source_id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `reconciliation_jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`source_id` text NOT NULL,
	`trigger` text NOT NULL,
	`dry_run` integer NOT NULL,
	`state` text NOT NULL,
	`phase` text NOT NULL,
	`since` integer NOT NULL,
	`until` integer NOT NULL,
	`cursor` text,
	`pages` integer DEFAULT 0 NOT NULL,
	`listed` integer DEFAULT 0 NOT NULL,
	`unchanged` integer DEFAULT 0 NOT NULL,
	`fed` integer DEFAULT 0 NOT NULL,
	`written` integer DEFAULT 0 NOT NULL,
	`exceptions` integer DEFAULT 0 NOT NULL,
	`warning` text,
	`error` text,
	`settle_deadline` integer,
	`created_at` integer NOT NULL,
	`finished_at` integer
);
--> statement-breakpoint
CREATE INDEX `reconciliation_jobs_tenant` ON `reconciliation_jobs` (`tenant_id`,`id`);--> statement-breakpoint
CREATE TABLE `reconciliation_pending` (
	`job_id` text NOT NULL,
	`kind` text NOT NULL,
	`external_id` text NOT NULL,
	`event_id` text NOT NULL,
	`listed` text NOT NULL,
	PRIMARY KEY(`job_id`, `kind`, `external_id`)
);
--> statement-breakpoint
CREATE TABLE `reconciliation_exceptions` (
	`id` text NOT NULL,
	`tenant_id` text NOT NULL,
	`source_id` text NOT NULL,
	`kind` text NOT NULL,
	`external_id` text NOT NULL,
	`type` text NOT NULL,
	`job_id` text NOT NULL,
	`odoo_model` text,
	`odoo_id` integer,
	`provider_value` text NOT NULL,
	`odoo_value` text,
	`first_seen_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `source_id`, `kind`, `external_id`, `type`)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reconciliation_exceptions_id` ON `reconciliation_exceptions` (`tenant_id`,`id`);--> statement-breakpoint
CREATE INDEX `reconciliation_exceptions_job` ON `reconciliation_exceptions` (`job_id`,`id`);

-- Business exceptions and alerts (README, "Business exceptions and alerts").
-- The error class of a retrying or dead event (src/audit/error-class.ts), written by the audit
-- consumer with the row, so `?errorClass=` and the exception queries read an index.
ALTER TABLE `events` ADD `error_class` text;--> statement-breakpoint
CREATE INDEX `events_tenant_error_class` ON `events` (`tenant_id`,`error_class`,`id`) WHERE error_class IS NOT NULL;--> statement-breakpoint
-- Exceptions by kind: the events not (yet) written, newest first.
CREATE INDEX `events_tenant_kind_open` ON `events` (`tenant_id`,`kind`,`status`,`id`) WHERE status IN ('accepted', 'queued', 'retrying', 'dead');--> statement-breakpoint
-- The newest event of an entity (is this open event still its newest?).
CREATE INDEX `events_tenant_entity` ON `events` (`tenant_id`,`source_id`,`kind`,`external_id`,`id`) WHERE external_id IS NOT NULL;--> statement-breakpoint
-- The last delivery of each source (source_silent): MAX(received_at) per source from the index.
CREATE INDEX `events_tenant_source_received` ON `events` (`tenant_id`,`source_id`,`received_at`);--> statement-breakpoint
-- Per tenant (control plane): alert rules, notification targets and exception thresholds, one
-- JSON document validated by src/alerts/settings.ts.
CREATE TABLE `alert_settings` (
	`tenant_id` text PRIMARY KEY NOT NULL,
	`config` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);--> statement-breakpoint
-- Alerts: one open (or acknowledged) alert per tenant, rule and subject at a time.
CREATE TABLE `alerts` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`rule_id` text NOT NULL,
	`rule_type` text NOT NULL,
	`subject` text NOT NULL,
	`state` text NOT NULL,
	`message` text NOT NULL,
	`value` integer NOT NULL,
	`opened_at` integer NOT NULL,
	`acknowledged_at` integer,
	`acknowledged_by` text,
	`resolved_at` integer,
	`updated_at` integer NOT NULL
);--> statement-breakpoint
CREATE UNIQUE INDEX `alerts_one_open` ON `alerts` (`tenant_id`,`rule_id`,`subject`) WHERE state != 'resolved';--> statement-breakpoint
CREATE INDEX `alerts_tenant` ON `alerts` (`tenant_id`,`id`);--> statement-breakpoint
-- Outbound webhook notifications (alert opened / resolved), sent and retried by the minute cron.
CREATE TABLE `alert_notifications` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`alert_id` text NOT NULL,
	`type` text NOT NULL,
	`payload` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer,
	`delivered_at` integer,
	`created_at` integer NOT NULL
);--> statement-breakpoint
CREATE INDEX `alert_notifications_due` ON `alert_notifications` (`next_attempt_at`) WHERE next_attempt_at IS NOT NULL;--> statement-breakpoint
CREATE INDEX `alert_notifications_alert` ON `alert_notifications` (`alert_id`);--> statement-breakpoint
-- Every attempt of a notification: when, the HTTP status (null if none) and the error.
CREATE TABLE `alert_notification_attempts` (
	`notification_id` text NOT NULL,
	`attempt` integer NOT NULL,
	`at` integer NOT NULL,
	`status` integer,
	`error` text,
	PRIMARY KEY(`notification_id`, `attempt`)
);--> statement-breakpoint
-- mail.activity records made in the tenant's Odoo for data/config dead events (tenant database):
-- one per event, so a cron run never makes a second one.
CREATE TABLE `odoo_activities` (
	`tenant_id` text NOT NULL,
	`event_id` text NOT NULL,
	`odoo_model` text,
	`odoo_res_id` integer,
	`activity_id` integer,
	`error` text,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `event_id`)
);

-- Fewer D1 rows written per event (issue #11): the audit consumer's tables become WITHOUT ROWID
-- tables keyed by their primary key. A table with a composite primary key and a rowid keeps the
-- key in a second index, so every inserted row was two written rows; keyed by the primary key
-- itself it is one. Same columns, same keys, same data (copied), so every read is unchanged.
CREATE TABLE `timeline_chunks_new` (
	`event_id` text NOT NULL,
	`first_seq` integer NOT NULL,
	`entries` text NOT NULL,
	PRIMARY KEY(`event_id`, `first_seq`)
) WITHOUT ROWID;--> statement-breakpoint
INSERT INTO `timeline_chunks_new` (`event_id`, `first_seq`, `entries`) SELECT `event_id`, `first_seq`, `entries` FROM `timeline_chunks`;--> statement-breakpoint
DROP TABLE `timeline_chunks`;--> statement-breakpoint
ALTER TABLE `timeline_chunks_new` RENAME TO `timeline_chunks`;--> statement-breakpoint
CREATE TABLE `metric_counts_new` (
	`tenant_id` text NOT NULL,
	`source_id` text NOT NULL,
	`kind` text NOT NULL,
	`minute_at` integer NOT NULL,
	`metric` text NOT NULL,
	`label` text NOT NULL,
	`n` integer NOT NULL,
	`sum_ms` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `minute_at`, `source_id`, `kind`, `metric`, `label`)
) WITHOUT ROWID;--> statement-breakpoint
INSERT INTO `metric_counts_new` (`tenant_id`, `source_id`, `kind`, `minute_at`, `metric`, `label`, `n`, `sum_ms`)
SELECT `tenant_id`, `source_id`, `kind`, `minute_at`, `metric`, `label`, `n`, `sum_ms` FROM `metric_counts`;--> statement-breakpoint
DROP TABLE `metric_counts`;--> statement-breakpoint
ALTER TABLE `metric_counts_new` RENAME TO `metric_counts`;--> statement-breakpoint
CREATE TABLE `metric_totals_new` (
	`tenant_id` text NOT NULL,
	`source_id` text NOT NULL,
	`kind` text NOT NULL,
	`metric` text NOT NULL,
	`label` text NOT NULL,
	`n` integer NOT NULL,
	`sum_ms` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `source_id`, `kind`, `metric`, `label`)
) WITHOUT ROWID;--> statement-breakpoint
INSERT INTO `metric_totals_new` (`tenant_id`, `source_id`, `kind`, `metric`, `label`, `n`, `sum_ms`)
SELECT `tenant_id`, `source_id`, `kind`, `metric`, `label`, `n`, `sum_ms` FROM `metric_totals`;--> statement-breakpoint
DROP TABLE `metric_totals`;--> statement-breakpoint
ALTER TABLE `metric_totals_new` RENAME TO `metric_totals`;

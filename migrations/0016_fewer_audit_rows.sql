-- Fewer D1 rows written per accepted event (issue #11, item 4). D1 bills every written row,
-- index entries included.
--
-- 1. Metric rollups: one row per (tenant, minute, source, kind) holding all its metrics as JSON,
--    `counts` = {"[metric,label]": [n, sum_ms]}, instead of one row per metric and label (an
--    event touched ~8 of them in each table). Same keys otherwise; existing counts are copied.
CREATE TABLE `metric_counts_new` (
	`tenant_id` text NOT NULL,
	`source_id` text NOT NULL,
	`kind` text NOT NULL,
	`minute_at` integer NOT NULL,
	`counts` text NOT NULL,
	PRIMARY KEY(`tenant_id`, `minute_at`, `source_id`, `kind`)
) WITHOUT ROWID;--> statement-breakpoint
INSERT INTO `metric_counts_new` (`tenant_id`, `source_id`, `kind`, `minute_at`, `counts`)
SELECT `tenant_id`, `source_id`, `kind`, `minute_at`, json_group_object(json_array(`metric`, `label`), json_array(`n`, `sum_ms`))
FROM `metric_counts` GROUP BY `tenant_id`, `minute_at`, `source_id`, `kind`;--> statement-breakpoint
DROP TABLE `metric_counts`;--> statement-breakpoint
ALTER TABLE `metric_counts_new` RENAME TO `metric_counts`;--> statement-breakpoint
CREATE TABLE `metric_totals_new` (
	`tenant_id` text NOT NULL,
	`source_id` text NOT NULL,
	`kind` text NOT NULL,
	`counts` text NOT NULL,
	PRIMARY KEY(`tenant_id`, `source_id`, `kind`)
) WITHOUT ROWID;--> statement-breakpoint
INSERT INTO `metric_totals_new` (`tenant_id`, `source_id`, `kind`, `counts`)
SELECT `tenant_id`, `source_id`, `kind`, json_group_object(json_array(`metric`, `label`), json_array(`n`, `sum_ms`))
FROM `metric_totals` GROUP BY `tenant_id`, `source_id`, `kind`;--> statement-breakpoint
DROP TABLE `metric_totals`;--> statement-breakpoint
ALTER TABLE `metric_totals_new` RENAME TO `metric_totals`;

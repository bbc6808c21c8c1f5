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
	`last_received_at` integer,
	PRIMARY KEY(`tenant_id`, `source_id`, `kind`)
) WITHOUT ROWID;--> statement-breakpoint
INSERT INTO `metric_totals_new` (`tenant_id`, `source_id`, `kind`, `counts`)
SELECT `tenant_id`, `source_id`, `kind`, json_group_object(json_array(`metric`, `label`), json_array(`n`, `sum_ms`))
FROM `metric_totals` GROUP BY `tenant_id`, `source_id`, `kind`;--> statement-breakpoint
DROP TABLE `metric_totals`;--> statement-breakpoint
ALTER TABLE `metric_totals_new` RENAME TO `metric_totals`;
--> statement-breakpoint
-- 2. Events: a WITHOUT ROWID table keyed by its id (a text primary key on a rowid table is kept
--    in a second b-tree, so every insert wrote two rows before any index), and the (tenant,
--    status) index only for statuses other than `delivered` and `duplicate`: the most common
--    statuses gain nothing from it (a newest-first listing of them finds them on the (tenant, id)
--    index a few rows apart) and every such event paid an index entry. Queries of other statuses
--    carry the index's predicate so SQLite uses it (db/schema.ts, whereStatus).
--    Same columns and data, copied; the other indexes as before but 2b to 2e. One column
--    more, `timeline`: each audit message adds its timeline entries to the event's row in the
--    same write as its state, instead of a `timeline_chunks` row (one written row per message).
--    Existing chunks stay where they are and are read with the row's entries.
CREATE TABLE `events_new` (
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
	`updated_at` integer NOT NULL,
	`replay_of` text,
	`person_hash` text,
	`redacted_at` integer,
	`error_class` text,
	`timeline` text
) WITHOUT ROWID;--> statement-breakpoint
INSERT INTO `events_new` (`id`, `tenant_id`, `source_id`, `provider`, `topic`, `type`, `kind`, `external_id`, `delivery_id`, `version`,
	`status`, `status_seq`, `reason`, `duplicate_of`, `attempts`, `odoo_model`, `odoo_id`, `error`, `received_at`, `updated_at`,
	`replay_of`, `person_hash`, `redacted_at`, `error_class`)
SELECT `id`, `tenant_id`, `source_id`, `provider`, `topic`, `type`, `kind`, `external_id`, `delivery_id`, `version`,
	`status`, `status_seq`, `reason`, `duplicate_of`, `attempts`, `odoo_model`, `odoo_id`, `error`, `received_at`, `updated_at`,
	`replay_of`, `person_hash`, `redacted_at`, `error_class` FROM `events`;--> statement-breakpoint
DROP TABLE `events`;--> statement-breakpoint
ALTER TABLE `events_new` RENAME TO `events`;--> statement-breakpoint
CREATE INDEX `events_tenant_id` ON `events` (`tenant_id`,`id`);--> statement-breakpoint
CREATE INDEX `events_tenant_status` ON `events` (`tenant_id`,`status`,`id`) WHERE status NOT IN ('delivered', 'duplicate');--> statement-breakpoint
CREATE INDEX `events_tenant_person` ON `events` (`tenant_id`,`person_hash`) WHERE person_hash IS NOT NULL;--> statement-breakpoint
-- 2c. `events_tenant_customer` is not recreated: SQLite's planner finds a customer's events by
--     external id on `events_tenant_entity` (it chose that one with both present), so the
--     customer-only index was a written row per customer event that no query read.
-- 2d. `events_tenant_unredacted` no longer holds rows whose only personal data is the person's
--     hash (nearly every event carries one): the retention sweep finds those on
--     `events_tenant_person`, whose rows are exactly the hashes not yet redacted.
CREATE INDEX `events_tenant_unredacted` ON `events` (`tenant_id`,`id`) WHERE redacted_at IS NULL AND (error IS NOT NULL OR attempts > 1 OR status = 'rejected');--> statement-breakpoint
CREATE INDEX `events_tenant_error_class` ON `events` (`tenant_id`,`error_class`,`id`) WHERE error_class IS NOT NULL;--> statement-breakpoint
-- 2e. `events_tenant_kind_open` (tenant, kind, status, id) for the open statuses is not recreated:
--     those rows are in `events_tenant_status`, which every query of open events reads (the
--     exceptions' query included, it carries the status index's predicate), so a write queued,
--     then delivered wrote and deleted two index entries where one does.
CREATE INDEX `events_tenant_entity` ON `events` (`tenant_id`,`source_id`,`kind`,`external_id`,`id`) WHERE external_id IS NOT NULL;--> statement-breakpoint
-- 2b. `events_tenant_source_received` is not recreated: it served one query, when each source last
--     received a delivery (the silent-source exception), now kept by the metric totals per source
--     and kind (`last_received_at`, updated in the audit batch's totals upsert, no extra row).
--     Filled here from the events (refused deliveries excluded, as the query did).
INSERT INTO `metric_totals` (`tenant_id`, `source_id`, `kind`, `counts`, `last_received_at`)
SELECT * FROM (
	SELECT `tenant_id`, `source_id`, COALESCE(`kind`, ''), '{}', MAX(`received_at`) FROM `events`
	WHERE `status` != 'rejected' GROUP BY `tenant_id`, `source_id`, COALESCE(`kind`, '')
) WHERE true
ON CONFLICT (`tenant_id`, `source_id`, `kind`) DO UPDATE SET `last_received_at` = excluded.`last_received_at`;
--> statement-breakpoint
-- 3. Mappings (written by the Odoo writers, several per order): WITHOUT ROWID keyed by their
--    primary key, so a new mapping is the row and its (odoo_model, odoo_id) entry, not also a
--    second b-tree for the composite key. Same columns, keys and data (copied). The by-record index
--    only for the kinds the way back looks up by Odoo record (db/schema.ts, WAY_BACK_KINDS): an
--    address, payment, refund, invoice or ticket mapping is one written row.
CREATE TABLE `mappings_new` (
	`tenant_id` text NOT NULL,
	`source_id` text NOT NULL,
	`kind` text NOT NULL,
	`external_id` text NOT NULL,
	`odoo_model` text NOT NULL,
	`odoo_id` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`tenant_id`, `source_id`, `kind`, `external_id`)
) WITHOUT ROWID;--> statement-breakpoint
INSERT INTO `mappings_new` (`tenant_id`, `source_id`, `kind`, `external_id`, `odoo_model`, `odoo_id`, `created_at`, `updated_at`)
SELECT `tenant_id`, `source_id`, `kind`, `external_id`, `odoo_model`, `odoo_id`, `created_at`, `updated_at` FROM `mappings`;--> statement-breakpoint
DROP TABLE `mappings`;--> statement-breakpoint
ALTER TABLE `mappings_new` RENAME TO `mappings`;--> statement-breakpoint
CREATE INDEX `mappings_by_odoo_record` ON `mappings` (`tenant_id`, `source_id`, `odoo_model`, `odoo_id`) WHERE kind IN ('company', 'customer', 'deal', 'order', 'variant');

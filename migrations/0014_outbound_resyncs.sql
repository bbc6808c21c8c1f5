-- The way back's resyncs (src/outbound/resync.ts): push the current Odoo state of one outbound
-- flow through the usual path, one Odoo model at a time, paged by id.
CREATE TABLE `outbound_resyncs` (
  `id` text PRIMARY KEY NOT NULL,
  `tenant_id` text NOT NULL,
  `source_id` text NOT NULL,
  `flow` text NOT NULL,
  `dry_run` integer NOT NULL,
  `state` text NOT NULL,
  `model_index` integer DEFAULT 0 NOT NULL,
  `after_id` integer DEFAULT 0 NOT NULL,
  `pages` integer DEFAULT 0 NOT NULL,
  `listed` integer DEFAULT 0 NOT NULL,
  `entities` integer DEFAULT 0 NOT NULL,
  `fed` integer DEFAULT 0 NOT NULL,
  `error` text,
  `created_at` integer NOT NULL,
  `finished_at` integer
);
CREATE INDEX `outbound_resyncs_tenant` ON `outbound_resyncs` (`tenant_id`, `id`);

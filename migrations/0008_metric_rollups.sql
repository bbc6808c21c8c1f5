-- Metrics (src/metrics/): counts per tenant, source, kind and minute, added by the audit consumer
-- in the same D1 batch as the audit rows it writes (so in the tenant's regional database).
-- `metric` is a counter (received, accepted, ...) or a latency histogram bucket (ack_ms, e2e_ms,
-- odoo_ms, with `label` = the bucket's upper bound in ms); `label` also holds a rejection's reason
-- or an Odoo attempt's outcome. `kind` is '' for events without one (rejected deliveries).
CREATE TABLE `metric_counts` (
	`tenant_id` text NOT NULL,
	`source_id` text NOT NULL,
	`kind` text NOT NULL,
	`minute_at` integer NOT NULL,
	`metric` text NOT NULL,
	`label` text NOT NULL,
	`n` integer NOT NULL,
	`sum_ms` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `minute_at`, `source_id`, `kind`, `metric`, `label`)
);--> statement-breakpoint
-- The same counts since the beginning, without the minute: what GET /metrics exposes as
-- Prometheus counters without summing every minute row at each scrape.
CREATE TABLE `metric_totals` (
	`tenant_id` text NOT NULL,
	`source_id` text NOT NULL,
	`kind` text NOT NULL,
	`metric` text NOT NULL,
	`label` text NOT NULL,
	`n` integer NOT NULL,
	`sum_ms` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `source_id`, `kind`, `metric`, `label`)
);

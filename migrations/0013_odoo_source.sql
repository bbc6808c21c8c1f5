-- Odoo as a source (src/odoo/source/poller.ts): per tenant, Odoo source, flow and watched model,
-- how far the poller has listed Odoo's changes. `write_date` is the newest write_date listed (Odoo's
-- naive UTC text, to the second); each poll lists again from `write_date` minus an overlap window.
-- A run that stopped on its page budget leaves `cursor_date`/`cursor_id` (the next page's start) and
-- the next run continues there.
CREATE TABLE `odoo_poll_watermarks` (
	`tenant_id` text NOT NULL,
	`source_id` text NOT NULL,
	`flow` text NOT NULL,
	`model` text NOT NULL,
	`write_date` text NOT NULL,
	`cursor_date` text,
	`cursor_id` integer,
	`polled_at` integer NOT NULL,
	`listed` integer DEFAULT 0 NOT NULL,
	`error` text,
	PRIMARY KEY(`tenant_id`, `source_id`, `flow`, `model`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);

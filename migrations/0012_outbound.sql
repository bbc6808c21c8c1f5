-- The way back (src/outbound/): Odoo record -> the provider's id it came from (a shipment finds
-- the shop order of its sale order).
CREATE INDEX `mappings_by_odoo_record` ON `mappings` (`tenant_id`, `source_id`, `odoo_model`, `odoo_id`);

-- What the router last wrote at each provider object (src/db/outbound-ledger.ts): a flow writes
-- only the difference, a retry only what is still missing, and a provider webhook reporting this
-- value back soon after is recorded `echo` (src/outbound/echo.ts).
CREATE TABLE `outbound_ledger` (
  `tenant_id` text NOT NULL,
  `source_id` text NOT NULL,
  `object_key` text NOT NULL,
  `value` text NOT NULL,
  `written_at` integer NOT NULL,
  `event_id` text NOT NULL,
  `link` text,
  PRIMARY KEY(`tenant_id`, `source_id`, `object_key`)
);

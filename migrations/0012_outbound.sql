-- The way back (src/outbound/): Odoo record -> the provider's id it came from (a shipment finds
-- the shop order of its sale order).
CREATE INDEX `mappings_by_odoo_record` ON `mappings` (`tenant_id`, `source_id`, `odoo_model`, `odoo_id`);

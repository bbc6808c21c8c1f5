-- Data residency: the tenant's region ('eu', 'fedramp'; NULL = Cloudflare's default placement).
-- Fixed once the tenant has sources or events: its Durable Objects cannot move between jurisdictions.
ALTER TABLE `tenants` ADD `region` text;

/**
 * The tenant as the write consumer needs it: its Odoo connection, delivery settings and the routing
 * in force. Every queue batch reads them, with ONE raw statement (the tenant row and its newest
 * routing together), and decodes them (API key opened, settings and routing parsed by zod) only
 * when what it read differs from what this isolate decoded last time.
 *
 * Why not a time-limited cache: an admin's PUT of the tenant or its routing must apply to the next
 * write, on every isolate. Comparing the stored text itself (not a time stamp or a counter) leaves
 * no staleness at all: whatever changed in the row or the routing, the next batch decodes anew.
 * What the cache saves is the CPU of the decoding (an AES-GCM open, two zod parses) and one D1
 * statement and drizzle's query building per batch; the read itself stays.
 */
import type { Env } from "../env";
import { routingOf, type VersionedRouting } from "./routings";
import { tenantDeliveryOf, type TenantDelivery } from "./tenants";

export type WriteTenant = TenantDelivery & { routing: VersionedRouting };

interface Row {
  odoo_url: string;
  odoo_database: string;
  odoo_login: string;
  odoo_protocol: "jsonrpc" | "json2";
  odoo_api_key_sealed: string;
  delivery: string;
  routing_version: number | null;
  routing_config: string | null;
}

// The newest routing by the primary key (tenant_id, version); none: the defaults (routings.ts).
const TENANT_AND_ROUTING = `SELECT t.odoo_url, t.odoo_database, t.odoo_login, t.odoo_protocol, t.odoo_api_key_sealed, t.delivery,
  r.version AS routing_version, r.config AS routing_config
  FROM tenants t LEFT JOIN routings r
    ON r.tenant_id = t.id AND r.version = (SELECT MAX(version) FROM routings WHERE tenant_id = t.id)
  WHERE t.id = ?`;

const TENANT_COLUMNS = ["odoo_url", "odoo_database", "odoo_login", "odoo_protocol", "odoo_api_key_sealed", "delivery"] as const;

/** The text a decoded tenant was decoded from, per tenant. */
const decoded = new Map<string, { row: Row; tenant: WriteTenant }>();
/** Tenants kept at most (an isolate serving more starts afresh, as the other isolate caches do). */
const MAX_TENANTS = 10_000;

/** The tenant's connection, settings and routing; null when it has none (no such tenant). */
export async function loadWriteTenant(env: Env, tenantId: string): Promise<WriteTenant | null> {
  const row = await env.DB.prepare(TENANT_AND_ROUTING).bind(tenantId).first<Row>();
  if (!row) {
    decoded.delete(tenantId);
    return null;
  }
  const known = decoded.get(tenantId);
  const sameTenant = known !== undefined && TENANT_COLUMNS.every((column) => known.row[column] === row[column]);
  const sameRouting = known !== undefined && known.row.routing_version === row.routing_version && known.row.routing_config === row.routing_config;
  if (sameTenant && sameRouting) return known.tenant;
  const delivery = sameTenant
    ? { connection: known.tenant.connection, settings: known.tenant.settings }
    : await tenantDeliveryOf(env, tenantId, {
        odooUrl: row.odoo_url,
        odooDatabase: row.odoo_database,
        odooLogin: row.odoo_login,
        odooProtocol: row.odoo_protocol,
        odooApiKeySealed: row.odoo_api_key_sealed,
        delivery: JSON.parse(row.delivery) as Record<string, unknown>,
      });
  const routing = sameRouting
    ? known.tenant.routing
    : routingOf(row.routing_version === null ? null : { version: row.routing_version, config: JSON.parse(row.routing_config!) });
  const tenant = { ...delivery, routing };
  if (decoded.size >= MAX_TENANTS) decoded.clear();
  decoded.set(tenantId, { row, tenant });
  return tenant;
}

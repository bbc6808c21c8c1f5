/**
 * The link to a record in the tenant's Odoo web client, for the audit API's event detail (and the
 * console that shows it): `{odoo url}/odoo/{model}/{id}`, the URL scheme of Odoo's web client
 * since 17.2. The Odoo URL is configuration, not a secret: the API key stays sealed and unread.
 */
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { Env } from "../env";
import { tenants } from "./schema";

export function odooRecordUrl(odooUrl: string, record: { model: string; id: number }): string {
  return `${odooUrl.replace(/\/+$/, "")}/odoo/${encodeURIComponent(record.model)}/${record.id}`;
}

/** The record link, or null when the tenant (deleted meanwhile) has no Odoo URL. */
export async function linkToOdooRecord(env: Env, tenantId: string, record: { model: string; id: number }): Promise<string | null> {
  const odooUrl = await tenantOdooUrl(env, tenantId);
  return odooUrl ? odooRecordUrl(odooUrl, record) : null;
}

/** The tenant's Odoo URL (null when the tenant is gone), for linking many records at once. */
export async function tenantOdooUrl(env: Env, tenantId: string): Promise<string | null> {
  const row = await drizzle(env.DB).select({ odooUrl: tenants.odooUrl }).from(tenants).where(eq(tenants.id, tenantId)).get();
  return row?.odooUrl ?? null;
}

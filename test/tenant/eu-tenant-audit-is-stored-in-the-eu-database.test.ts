import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { createTenant, postShopify, readToken, call, waitForStatus } from "../support/router";
import { shopifyOrder } from "../support/shopify";

const count = async (db: D1Database, table: "events" | "mappings", tenant: string) =>
  (await db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE tenant_id = ?`).bind(tenant).first<{ n: number }>())!.n;
/** Timeline entries of the tenant's events (on their rows since migrations/0016). */
const timelineEntries = async (db: D1Database, tenant: string) =>
  (await db.prepare("SELECT SUM(json_array_length(timeline)) AS n FROM events WHERE tenant_id = ?").bind(tenant).first<{ n: number | null }>())!.n ?? 0;

it("an EU tenant's audit trail and mappings are written to the EU database, never the default one, and read back from it", async () => {
  const t = await createTenant({ region: "eu" });
  const { eventId } = (await (await postShopify(t, "orders/create", shopifyOrder())).json()) as { eventId: string };

  // The audit API (a tenant token, as a customer reads it) finds the delivered order in the EU database.
  const event = await waitForStatus(t, eventId, ["delivered", "dead"]);
  expect(event).toMatchObject({ status: "delivered", odoo: { model: "sale.order" } });
  const token = await readToken(t);
  const list = (await (await call(`/v1/tenants/${t.tenant}/events`, { token })).json()) as { items: { id: string }[] };
  expect(list.items.map((e) => e.id)).toEqual([eventId]);
  const health = (await (await call(`/v1/tenants/${t.tenant}/health`, { token })).json()) as Record<string, unknown>;
  // Health reads the EU gate (the default namespace's gate of this tenant never saw a write).
  expect(health).toMatchObject({ status: "ok", odoo: { lastSuccessAt: expect.any(String) } });

  const eu = env.DB_EU!;
  expect(await count(eu, "events", t.tenant)).toBe(1);
  expect(await timelineEntries(eu, t.tenant)).toBeGreaterThan(0);
  // The order, its customer and its two products.
  expect(await count(eu, "mappings", t.tenant)).toBe(4);
  for (const table of ["events", "mappings"] as const) {
    expect(await count(env.DB, table, t.tenant)).toBe(0);
    expect(await count(env.DB_FEDRAMP!, table, t.tenant)).toBe(0);
  }
});

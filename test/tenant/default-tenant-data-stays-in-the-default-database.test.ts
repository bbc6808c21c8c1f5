import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { entityName } from "../../src/entity/entity-name";
import { ADMIN_TOKEN, call, createTenant, postShopify, waitForStatus } from "../support/router";
import { shopifyOrder } from "../support/shopify";

const rows = async (db: D1Database, table: "events" | "mappings", tenant: string) =>
  (await db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE tenant_id = ?`).bind(tenant).first<{ n: number }>())!.n;

it("a tenant without a region keeps its objects in the default namespace and its data in DB, with no region on its messages", async () => {
  const t = await createTenant();
  const order = shopifyOrder();
  const { eventId } = (await (await postShopify(t, "orders/create", order)).json()) as { eventId: string };
  expect((await waitForStatus(t, eventId, ["delivered", "dead"])).status).toBe("delivered");

  const stored = await runInDurableObject(env.ENTITY.getByName(entityName(t.tenant, t.source, "order", String(order.id))), (_i, state) =>
    state.storage.sql.exec<{ identity: string }>("SELECT identity FROM events").toArray().map((r) => JSON.parse(r.identity) as object),
  );
  // Stored exactly as before regions existed: no region field, so older code reads it the same.
  expect(stored).toEqual([expect.objectContaining({ id: eventId })]);
  expect(stored[0]).not.toHaveProperty("region");

  expect(await rows(env.DB, "events", t.tenant)).toBe(1);
  expect(await rows(env.DB, "mappings", t.tenant)).toBe(4);
  for (const db of [env.DB_EU!, env.DB_FEDRAMP!]) {
    expect(await rows(db, "events", t.tenant)).toBe(0);
    expect(await rows(db, "mappings", t.tenant)).toBe(0);
  }

  // Its PUT answer says so; a PUT that leaves `region` out keeps it (clients that predate regions).
  const again = await call(`/v1/admin/tenants/${t.tenant}`, {
    method: "PUT",
    token: ADMIN_TOKEN,
    body: JSON.stringify({ odoo: { url: t.odooUrl, database: "acme", login: "router@acme.test", apiKey: "test-api-key" } }),
  });
  expect(again.status).toBe(200);
  expect(await again.json()).toMatchObject({ tenant: t.tenant, region: null });
});

import { describe, expect, it } from "vitest";
import { ADMIN_TOKEN, call, createTenant, odooCalls, odooRecords, postShopify, waitForStatus } from "../support/router";
import { shopifyCustomer, shopifyOrder } from "../support/shopify";

const putRouting = (tenant: string, body: object) =>
  call(`/v1/admin/tenants/${tenant}/routing`, { method: "PUT", token: ADMIN_TOKEN, body: JSON.stringify(body) });

describe("a tenant's routing", () => {
  it("is versioned, validated, and its field mappings are written and traced to the version", async () => {
    const t = await createTenant();
    expect((await putRouting(t.tenant, { fields: { customer: [{ from: "data.email", to: "comment" }] } })).status).toBe(201);
    const second = await putRouting(t.tenant, { fields: { customer: [{ from: "data.email", to: "comment", transform: "upper" }] } });
    expect(await second.json()).toMatchObject({ version: 2 });
    const current = (await (await call(`/v1/admin/tenants/${t.tenant}/routing`, { token: ADMIN_TOKEN })).json()) as { version: number };
    expect(current.version).toBe(2);
    const bad = await putRouting(t.tenant, { fields: {}, colour: "blue" });
    expect(bad.status).toBe(422);
    // A mapping may not overwrite the reference records are found by (a retry would duplicate them).
    expect((await putRouting(t.tenant, { fields: { customer: [{ from: "data.email", to: "ref" }] } })).status).toBe(422);

    const { eventId } = (await (await postShopify(t, "customers/create", shopifyCustomer())).json()) as { eventId: string };
    const event = await waitForStatus(t, eventId, ["delivered", "dead"]);
    expect(event.status).toBe("delivered");
    expect(event.timeline?.find((e) => e.step === "odoo_attempt")?.detail?.routingVersion).toBe(2);
    const [partner] = await odooRecords<{ comment: string }>(t, "res.partner");
    expect(partner?.comment).toBe("BOB.DOE@EXAMPLE.TEST");
  });

  it("with productNotFound 'dead', an order naming a product Odoo lacks is dead with the SKU, and creates nothing", async () => {
    const t = await createTenant();
    await putRouting(t.tenant, { productNotFound: "dead" });
    const { eventId } = (await (await postShopify(t, "orders/create", shopifyOrder())).json()) as { eventId: string };
    const event = await waitForStatus(t, eventId, ["delivered", "dead"]);
    expect(event.status).toBe("dead");
    expect(event.error?.message).toContain('product "MUG-RED" is not in Odoo');
    expect(await odooRecords(t, "sale.order")).toHaveLength(0);
    expect(await odooRecords(t, "product.product")).toHaveLength(0);
  });

  it("with a companyId, orders are created in that company", async () => {
    const t = await createTenant();
    await putRouting(t.tenant, { companyId: 1 });
    // The delivery's calls: not those of the Odoo check PUT tenant ran before the routing existed.
    const earlier = (await odooCalls(t)).length;
    const { eventId } = (await (await postShopify(t, "orders/create", shopifyOrder())).json()) as { eventId: string };
    expect((await waitForStatus(t, eventId, ["delivered", "dead"])).status).toBe("delivered");
    const [order] = await odooRecords<{ company_id: unknown }>(t, "sale.order");
    expect(order?.company_id).toBe(1);
    const objectCalls = (await odooCalls(t)).slice(earlier).filter((c) => c.model) as { kwargs?: { context?: { allowed_company_ids?: number[] } } }[];
    expect(objectCalls.length).toBeGreaterThan(0);
    expect(objectCalls.every((c) => c.kwargs?.context?.allowed_company_ids?.[0] === 1)).toBe(true);
  });
});

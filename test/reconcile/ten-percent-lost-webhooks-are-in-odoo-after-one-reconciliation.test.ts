/**
 * The scenario of issue #14: WooCommerce webhooks of N orders, 10 % never delivered, some delivered
 * twice, some late (an older version after a newer one), some updates lost. After one
 * reconciliation every order is in Odoo at its newest version, with no duplicate, and the
 * exceptions name exactly the record that still differs (an order whose total was changed by hand
 * in Odoo). The shop's request limit was never exceeded.
 */
import { expect, it } from "vitest";
import { ADMIN_TOKEN, call, createTenant, odooExecute, odooSearchRead, waitForStatus, type TestTenant } from "../support/router";
import { uniqueId } from "../support/shopify";
import { wooSignature } from "../support/signing";
import { putSource } from "../support/sources";
import { WOO_SECRET } from "../support/woocommerce";
import fixture from "../fixtures/woocommerce/order.json";

const N = 30;
const T0 = Date.now() - 3600_000;
const gmt = (ms: number) => new Date(ms).toISOString().slice(0, 19);

/** An unpaid order (a quotation in Odoo, so a newer version may change its lines) of `qty` mugs at 10.00, no tax. */
function wooOrder(id: number, modifiedAt: number, qty: number) {
  const amount = (qty * 10).toFixed(2);
  return {
    ...fixture,
    id,
    number: String(id),
    status: "on-hold",
    customer_id: 0,
    date_paid_gmt: null,
    date_created_gmt: gmt(T0),
    date_modified_gmt: gmt(modifiedAt),
    line_items: [
      { id: id * 10, name: "Mug", product_id: 501, variation_id: 0, quantity: qty, tax_class: "", subtotal: amount, subtotal_tax: "0.00", total: amount, total_tax: "0.00", taxes: [], meta_data: [], sku: "MUG-1", price: 10 },
    ],
    shipping_lines: [],
    tax_lines: [],
    fee_lines: [],
    coupon_lines: [],
    shipping_total: "0.00",
    shipping_tax: "0.00",
    discount_total: "0.00",
    cart_tax: "0.00",
    total_tax: "0.00",
    total: amount,
  };
}

async function deliver(t: TestTenant, topic: string, payload: unknown): Promise<{ status: number; eventId: string }> {
  const body = JSON.stringify(payload);
  const response = await call(`/webhooks/${t.tenant}/woo`, {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json",
      "x-wc-webhook-topic": topic,
      "x-wc-webhook-id": "12",
      "x-wc-webhook-delivery-id": crypto.randomUUID(),
      "x-wc-webhook-signature": await wooSignature(body, WOO_SECRET),
    },
  });
  return { status: response.status, eventId: ((await response.json()) as { eventId: string }).eventId };
}

it("after one reconciliation every order is in Odoo at its newest version, once, and only the hand-changed one is an exception", { timeout: 180_000 }, async () => {
  const t = await createTenant();
  const shop = `https://${uniqueId("shop")}.woo.test`;
  await fetch(`${shop}/__fake/seed`, { method: "POST", body: JSON.stringify({ consumerKey: "ck_scenario", consumerSecret: "cs_scenario" }) });
  const put = await putSource(t, "woo", {
    provider: "woocommerce",
    secrets: [WOO_SECRET],
    options: { currency: "USD" },
    api: { consumerKey: "ck_scenario", consumerSecret: "cs_scenario", baseUrl: shop },
  } as Parameters<typeof putSource>[2]);
  expect(put.status).toBe(201);

  // The shop: every order at v1; a third also have a v2 (one more mug), the newest is upstream.
  const orders = Array.from({ length: N }, (_, i) => {
    const id = 7001 + i;
    const v1 = wooOrder(id, T0 + i * 1000, 1 + (i % 3));
    const v2 = i % 3 === 0 ? wooOrder(id, T0 + 600_000 + i * 1000, 2 + (i % 3)) : null;
    return { i, id, v1, v2, newest: v2 ?? v1 };
  });
  await fetch(`${shop}/__fake/seed`, { method: "POST", body: JSON.stringify({ orders: orders.map((o) => o.newest) }) });

  const lost = orders.filter((o) => o.i < N / 10); // 10 %: never delivered at all
  const updateLost = orders.filter((o) => o.v2 && o.i % 6 === 0 && !lost.includes(o)); // v1 delivered, v2 lost
  const accepted: string[] = [];
  for (const o of orders) {
    if (lost.includes(o)) continue;
    if (o.v2 && !updateLost.includes(o)) {
      // Late: the update first, then the creation (stale by the time it comes).
      accepted.push((await deliver(t, "order.updated", o.v2)).eventId);
      accepted.push((await deliver(t, "order.created", o.v1)).eventId);
    } else {
      accepted.push((await deliver(t, "order.created", o.v1)).eventId);
    }
    if (o.i % 5 === 1) expect((await deliver(t, "order.created", o.v1)).status).toBe(200); // twice: a duplicate
  }
  for (const id of accepted) expect(["delivered", "stale"]).toContain((await waitForStatus(t, id, ["delivered", "stale", "dead"], 60_000)).status);

  // Someone changes an order's price in Odoo by hand: Odoo now differs from the shop.
  const handChanged = orders.find((o) => o.i === 10)!;
  const [changedOrder] = await odooExecute<{ id: number }[]>(t, "sale.order", "search_read", [[["client_order_ref", "=", `#${handChanged.id}`]]], { fields: ["id"] });
  const lineIds = await odooExecute<number[]>(t, "sale.order.line", "search", [[["order_id", "=", changedOrder!.id]]]);
  await odooExecute(t, "sale.order.line", "write", [lineIds, { price_unit: 12 }]);

  const started = await call(`/v1/tenants/${t.tenant}/reconciliations`, { method: "POST", token: ADMIN_TOKEN, body: JSON.stringify({ source: "woo" }) });
  expect(started.status).toBe(202);
  const { id: jobId } = (await started.json()) as { id: string };
  let job: { state: string; error: string | null; counts: Record<string, number>; exceptions: { items: Record<string, unknown>[] } };
  const deadline = Date.now() + 120_000;
  do {
    await new Promise((r) => setTimeout(r, 500));
    job = (await (await call(`/v1/tenants/${t.tenant}/reconciliations/${jobId}`, { token: ADMIN_TOKEN })).json()) as typeof job;
  } while (job.state === "running" && Date.now() < deadline);
  expect(job.error).toBeNull();
  expect(job.state).toBe("done");
  const fed = lost.length + updateLost.length;
  expect(job.counts).toMatchObject({ listed: N, fed, unchanged: N - fed, written: fed, exceptions: 1 });

  // Every order once, at its newest version (its amount), the hand-changed one as Odoo has it.
  const saleOrders = await odooSearchRead<{ client_order_ref: string; amount_total: number }>(t, "sale.order", ["client_order_ref", "amount_total"]);
  expect(saleOrders).toHaveLength(N);
  expect(new Set(saleOrders.map((s) => s.client_order_ref)).size).toBe(N);
  for (const o of orders) {
    const saved = saleOrders.find((s) => s.client_order_ref === `#${o.id}`);
    const qty = o.newest.line_items[0]!.quantity;
    expect(saved?.amount_total).toBe(o === handChanged ? qty * 12 : qty * 10);
  }

  // The exceptions name exactly the record that still differs, with both values.
  const listing = (await (await call(`/v1/tenants/${t.tenant}/reconciliation-exceptions?source=woo`, { token: ADMIN_TOKEN })).json()) as { items: Record<string, unknown>[] };
  expect(listing.items).toHaveLength(1);
  expect(listing.items[0]).toMatchObject({
    kind: "order",
    externalId: String(handChanged.id),
    type: "amount_differs",
    provider: { amount: handChanged.newest.line_items[0]!.quantity * 10, currency: "USD" },
    odooValue: { amount: handChanged.newest.line_items[0]!.quantity * 12 },
  });
  expect(job.exceptions.items.map((e) => e.externalId)).toEqual([String(handChanged.id)]);

  // The shop's request limit was never exceeded.
  const counters = (await (await fetch(`${shop}/__fake/counters`)).json()) as { served429: number; calls: number };
  expect(counters.served429).toBe(0);
  expect(counters.calls).toBeGreaterThan(0);
});

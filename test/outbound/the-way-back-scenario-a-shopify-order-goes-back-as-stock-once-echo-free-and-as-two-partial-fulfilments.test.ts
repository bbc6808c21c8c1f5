// The scenario (#17), through the router from outside as a user would: a signed Shopify
// order arrives and is written into Odoo, paid so confirmed, and its confirmation reserves stock;
// the stock.quant change reaches the router as Odoo's webhook call (provisioned automations,
// relayed by the test: the emulator cannot reach the test worker) and Shopify gets the new free
// quantity once; Shopify's inventory_levels/update about that write comes back signed and is
// recorded `echo`, nothing written; the delivery is validated in Odoo in two parts with tracking
// and Shopify gets two partial fulfilments, the second without a duplicate after a lost answer.
import { describe, expect, it, vi } from "vitest";
import { odooWebhookCalls, provisionAutomations, putOdooSource, relayOdooCallbacks } from "../support/odoo-callbacks";
import { ADMIN_TOKEN, call, createTenant, getEvent, odooCalls, odooExecute, postShopify, waitForStatus, type TestTenant } from "../support/router";
import type { FakeFulfillment } from "../support/shipment";
import { shopifyOrder, uniqueId } from "../support/shopify";
import type { ShopInventory } from "../support/shopify-inventory";
import { putSource } from "../support/sources";

const ORDER_ID = "5820982911946";
const ITEM = "gid://shopify/InventoryItem/501";
const LOCATION = "gid://shopify/Location/1";
/** Statuses an event does not leave (anything else is still on its way). */
const SETTLED = new Set(["delivered", "ignored", "dead", "duplicate", "stale", "superseded", "rejected", "echo"]);
const ODOO_WRITES = new Set(["create", "write", "unlink", "action_confirm", "action_cancel", "action_post", "button_validate"]);

async function json<T>(url: string, body?: unknown): Promise<T> {
  const init = body === undefined ? {} : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

type Listed = { items: { id: string; status: string; kind?: string; deliveryId: string }[] };
const outboundEvents = async (t: TestTenant) =>
  ((await (await call(`/v1/tenants/${t.tenant}/events?direction=outbound&limit=100`, { token: ADMIN_TOKEN })).json()) as Listed).items;

/**
 * Relays to the router the webhook calls Odoo made since `afterSeq` (as Odoo would have posted
 * them) and waits until every outbound event they created has settled. Returns the last call's seq.
 */
async function relayAndSettle(t: TestTenant, afterSeq: number): Promise<number> {
  const calls = await vi.waitUntil(async () => {
    const made = (await odooWebhookCalls(t)).filter((c) => c.seq > afterSeq);
    return made.length ? made : null;
  }, { timeout: 10_000, interval: 50 });
  const relayed = await relayOdooCallbacks(t, { afterSeq });
  expect(relayed.map((r) => r.status).every((s) => s === 202 || s === 200)).toBe(true);
  const ids = [...new Set(relayed.map((r) => String(r.body.eventId ?? "")).filter(Boolean))];
  for (const id of ids) await waitForStatus(t, id, [...SETTLED], 30_000);
  await vi.waitUntil(async () => (await outboundEvents(t)).every((e) => SETTLED.has(e.status)), { timeout: 30_000, interval: 100 });
  return Math.max(...calls.map((c) => c.seq));
}

describe.each(["18.0", "17.0", "19.0"])("Odoo %s", (version) => {
  it("a Shopify order goes back to Shopify as its reserved stock once (its webhook an echo) and as two partial fulfilments, none duplicated", async () => {
    // Retries come at once (a lost answer is retried by the delivery step, not by the test).
    const t = await createTenant({ odooVersion: version, delivery: { retry: { baseSeconds: 0, maxDelaySeconds: 1 } } });
    const rpc = <T>(model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}) => odooExecute<T>(t, model, method, args, kwargs);

    // Odoo: a storable mug with 20 in WH, a carrier with a tracking URL.
    const storable = version === "17.0" ? { type: "product" } : { is_storable: true };
    await rpc("product.template", "create", [{ name: "Mug - Red", default_code: "MUG-RED", ...storable }]);
    const [product] = await rpc<number[]>("product.product", "search", [[["default_code", "=", "MUG-RED"]]]);
    await json(`${t.odooUrl}/__emulator/stock`, { product_id: product, warehouse: "WH", quantity: 20 });
    const shippingTemplate = await rpc<number>("product.template", "create", [{ name: "Shipping", type: "service" }]);
    const [shipping] = await rpc<{ product_variant_id: [number, string] }[]>("product.template", "read", [[shippingTemplate], ["product_variant_id"]]);
    const carrier = await rpc<number>("delivery.carrier", "create", [
      { name: "DHL Express", product_id: shipping!.product_variant_id[0], tracking_url: "https://track.example/<shipmenttrackingnumber>" },
    ]);

    // Shopify: the shop still shows 20 mugs at its location, and has the order of 5.
    const shop = `${uniqueId("scenario")}.myshopify.com`;
    const accessToken = `shpat_${uniqueId("token")}`;
    await json(`https://${shop}/__fake/seed`, {
      accessToken,
      inventory: { variants: [{ legacyResourceId: "42642667041472", sku: "MUG-RED", inventoryItemId: "501", levels: { 1: 20 } }] },
      orders: [{ legacyResourceId: ORDER_ID, name: "#1001", lineItems: [{ id: "gid://shopify/LineItem/14866550311766", sku: "MUG-RED", name: "Mug - Red", quantity: 5 }] }],
    });
    const inventory = () => json<ShopInventory>(`https://${shop}/__fake/inventory`);
    const shopifyOrderNow = () => json<{ fulfillments: FakeFulfillment[]; fulfillmentOrders: { status: string; lineItems: { remainingQuantity: number }[] }[] }>(`https://${shop}/__fake/orders/${ORDER_ID}`);
    const counters = () => json<{ fulfillmentsCreated?: number }>(`https://${shop}/__fake/counters`);

    // The router: the shop's source with its API connection, Odoo as a source, the way back routed, rules provisioned.
    expect((await putSource(t, t.source, { provider: "shopify", secrets: [t.secret], api: { shop, accessToken } })).status).toBe(200);
    await putOdooSource(t, {
      outbound: { stock: { to: [t.source], quantity: "free_qty", locations: { WH: LOCATION } }, shipment: { to: [t.source], notifyCustomer: true } },
    });
    expect((await provisionAutomations(t)).status).toBe(200);
    const seqBefore = Math.max(0, ...(await odooWebhookCalls(t)).map((c) => c.seq));

    // 1. The order arrives, paid: written into Odoo and confirmed (payment confirms a quotation).
    const order = shopifyOrder({
      id: Number(ORDER_ID),
      line_items: [{ id: 14866550311766, product_id: 8788032119674, variant_id: 42642667041472, sku: "MUG-RED", name: "Mug - Red", title: "Mug", quantity: 5, price: "12.00", total_discount: "0.00" }],
      total_price: "60.00",
    });
    const received = await postShopify(t, "orders/create", order);
    expect(received.status).toBe(202);
    const { eventId: orderEvent } = (await received.json()) as { eventId: string };
    const written = await waitForStatus(t, orderEvent, ["delivered", "dead"], 30_000);
    expect(written).toMatchObject({ status: "delivered", odoo: { model: "sale.order" } });
    const saleOrder = written.odoo!.id;
    expect((await rpc<{ state: string }[]>("sale.order", "read", [[saleOrder], ["state"]]))[0]!.state).toBe("sale");

    // 2. The confirmation reserved 5 of the 20: Odoo's rule on stock.quant called (the relay),
    //    the router read Odoo back and set Shopify's level to the free quantity, once.
    const [picking] = await rpc<number[]>("stock.picking", "search", [[["sale_id", "=", saleOrder]]]);
    expect(picking).toBeGreaterThan(0);
    let seq = await relayAndSettle(t, seqBefore);
    let stock = await inventory();
    expect(stock.levels[`501@1`]).toBe(15);
    expect(stock.applied).toBe(1);
    expect(stock.webhooks).toHaveLength(1);
    const stockEvents = (await outboundEvents(t)).filter((e) => e.status === "delivered" && e.deliveryId.startsWith("odoo:stock.quant:"));
    expect(stockEvents.length).toBeGreaterThan(0);
    // The same callbacks once more (Odoo has no retry, but a poll may see the same change): nothing new goes out.
    await relayOdooCallbacks(t, { afterSeq: seqBefore });
    await vi.waitUntil(async () => (await outboundEvents(t)).every((e) => SETTLED.has(e.status)), { timeout: 30_000, interval: 100 });
    expect((await inventory()).applied).toBe(1);

    // 3. Shopify's webhook about that very write comes back, signed: recorded echo, nothing written.
    const odooWritesBefore = (await odooCalls(t)).filter((c) => ODOO_WRITES.has(c.method)).length;
    expect(odooWritesBefore).toBeGreaterThan(0); // the order's own writes: the count does see writes
    const own = stock.webhooks[0]!;
    expect(own).toMatchObject({ topic: "inventory_levels/update", body: { available: 15 } });
    const echo = await postShopify(t, own.topic, own.body);
    expect(echo.status).toBe(200);
    const echoAnswer = (await echo.json()) as { status: string; eventId: string };
    expect(echoAnswer.status).toBe("echo");
    expect(await waitForStatus(t, echoAnswer.eventId, ["echo"])).toMatchObject({ status: "echo", odoo: null });
    expect((await odooCalls(t)).filter((c) => ODOO_WRITES.has(c.method)).length).toBe(odooWritesBefore);

    // 4. The delivery is validated in two parts with tracking: 2 now (JD0001), the backorder's 3 later (JD0002).
    const first = await json<{ state: string; backorder_ids: number[] }>(`${t.odooUrl}/__emulator/deliveries/validate`, {
      picking_id: picking,
      quantities: { [String(product)]: 2 },
      tracking_ref: "JD0001",
      carrier_id: carrier,
    });
    expect(first.state).toBe("done");
    const [backorder] = first.backorder_ids;
    seq = await relayAndSettle(t, seq);
    let shopOrder = await shopifyOrderNow();
    expect(shopOrder.fulfillments).toHaveLength(1);
    expect(shopOrder.fulfillments[0]!.fulfillmentLineItems.map((l) => l.quantity)).toEqual([2]);
    expect(shopOrder.fulfillments[0]!.trackingInfo.map((i) => i.number)).toEqual(["JD0001"]);
    expect(shopOrder.fulfillmentOrders[0]!.lineItems[0]!.remainingQuantity).toBe(3);
    // Shipping 2 reserved mugs leaves the free quantity at 15: no stock write.
    expect((await inventory()).applied).toBe(1);

    //    Shopify creates the second fulfilment but its answer is lost (a 502): the delivery step
    //    retries, looks before creating, and finds it.
    await json(`https://${shop}/__fake/faults`, { faults: [{ commit: true, status: 502, body: "html" }] });
    const second = await json<{ state: string }>(`${t.odooUrl}/__emulator/deliveries/validate`, {
      picking_id: backorder,
      quantities: { [String(product)]: 3 },
      tracking_ref: "JD0002",
      carrier_id: carrier,
    });
    expect(second.state).toBe("done");
    await relayAndSettle(t, seq);
    shopOrder = await shopifyOrderNow();
    expect(shopOrder.fulfillments.map((f) => [f.fulfillmentLineItems[0]!.quantity, f.trackingInfo[0]!.number])).toEqual([
      [2, "JD0001"],
      [3, "JD0002"],
    ]);
    expect(shopOrder.fulfillmentOrders[0]).toMatchObject({ status: "CLOSED", lineItems: [{ remainingQuantity: 0 }] });
    expect((await counters()).fulfillmentsCreated).toBe(2);
    const shipments = (await outboundEvents(t)).filter((e) => e.deliveryId.startsWith("odoo:stock.picking:"));
    expect(shipments.some((e) => e.status === "dead")).toBe(false);
    // The backorder's delivery did meet the lost answer: it was attempted again, found the
    // fulfilment it had created, and is delivered (not "ignored" as if Shopify had it from elsewhere).
    const backorderEvents = await Promise.all(shipments.filter((e) => e.deliveryId.startsWith(`odoo:stock.picking:${backorder}:`)).map((e) => getEvent(t, e.id)));
    expect(backorderEvents.some((e) => e?.status === "delivered" && e.attempts >= 2)).toBe(true);

    // And through it all, Shopify's stock was written once.
    stock = await inventory();
    expect(stock).toMatchObject({ applied: 1, replays: 0, stale: 0, levels: { "501@1": 15 } });
  });
});

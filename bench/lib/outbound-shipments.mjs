// Shipment part of the way-back phase (bench/lib/outbound.mjs): M shop orders, each a confirmed
// sale.order of 5 units in the emulated Odoo (mapped to the Shopify order in D1, as the inbound
// order writer maps it), the same orders in the Shopify fake. Each delivery is validated in two
// parts (2 units with a tracking number, then the backorder's 3) while the fake answers FAULT_RATE
// of the calls with a fault (5xx, THROTTLED, a lost answer to a committed fulfillmentCreate).
// Measured: fulfilments per order at the fake (goal: exactly one per validated picking, so 2),
// duplicates (more than one per picking), orders left not fully fulfilled after the drain.
import { round } from "./stats.mjs";

const SKU = "BENCH-SHIP";
const QTY = 5;
const FIRST_PART = 2;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Odoo's external API of the emulator (JSON-RPC execute_kw), as the router calls it. */
function odooRpc(emulator) {
  const c = emulator.odooConnection;
  return async (model, method, args, kwargs = {}) => {
    const res = await fetch(`${c.url}/jsonrpc`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", method: "call", id: 1, params: { service: "object", method: "execute_kw", args: [c.database, 2, c.apiKey, model, method, args, kwargs] } }),
    });
    const body = await res.json();
    if (body.error) throw new Error(`${model}.${method}: ${JSON.stringify(body.error).slice(0, 300)}`);
    return body.result;
  };
}

/** Before provisioning: the orders in Odoo and the shop, and their mappings in D1. */
export async function seedShipments({ inst, emulator, shop, tenant, source, orders, version }) {
  const rpc = odooRpc(emulator);
  const storable = Number.parseInt(version, 10) >= 18 ? { is_storable: true } : { type: "product" };
  await rpc("product.template", "create", [{ name: "Bench shipped", default_code: SKU, ...storable }]);
  const [product] = await rpc("product.product", "search", [[["default_code", "=", SKU]]]);
  await emulator.control("POST", "stock", { product_id: product, quantity: QTY * orders + 10 });
  const partner = await rpc("res.partner", "create", [{ name: "Bench Buyer" }]);
  const list = [];
  for (let n = 0; n < orders; n++) {
    const order = await rpc("sale.order", "create", [{ partner_id: partner, order_line: [[0, 0, { product_id: product, product_uom_qty: QTY }]] }]);
    await rpc("sale.order", "action_confirm", [[order]]);
    const [picking] = await rpc("stock.picking", "search", [[["sale_id", "=", order]]]);
    list.push({ shopOrder: String(70_000 + n), order, picking });
  }
  await shop.seed({
    orders: list.map((o) => ({ legacyResourceId: o.shopOrder, name: `#${o.shopOrder}`, lineItems: [{ id: `gid://shopify/LineItem/${o.shopOrder}1`, sku: SKU, name: "Bench shipped", quantity: QTY }] })),
  });
  const d1 = await inst.d1();
  const insert = d1.prepare("INSERT INTO mappings (tenant_id, source_id, kind, external_id, odoo_model, odoo_id) VALUES (?, ?, 'order', ?, 'sale.order', ?)");
  await d1.batch(list.map((o) => insert.bind(tenant, source, o.shopOrder, o.order)));
  return { product, list };
}

export async function shipmentPhase({ emulator, shop, seeded, plan, log }) {
  shop.rec.reset();
  shop.rec.faultRate = plan.faultRate;
  const t0 = Date.now();
  let pickings = 0;
  const errors = [];
  for (const o of seeded.list) {
    try {
      const first = await emulator.control("POST", "deliveries/validate", { picking_id: o.picking, quantities: { [String(seeded.product)]: FIRST_PART }, tracking_ref: `BENCH${o.shopOrder}A` });
      pickings++;
      const [backorder] = first.backorder_ids;
      await sleep(1000 / plan.rate);
      await emulator.control("POST", "deliveries/validate", { picking_id: backorder, quantities: { [String(seeded.product)]: QTY - FIRST_PART }, tracking_ref: `BENCH${o.shopOrder}B` });
      pickings++;
    } catch (e) {
      errors.push(String(e.message ?? e).slice(0, 200));
    }
    await sleep(1000 / plan.rate);
  }
  // Drained: every order fully fulfilled at the fake (or the timeout).
  const fulfilledQty = (order) => (order.fulfillments ?? []).reduce((s, f) => s + (f.fulfillmentLineItems ?? []).reduce((t, l) => t + l.quantity, 0), 0);
  let orders = [];
  for (;;) {
    orders = await Promise.all(seeded.list.map((o) => shop.order(o.shopOrder)));
    if (orders.every((x) => fulfilledQty(x) >= QTY)) break;
    if (Date.now() - t0 > plan.faultDrainS * 1000) break;
    await sleep(2000);
  }
  shop.rec.faultRate = 0;
  const counts = orders.map((x) => (x.fulfillments ?? []).length);
  const result = {
    orders: seeded.list.length,
    pickingsValidated: pickings,
    validateErrors: errors.length,
    validateErrorSample: errors.slice(0, 3),
    faultRate: plan.faultRate,
    faultsInjected: shop.rec.faultsInjected,
    providerCalls: shop.rec.calls,
    providerCallsByOperation: shop.rec.byOperation,
    fulfilments: counts.reduce((s, n) => s + n, 0),
    duplicateFulfilments: counts.reduce((s, n) => s + Math.max(0, n - 2), 0),
    ordersNotFullyFulfilled: orders.filter((x) => fulfilledQty(x) < QTY).length,
    overFulfilled: orders.filter((x) => fulfilledQty(x) > QTY).length,
    seconds: round((Date.now() - t0) / 1000, 1),
  };
  log(`  shipments: ${result.orders} orders, ${pickings} pickings validated, ${result.fulfilments} fulfilments (${result.duplicateFulfilments} duplicates, ${result.ordersNotFullyFulfilled} orders not fully fulfilled) under faults ${JSON.stringify(result.faultsInjected)} in ${result.seconds} s`);
  return result;
}

// Reconciliation phase of `npm run bench`: a WooCommerce source with an API connection to the
// WooCommerce FAKE (test/support/provider-fakes/woocommerce.mjs, served from Node through
// Miniflare's outboundService), the Odoo EMULATOR, the router as built, queues consumed by it.
//
// State is seeded, not written through the router (10,000 order writes would take this 2-core box
// most of an hour): the shop holds ORDERS orders, the emulated Odoo the same orders (sale.order with
// one line each, amounts equal), D1 the router's mappings (external id -> sale.order id). A first
// reconciliation with the order flow in batch mode then makes every order's entity object know its
// version (fed and held, no Odoo write). Measured after that, with the flow back to realtime:
//   1. ORDERS unchanged orders: listed, judged unchanged by their entity objects, compared with Odoo;
//   2. ORDERS orders of which CHANGED_SHARE changed in the shop: those are fed and written, then compared.
import { Response as MfResponse } from "miniflare";
import * as wooFake from "../../test/support/provider-fakes/woocommerce.mjs";
import { admin } from "./setup.mjs";
import { round } from "./stats.mjs";

const TENANT = "bench-reconcile";
const SHOP = "https://bench.woo.test";
const CHANGED_SHARE = 0.05;
const WRITE_METHODS = new Set(["create", "write", "unlink", "action_confirm", "action_cancel"]);

/** Outbound fetches of the router: the shop's fake in this process, everything else (Odoo) to the network. */
export async function outbound(request) {
  const url = new URL(request.url);
  // Hop-by-hop and length headers are the new request's own to set.
  const headers = Object.fromEntries([...request.headers].filter(([k]) => !["host", "content-length", "connection", "transfer-encoding", "keep-alive"].includes(k)));
  const init = { method: request.method, headers, body: ["GET", "HEAD"].includes(request.method) ? undefined : await request.arrayBuffer() };
  const answer = wooFake.matches(url) ? await wooFake.fetch(new Request(request.url, init)) : await fetch(request.url, init);
  return new MfResponse(await answer.arrayBuffer(), { status: answer.status, headers: Object.fromEntries(answer.headers) });
}

const gmt = (ms) => new Date(ms).toISOString().slice(0, 19);

function wooOrder(id, modifiedAt, qty, createdAt) {
  const amount = (qty * 10).toFixed(2);
  return {
    id,
    number: String(id),
    status: "on-hold",
    currency: "USD",
    customer_id: 0,
    date_created_gmt: gmt(createdAt),
    date_modified_gmt: gmt(modifiedAt),
    date_paid_gmt: null,
    billing: { first_name: "Bench", last_name: "Buyer", email: `buyer${id % 50}@bench.test`, country: "US" },
    shipping: {},
    line_items: [{ id: id * 10, name: "Mug", product_id: 501, variation_id: 0, quantity: qty, subtotal: amount, total: amount, sku: "MUG-1", price: 10 }],
    shipping_lines: [],
    total: amount,
    customer_note: "",
  };
}

/** An admin API call that must succeed: its JSON answer. */
async function api(baseUrl, method, path, body) {
  const r = await admin(baseUrl, method, path, body);
  if (r.status >= 300) throw new Error(`${method} ${path} -> ${r.status} ${r.text.slice(0, 300)}`);
  return r.json;
}

async function counters() {
  return (await wooFake.fetch(new Request(`${SHOP}/__fake/counters`))).json();
}

/** Runs one reconciliation and measures it: wall time, provider calls, Odoo calls and writes. */
async function measuredRun(inst, emulator, since, log, label) {
  await emulator.clearCalls();
  const before = await counters();
  const t0 = Date.now();
  let job = await api(inst.url, "POST", `/v1/tenants/${TENANT}/reconciliations`, { source: "woo", since: new Date(since).toISOString() });
  while (job.state === "running") {
    if (Date.now() - t0 > 20 * 60_000) throw new Error(`${label}: still running after 20 min`);
    await new Promise((r) => setTimeout(r, 500));
    job = await api(inst.url, "GET", `/v1/tenants/${TENANT}/reconciliations/${job.id}?limit=5`);
  }
  const seconds = (Date.now() - t0) / 1000;
  const after = await counters();
  const calls = await emulator.calls();
  const byMethod = {};
  for (const c of calls) {
    const k = c.service === "object" ? `${c.model}.${c.method}` : `${c.service}.${c.method ?? c.rpcMethod}`;
    byMethod[k] = (byMethod[k] ?? 0) + 1;
  }
  const result = {
    label,
    state: job.state,
    error: job.error,
    seconds: round(seconds, 1),
    counts: job.counts,
    pages: job.progress?.pages ?? null,
    providerCalls: after.calls - before.calls,
    provider429: after.served429 - before.served429,
    providerMaxConcurrent: after.maxConcurrent,
    odooCalls: calls.length,
    odooWrites: calls.filter((c) => c.service === "object" && WRITE_METHODS.has(c.method)).length,
    odooCallsByMethod: Object.fromEntries(Object.entries(byMethod).sort((a, b) => b[1] - a[1]).slice(0, 12)),
    exceptionsSample: job.exceptions?.items ?? [],
  };
  log(`  ${label}: ${result.state} in ${result.seconds} s; counts ${JSON.stringify(job.counts)}; ${result.providerCalls} provider calls (${result.provider429} 429s), ${result.odooCalls} Odoo calls, ${result.odooWrites} Odoo writes`);
  if (job.state !== "done") throw new Error(`${label}: ${job.state} ${job.error}`);
  return result;
}

export async function reconciliationPhase({ inst, emulator, orders, log }) {
  const now = Date.now();
  const since = now - 3 * 3600_000;
  await api(inst.url, "PUT", `/v1/admin/tenants/${TENANT}`, { odoo: emulator.odooConnection });
  await api(inst.url, "PUT", `/v1/admin/tenants/${TENANT}/sources/woo`, {
    provider: "woocommerce",
    secrets: ["bench-woo-secret"],
    options: { currency: "USD" },
    api: { consumerKey: "ck_bench", consumerSecret: "cs_bench", baseUrl: SHOP },
    reconcile: { every: "7d" },
  });

  // The shop and Odoo agree on every order.
  log(`reconciliation: seeding ${orders} orders in the shop, the emulated Odoo and the router's mappings`);
  const shopOrders = Array.from({ length: orders }, (_, i) => wooOrder(100_000 + i, since + 600_000 + i * 100, 1 + (i % 4), since));
  await wooFake.fetch(new Request(`${SHOP}/__fake/seed`, { method: "POST", body: JSON.stringify({ consumerKey: "ck_bench", consumerSecret: "cs_bench", orders: shopOrders }) }));
  const [partnerId] = (await emulator.control("POST", "records/res.partner", [{ name: "Bench Buyer" }])).ids;
  const [productId] = (await emulator.control("POST", "records/product.product", [{ name: "Mug", default_code: "MUG-1", list_price: 10 }])).ids;
  const saleIds = [];
  for (let i = 0; i < shopOrders.length; i += 500) {
    const chunk = shopOrders.slice(i, i + 500).map((o) => ({
      partner_id: partnerId,
      client_order_ref: `#${o.number}`,
      order_line: [[0, 0, { product_id: productId, name: "Mug", product_uom_qty: o.line_items[0].quantity, price_unit: 10 }]],
    }));
    saleIds.push(...(await emulator.control("POST", "records/sale.order", chunk)).ids);
  }
  const d1 = await inst.d1();
  const insert = d1.prepare("INSERT INTO mappings (tenant_id, source_id, kind, external_id, odoo_model, odoo_id) VALUES (?, ?, 'order', ?, 'sale.order', ?)");
  for (let i = 0; i < shopOrders.length; i += 500) {
    await d1.batch(shopOrders.slice(i, i + 500).map((o, j) => insert.bind(TENANT, "woo", String(o.id), saleIds[i + j])));
  }

  // The router's entity objects learn each order's version (batch flow: held, nothing written).
  await api(inst.url, "PUT", `/v1/admin/tenants/${TENANT}/routing`, { flows: { order: { mode: "batch" } } });
  const firstSight = await measuredRun(inst, emulator, since, log, `${orders} orders new to the router (batch flow: fed and held)`);
  await api(inst.url, "PUT", `/v1/admin/tenants/${TENANT}/routing`, { flows: {} });

  const unchanged = await measuredRun(inst, emulator, since, log, `${orders} unchanged orders`);

  const changedCount = Math.round(orders * CHANGED_SHARE);
  const changed = shopOrders.filter((_, i) => i % Math.round(1 / CHANGED_SHARE) === 0).slice(0, changedCount);
  const modifiedAt = Date.now() - 60_000;
  await wooFake.fetch(
    new Request(`${SHOP}/__fake/seed`, {
      method: "POST",
      body: JSON.stringify({ orders: changed.map((o) => wooOrder(o.id, modifiedAt, o.line_items[0].quantity + 1, since)) }),
    }),
  );
  const withChanges = await measuredRun(inst, emulator, since, log, `${orders} orders, ${changed.length} (${CHANGED_SHARE * 100} %) changed`);
  return { orders, changed: changed.length, shopLimit: wooFake.LIMIT, firstSight, unchanged, withChanges };
}

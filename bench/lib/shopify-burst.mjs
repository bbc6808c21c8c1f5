// The 3,000-delivery Shopify burst of issue 11 ("Into Odoo fast"), as a bench phase: 2,895 signed
// Shopify deliveries (500 customers, 1,000 orders, 816 updates, 20 % exact redeliveries,
// out-of-order updates) sent by 20 concurrent senders (closed loop, as fast as the router acks)
// into a router with real consumers and the Odoo emulator. Measured from the events' audit
// timelines: the last Odoo write after the last ack, unique events written per second, write
// rate vs ack rate, Odoo calls per unique event and per flow.
// Also the payload shapes and the signed sender of bench/wake/dependency-burst.mjs.
import { createHmac, randomUUID } from "node:crypto";
import { createRng } from "./rng.mjs";
import { TENANT, admin, auditGet, statusesSince } from "./setup.mjs";
import { round, summarize } from "./stats.mjs";

export const SHOPIFY_SECRET = "bench-dependency-burst-secret";
export const SHOPIFY_SOURCE = "shop";
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const iso = (ms) => new Date(ms).toISOString();
const T0 = Date.UTC(2026, 10, 20, 10);

// --- payload shapes (Shopify Admin REST webhooks, the fields the router reads) ---------------
export function customerBody(c, version, { phone = null } = {}) {
  return {
    id: 7_000_000 + c,
    email: `customer${c}@example.test`,
    first_name: "Customer",
    last_name: String(c),
    phone,
    created_at: iso(T0),
    updated_at: iso(version),
    default_address: { first_name: "Customer", last_name: String(c), address1: `${c} Bench Street`, city: "Ottawa", zip: "K2P 1L4", province_code: "ON", country_code: "CA" },
  };
}

export function orderBody(i, c, version = T0 + i * 1000, { note = null, customerVersion = T0 - 86_400_000 } = {}) {
  return {
    id: 5_000_000 + i,
    name: `#${1000 + i}`,
    email: `customer${c}@example.test`,
    currency: "USD",
    created_at: iso(T0 + i * 1000),
    updated_at: iso(version),
    cancelled_at: null,
    financial_status: "paid",
    total_price: "41.10",
    note,
    customer: customerBody(c, customerVersion),
    billing_address: { first_name: "Customer", last_name: String(c), address1: "1 Bench Street", city: "Ottawa", zip: "K2P 1L4", province_code: "ON", country_code: "CA" },
    shipping_address: null,
    line_items: [
      { id: 9_000_000 + 2 * i, product_id: 1, variant_id: 11, sku: "MUG-RED", name: "Mug - Red", title: "Mug", quantity: 2, price: "12.00", total_discount: "2.40" },
      { id: 9_000_001 + 2 * i, product_id: 2, variant_id: 22, sku: "TEE-M", name: "T-shirt - M", title: "T-shirt", quantity: 1, price: "19.50", total_discount: "0.00" },
    ],
  };
}

export function transactionBody(i) {
  return {
    id: 3_000_000 + i,
    order_id: 5_000_000 + i,
    kind: "sale",
    gateway: "shopify_payments",
    status: "success",
    amount: "41.10",
    currency: "USD",
    created_at: iso(T0 + i * 1000 + 5000),
    processed_at: iso(T0 + i * 1000 + 5000),
  };
}

export function refundBody(i) {
  return {
    id: 6_000_000 + i,
    order_id: 5_000_000 + i,
    created_at: iso(T0 + i * 1000 + 86_400_000),
    processed_at: iso(T0 + i * 1000 + 86_400_000),
    note: "Arrived damaged",
    transactions: [{ id: 4_000_000 + i, parent_id: 3_000_000 + i, kind: "refund", status: "success", amount: "41.10", currency: "USD" }],
  };
}

/** A signed Shopify delivery (headers fixed: a redelivery is the same object sent again). */
export function signedDelivery(topic, body) {
  const raw = JSON.stringify(body);
  return {
    topic,
    raw,
    headers: {
      "content-type": "application/json",
      "x-shopify-topic": topic,
      "x-shopify-hmac-sha256": createHmac("sha256", SHOPIFY_SECRET).update(raw, "utf8").digest("base64"),
      "x-shopify-webhook-id": randomUUID(),
      "x-shopify-shop-domain": "bench.myshopify.com",
      "x-shopify-api-version": "2026-10",
    },
  };
}

/** Sends one delivery; {status, replyStatus, eventId, sentAt, ackedAt}. */
export async function sendDelivery(baseUrl, d) {
  const sentAt = Date.now();
  const res = await fetch(`${baseUrl}/webhooks/${TENANT}/${SHOPIFY_SOURCE}`, { method: "POST", headers: d.headers, body: d.raw });
  const json = await res.json().catch(() => ({}));
  return { status: res.status, replyStatus: json.status ?? null, eventId: json.eventId ?? null, sentAt, ackedAt: Date.now() };
}

export async function putShopifySource(baseUrl) {
  const put = await admin(baseUrl, "PUT", `/v1/admin/tenants/${TENANT}/sources/${SHOPIFY_SOURCE}`, { provider: "shopify", secrets: [SHOPIFY_SECRET] });
  if (put.status >= 300) throw new Error(`PUT source -> ${put.status} ${put.text}`);
}

// --- the stream -------------------------------------------------------------------------------
/** The sizes; `scale` shrinks them (--quick). */
export function burstSizes(scale = 1) {
  return { customers: Math.round(500 * scale), orders: Math.round(1000 * scale), updates: Math.round(816 * scale), redeliveryShare: 0.2, outOfOrderShare: 0.3 };
}

/**
 * The deliveries in send order. Customers' creates are spread over the stream and orders pick a
 * customer at random (so some orders arrive before their customer's own create); each update
 * comes 20-400 deliveries after its entity's create; for 30 % of the entities with two or more
 * updates, two consecutive updates are sent newest first (the older one is then stale); 20 % of
 * all deliveries are exact redeliveries (same bytes, same webhook id) of a delivery sent 1-150
 * positions earlier.
 */
export function burstStream({ seed = "issue-11-burst", scale = 1 } = {}) {
  const rng = createRng(seed);
  const size = burstSizes(scale);
  const unique = size.customers + size.orders + size.updates;
  const items = []; // {slot, delivery, flow}
  const customerOf = [];
  for (let c = 0; c < size.customers; c++) items.push({ slot: (c * unique) / size.customers + rng.next(), d: signedDelivery("customers/create", customerBody(c, T0)), flow: "customer create" });
  const createdSlot = { order: [], customer: items.map((x) => x.slot) };
  for (let i = 0; i < size.orders; i++) {
    const c = rng.int(0, size.customers - 1);
    customerOf.push(c);
    const slot = (i * unique) / size.orders + rng.next();
    createdSlot.order.push(slot);
    items.push({ slot, d: signedDelivery("orders/create", orderBody(i, c)), flow: "order create" });
  }
  // Updates: each a newer version of an order or a customer.
  const versions = new Map();
  const updatesByEntity = new Map();
  for (let u = 0; u < size.updates; u++) {
    const kind = rng.chance(0.6) ? "order" : "customer";
    const n = kind === "order" ? rng.int(0, size.orders - 1) : rng.int(0, size.customers - 1);
    const key = `${kind}:${n}`;
    const version = (versions.get(key) ?? T0 + 3_600_000) + 60_000;
    versions.set(key, version);
    const d =
      kind === "order"
        ? signedDelivery("orders/updated", orderBody(n, customerOf[n], version, { note: `update ${u}` }))
        : signedDelivery("customers/update", customerBody(n, version, { phone: `+1613555${String(u).padStart(4, "0")}` }));
    const prev = updatesByEntity.get(key);
    const slot = Math.max(createdSlot[kind][n], prev?.slot ?? 0) + rng.int(20, 400) + rng.next();
    const item = { slot, d, flow: `${kind} update` };
    items.push(item);
    updatesByEntity.set(key, item);
    (item.siblings = prev ? [prev] : []);
  }
  // Out of order: swap the send slots of an update and the one before it (same entity).
  let outOfOrder = 0;
  for (const item of items) {
    const prev = item.siblings?.[0];
    if (prev && rng.chance(size.outOfOrderShare)) {
      [item.slot, prev.slot] = [prev.slot, item.slot];
      outOfOrder++;
    }
  }
  items.sort((a, b) => a.slot - b.slot);
  // Redeliveries: 20 % of the final stream.
  const redeliveries = Math.round((unique * size.redeliveryShare) / (1 - size.redeliveryShare));
  const copies = [];
  for (let k = 0; k < redeliveries; k++) {
    const j = rng.int(0, items.length - 1);
    copies.push({ slot: j + rng.int(1, 150) + rng.next(), d: items[j].d, flow: items[j].flow, redelivery: true });
  }
  const stream = [...items.map((x, j) => ({ slot: j, d: x.d, flow: x.flow, redelivery: false })), ...copies].sort((a, b) => a.slot - b.slot);
  return { size: { ...size, unique, redeliveries, deliveries: stream.length, outOfOrderPairs: outOfOrder }, stream };
}

// --- the phase --------------------------------------------------------------------------------
const TERMINAL = new Set(["delivered", "dead", "stale", "superseded", "duplicate", "ignored"]);


async function mapLimit(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  }));
  return out;
}

/**
 * Flow of a delivered event from its audit record: kind, and create vs update where the writer
 * says so (`detail.created`). Exported for the end-to-end windows (calls per flow).
 */
export function flowOf(ev, detail) {
  const created = detail?.created;
  return `${ev.kind ?? ev.type ?? "?"}${created === true ? " create" : created === false ? " update" : ""}`;
}

/** The Odoo write's detail (with `odooCalls`) in an event's timeline: the `delivered` step or the last ok attempt. */
export function writeDetail(ev) {
  const steps = ev.timeline ?? [];
  const withCalls = steps.filter((s) => typeof s.detail?.odooCalls === "number");
  return withCalls.at(-1)?.detail ?? steps.find((s) => s.step === "delivered")?.detail ?? null;
}

/** Groups {flow, calls} into per-flow summaries (n, mean, p50, max). */
export function callsPerFlow(rows) {
  const by = {};
  for (const { flow, calls } of rows) (by[flow] ??= []).push(calls);
  return Object.fromEntries(
    Object.entries(by)
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map(([flow, v]) => {
        const s = summarize(v);
        return [flow, { n: s.n, mean: round(s.mean, 2), p50: s.p50, min: s.min, max: s.max }];
      }),
  );
}

/**
 * Runs the burst against a router (`inst`, real consumers) configured with the emulator's Odoo.
 * @returns the measures (see bench/README.md, "Burst")
 */
export async function burstPhase({ inst, emulator, scale = 1, senders = 20, drainS = 600, stallS = 60, seed, log = () => {}, around = (fn) => fn() }) {
  await putShopifySource(inst.url);
  const { size, stream } = burstStream({ seed, scale });
  log(`  burst: ${size.deliveries} deliveries (${size.customers} customers, ${size.orders} orders, ${size.updates} updates, ${size.redeliveries} redeliveries, ${size.outOfOrderPairs} out-of-order update pairs), ${senders} senders`);
  await emulator.clearCalls();
  const sinceMs = Date.now() - 1000;
  const results = new Array(stream.length);
  const firstSend = Date.now();
  let next = 0;
  // `around`: what runs from the first send until drained (the CPU profile of --burst-profile),
  // without the audit reads that measure the run afterwards.
  let drained = false;
  let stalled = false;
  let t0;
  let accepted;
  let sendSeconds;
  let lastAck;
  let replies;
  const ids = [];
  const profile = await around(async () => {
    await Promise.all(
      Array.from({ length: senders }, async () => {
        while (next < stream.length) {
          const j = next++;
          const s = stream[j];
          try {
            results[j] = { ...(await sendDelivery(inst.url, s.d)), topic: s.d.topic, flow: s.flow, redelivery: s.redelivery };
          } catch (err) {
            results[j] = { status: 0, error: String(err), topic: s.d.topic, redelivery: s.redelivery, sentAt: Date.now(), ackedAt: Date.now() };
          }
        }
      }),
    );
    lastAck = Math.max(...results.map((r) => r.ackedAt));
    sendSeconds = (lastAck - firstSend) / 1000;
    accepted = results.filter((r) => r.status === 202 && r.replyStatus === "accepted" && r.eventId);
    replies = {};
    for (const r of results) replies[`${r.status} ${r.replyStatus ?? ""}`.trim()] = (replies[`${r.status} ${r.replyStatus ?? ""}`.trim()] ?? 0) + 1;
    log(`  burst: sent in ${sendSeconds.toFixed(1)} s (${(results.length / sendSeconds).toFixed(0)} acks/s), ${accepted.length} accepted; draining...`);

    ids.push(...accepted.map((a) => a.eventId));
    // Until every accepted event is terminal, or `drainS`, or no event became terminal for `stallS`.
    t0 = Date.now();
    let lastOpen = Infinity;
    let progressAt = Date.now();
    for (;;) {
      const st = await statusesSince(inst.url, sinceMs);
      const open = ids.filter((id) => !TERMINAL.has(st.get(id))).length;
      if (open === 0) {
        drained = true;
        break;
      }
      if (open < lastOpen) [lastOpen, progressAt] = [open, Date.now()];
      stalled = Date.now() - progressAt > stallS * 1000;
      if (stalled || Date.now() - t0 > drainS * 1000) break;
      await sleep(1000);
    }
    return { requests: accepted.length, rps: accepted.length / sendSeconds };
  });
  const drainWaitS = round((Date.now() - t0) / 1000, 1);
  await sleep(1500); // the last audit batches (max_batch_timeout 1 s)
  const calls = await emulator.calls();
  const events = await mapLimit(ids, 8, (id) => auditGet(inst.url, `/events/${id}`).catch(() => null));
  const statuses = {};
  const deliveredAt = [];
  const flows = [];
  for (const ev of events) {
    statuses[ev?.status ?? "missing"] = (statuses[ev?.status ?? "missing"] ?? 0) + 1;
    if (ev?.status !== "delivered") continue;
    const at = ev.timeline?.find((s) => s.step === "delivered")?.at;
    if (at) deliveredAt.push(Date.parse(at));
    const detail = writeDetail(ev);
    if (typeof detail?.odooCalls === "number") flows.push({ flow: flowOf(ev, detail), calls: detail.odooCalls });
  }
  const lastDelivered = deliveredAt.length ? Math.max(...deliveredAt) : null;
  const writeSeconds = lastDelivered ? (lastDelivered - firstSend) / 1000 : null;
  const acceptedPerSecond = accepted.length / sendSeconds;
  const writtenPerSecond = writeSeconds ? deliveredAt.length / writeSeconds : null;
  return {
    size,
    senders,
    deliveries: results.length,
    replies,
    acceptedEvents: accepted.length,
    statuses,
    drained,
    stalled,
    drainWaitS,
    sendSeconds: round(sendSeconds, 2),
    ackRate: round(results.length / sendSeconds, 1),
    acceptedPerSecond: round(acceptedPerSecond, 1),
    ackLatencyMs: summarize(results.map((r) => r.ackedAt - r.sentAt)),
    uniqueEventsWritten: deliveredAt.length,
    uniqueEventsWrittenPerSecond: round(writtenPerSecond, 2),
    // Write rate vs ack rate over the same events: (last ack - first send) / (last write - first
    // send). 100 % = the last write lands with the last ack; 50 % = writing took twice as long.
    writeRateShareOfAckRate: writeSeconds ? round(sendSeconds / writeSeconds, 3) : null,
    lastWriteAfterLastAckS: lastDelivered ? round((lastDelivered - lastAck) / 1000, 2) : null,
    odooCalls: calls.length,
    odooCallsPerUniqueEvent: deliveredAt.length ? round(calls.length / deliveredAt.length, 2) : null,
    odooErrors: calls.filter((c) => c.outcome !== "ok").length,
    odooCallsPerFlow: callsPerFlow(flows),
    paymentsAndRefunds: await paymentsAndRefunds({ inst, emulator, orders: Math.min(20, size.orders), log }),
    // --burst-profile: the router isolate's CPU from the first send until drained (inspector attached).
    ...(profile?.byFile ? { profile } : {}),
  };
}

/** Waits for one event's terminal record (or `timeoutS`). */
async function settled(baseUrl, eventId, timeoutS = 45) {
  for (const deadline = Date.now() + timeoutS * 1000; ; await sleep(500)) {
    const ev = await auditGet(baseUrl, `/events/${eventId}`).catch(() => null);
    if ((ev && TERMINAL.has(ev.status)) || Date.now() > deadline) return ev;
  }
}

/**
 * After the burst (caches warm, the orders written): for `orders` of its orders, a payment
 * (order_transactions/create), then its whole refund (refunds/create): the flows the burst does
 * not have. One event at a time, so the emulator's call log while it is written is that event's
 * (every HTTP call to Odoo, authentication included); the router's own count (`odooCalls` in the
 * write's audit detail, the attempt that wrote) is kept next to it.
 */
async function paymentsAndRefunds({ inst, emulator, orders, log }) {
  const rows = [];
  const routerRows = [];
  const statuses = {};
  for (const [topic, body] of [["order_transactions/create", transactionBody], ["refunds/create", refundBody]]) {
    for (let i = 0; i < orders; i++) {
      await emulator.clearCalls();
      const r = await sendDelivery(inst.url, signedDelivery(topic, body(i)));
      const ev = r.eventId ? await settled(inst.url, r.eventId) : null;
      const k = `${topic} ${ev?.status ?? "missing"}`;
      statuses[k] = (statuses[k] ?? 0) + 1;
      if (ev?.status !== "delivered") continue;
      const detail = writeDetail(ev);
      rows.push({ flow: flowOf(ev, detail), calls: (await emulator.calls()).length });
      if (typeof detail?.odooCalls === "number") routerRows.push({ flow: flowOf(ev, detail), calls: detail.odooCalls });
    }
  }
  log(`  payments and refunds after the burst: ${JSON.stringify(statuses)}`);
  return { orders, statuses, odooCallsPerFlow: callsPerFlow(rows), routerCountedCallsPerFlow: callsPerFlow(routerRows), counted: "emulator call log per event (one event at a time)" };
}

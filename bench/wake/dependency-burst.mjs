// Dependency burst (issue 11 item 1): how long writes that wait for another entity keep the
// router busy after the last ack. Shopify only: every order's payment (order_transactions/create)
// is sent just BEFORE its order (the payment waits for the order), and orders share a few
// customers whose own customers/update events arrive in the same burst (orders find their
// customer held). Measures, from the events' audit timelines:
//   - "still writing after the last ack": last `delivered` time minus the last ack;
//   - unique events written per second: delivered events / (last delivered - first send).
// Usage: node bench/wake/dependency-burst.mjs [--orders=150] [--customers=20] [--senders=10]
// Prints one JSON line. Plain bundle, real consumers as wrangler.toml configures them, the Odoo
// emulator as a separate process (as the bench's end-to-end phase).
import { buildWorker, readWranglerConfig } from "../lib/build.mjs";
import { ADMIN_TOKEN, startMiniflare } from "../lib/miniflare-host.mjs";
import { startEmulator, ODOO } from "../lib/emulator.mjs";
import { putTenant, TENANT } from "../lib/setup.mjs";
import { customerBody, orderBody, putShopifySource, sendDelivery, signedDelivery, transactionBody } from "../lib/shopify-burst.mjs";

const arg = (name, fallback) => Number((process.argv.find((a) => a.startsWith(`--${name}=`)) ?? `=${fallback}`).split("=")[1]);
const ORDERS = arg("orders", 150);
const CUSTOMERS = arg("customers", 20);
const SENDERS = arg("senders", 10);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (...a) => console.error(`[burst ${new Date().toISOString().slice(11, 19)}]`, ...a);
const t0 = Date.UTC(2026, 10, 20, 10);

/** The burst: per order, its payment then the order; every fifth order also its customer's update. */
function deliveries() {
  const out = [];
  for (let i = 0; i < ORDERS; i++) {
    out.push(signedDelivery("order_transactions/create", transactionBody(i)));
    out.push(signedDelivery("orders/create", orderBody(i, i % CUSTOMERS)));
    if (i % 5 === 0) out.push(signedDelivery("customers/update", customerBody(i % CUSTOMERS, t0 + i * 1000)));
  }
  return out;
}

async function audit(baseUrl, path) {
  const res = await fetch(`${baseUrl}/v1/tenants/${TENANT}${path}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  if (!res.ok) throw new Error(`GET ${path} -> ${res.status}`);
  return res.json();
}

const TERMINAL = new Set(["delivered", "dead", "stale", "superseded", "duplicate", "ignored"]);

async function main() {
  const config = readWranglerConfig();
  const build = buildWorker(config, log);
  const emulator = await startEmulator();
  const inst = await startMiniflare({ worker: "router", config, build });
  try {
    await putTenant(inst.url, { url: emulator.url, database: ODOO.database, login: ODOO.login, apiKey: ODOO.apiKey, protocol: "jsonrpc" });
    await putShopifySource(inst.url);

    const queue = deliveries();
    const results = [];
    const firstSend = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: SENDERS }, async () => {
        while (next < queue.length) {
          const d = queue[next++];
          results.push({ ...(await sendDelivery(inst.url, d)), topic: d.topic });
        }
      }),
    );
    const lastAck = Math.max(...results.map((r) => r.ackedAt));
    const accepted = results.filter((r) => r.status === 202 && r.eventId);
    log(`sent ${results.length} deliveries in ${((lastAck - firstSend) / 1000).toFixed(1)} s; ${accepted.length} accepted; draining...`);

    // Until every accepted event is terminal (or 10 minutes).
    let events = [];
    for (const deadline = Date.now() + 600_000; Date.now() < deadline; await sleep(1000)) {
      events = await Promise.all(accepted.map((a) => audit(inst.url, `/events/${a.eventId}`).catch(() => null)));
      if (events.every((e) => e && TERMINAL.has(e.status))) break;
    }
    const statuses = {};
    for (const e of events) statuses[e?.status ?? "missing"] = (statuses[e?.status ?? "missing"] ?? 0) + 1;
    const delivered = events.filter((e) => e?.status === "delivered").map((e) => Date.parse(e.timeline.find((s) => s.step === "delivered").at));
    const lastDelivered = Math.max(...delivered);
    const waited = events.filter((e) => e?.timeline?.some((s) => s.step === "odoo_attempt" && s.detail?.outcome === "failed")).length;
    const out = {
      orders: ORDERS,
      customers: CUSTOMERS,
      senders: SENDERS,
      deliveries: results.length,
      accepted: accepted.length,
      statuses,
      eventsThatWaited: waited,
      sendSeconds: +((lastAck - firstSend) / 1000).toFixed(2),
      stillWritingAfterLastAckSeconds: +((lastDelivered - lastAck) / 1000).toFixed(2),
      uniqueEventsWrittenPerSecond: +(delivered.length / ((lastDelivered - firstSend) / 1000)).toFixed(2),
    };
    console.log(JSON.stringify(out));
    const dump = process.argv.find((a) => a.startsWith("--dump="));
    if (dump) {
      const { writeFileSync } = await import("node:fs");
      writeFileSync(dump.slice(7), JSON.stringify({ lastAck, events: events.filter((e) => e?.timeline?.some((s) => s.step === "odoo_attempt" && s.detail?.outcome === "failed")) }, null, 1));
    }
  } finally {
    await inst.dispose();
    await emulator.stop?.();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);

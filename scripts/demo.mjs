// `npm run demo`: the whole pipe on this machine, without a real Odoo.
// Starts the Odoo EMULATOR (scripts/odoo-emulator.mjs) and the router (`wrangler dev`, local D1,
// Durable Objects and Queues), configures a demo tenant and Shopify source through the admin API,
// posts signed sample webhooks (a redelivery and an out-of-order update among them), then prints
// the audit timeline of each delivery and the records the emulator holds.
import { spawn } from "node:child_process";
import { createHmac, randomUUID } from "node:crypto";
import { existsSync, copyFileSync, readFileSync, rmSync } from "node:fs";
import { startEmulatorServer } from "./odoo-emulator.mjs";

const ROUTER_PORT = Number(process.env.ROUTER_PORT ?? 8787);
const ODOO_PORT = Number(process.env.ODOO_PORT ?? 8069);
const router = `http://127.0.0.1:${ROUTER_PORT}`;

if (!existsSync(".dev.vars")) copyFileSync(".dev.vars.example", ".dev.vars");
const ADMIN_TOKEN = /^ADMIN_TOKEN=(.*)$/m.exec(readFileSync(".dev.vars", "utf8"))?.[1]?.trim();
const SHOP_SECRET = "demo-shopify-secret";

const emulator = await startEmulatorServer({ port: ODOO_PORT, host: "127.0.0.1" });
console.log(`Odoo EMULATOR (not a real Odoo) on ${emulator.url}`);

// The demo gets its own local state, fresh on every run (the emulator starts empty too).
const STATE = ".wrangler/demo-state";
rmSync(STATE, { recursive: true, force: true });
const dev = spawn(
  "sh",
  [
    "-c",
    `wrangler d1 migrations apply DB --local --persist-to ${STATE} && ` +
      `wrangler dev --persist-to ${STATE} --port ${ROUTER_PORT} --ip 127.0.0.1`,
  ],
  { stdio: ["ignore", "pipe", "pipe"], detached: true, env: { ...process.env, CI: "true" } },
);
let devLog = "";
dev.stdout.on("data", (d) => (devLog += d));
dev.stderr.on("data", (d) => (devLog += d));

const stopAll = async (code) => {
  try {
    process.kill(-dev.pid, "SIGTERM");
  } catch {}
  await emulator.close();
  process.exit(code);
};
process.on("SIGINT", () => stopAll(130));

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitForRouter() {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(router)).ok) return;
    } catch {}
    await sleep(500);
  }
  console.error(devLog);
  throw new Error("router did not start");
}

async function admin(method, path, body) {
  const res = await fetch(`${router}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path} -> ${res.status} ${await res.text()}`);
  return res.json();
}

async function post(topic, payload, webhookId = randomUUID()) {
  const body = JSON.stringify(payload);
  const res = await fetch(`${router}/webhooks/demo/shop`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-shopify-topic": topic,
      "x-shopify-webhook-id": webhookId,
      "x-shopify-hmac-sha256": createHmac("sha256", SHOP_SECRET).update(body, "utf8").digest("base64"),
    },
    body,
  });
  const reply = await res.json();
  console.log(`  POST ${topic.padEnd(25)} -> ${res.status} ${JSON.stringify(reply)}`);
  return reply;
}

async function odooSearchRead(model, fields) {
  const res = await fetch(`${emulator.url}/jsonrpc`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      jsonrpc: "2.0", method: "call", id: 1,
      params: { service: "object", method: "execute_kw", args: ["demo", 2, "demo-odoo-api-key", model, "search_read", [[]], { fields }] },
    }),
  });
  return (await res.json()).result ?? [];
}

try {
  await waitForRouter();
  console.log(`router on ${router}\n\n1. configure tenant "demo" and its Shopify source`);
  await fetch(`${emulator.url}/__emulator/config`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ database: "demo", login: "router@demo.test", apiKey: "demo-odoo-api-key", version: "19.0" }),
  });
  await admin("PUT", "/v1/admin/tenants/demo", {
    odoo: { url: emulator.url, database: "demo", login: "router@demo.test", apiKey: "demo-odoo-api-key", protocol: "jsonrpc" },
  });
  await admin("PUT", "/v1/admin/tenants/demo/sources/shop", { provider: "shopify", secrets: [SHOP_SECRET] });
  // Payments invoice their order: the demo shows the invoice, the payment and a refund's credit note.
  await admin("PUT", "/v1/admin/tenants/demo/routing", { orderInvoicing: "on_payment" });

  console.log("\n2. post signed Shopify webhooks");
  const customer = {
    id: 7001, email: "jane.roe@example.test", first_name: "Jane", last_name: "Roe",
    updated_at: "2026-11-20T10:00:00Z",
    default_address: { address1: "1 Test Street", city: "Ottawa", zip: "K2P 1L4", province_code: "ON", country_code: "CA" },
  };
  const order = {
    id: 9001, name: "#1001", email: "jane.roe@example.test", currency: "USD", total_price: "43.50",
    updated_at: "2026-11-20T10:05:00Z", customer,
    line_items: [
      { id: 1, variant_id: 501, sku: "MUG-RED", name: "Mug - Red", quantity: 2, price: "12.00", total_discount: "2.40" },
      { id: 2, variant_id: 502, sku: "TEE-M", name: "T-shirt - M", quantity: 1, price: "19.50", total_discount: "0.00" },
    ],
  };
  const replies = [];
  replies.push(await post("customers/create", customer, "demo-wh-1"));
  replies.push(await post("customers/create", customer, "demo-wh-1")); // redelivery
  replies.push(await post("orders/create", order));
  replies.push(await post("customers/update", { ...customer, last_name: "Roe-Smith", updated_at: "2026-11-21T09:00:00Z" }));
  replies.push(await post("customers/update", { ...customer, last_name: "Old Name", updated_at: "2026-11-20T12:00:00Z" })); // out of order
  replies.push(await post("app/uninstalled", { id: 1 }));
  const paidAt = "2026-11-20T10:06:00Z";
  replies.push(await post("order_transactions/create", {
    id: 3001, order_id: 9001, kind: "sale", status: "success", gateway: "shopify_payments",
    amount: "41.10", currency: "USD", created_at: paidAt, processed_at: paidAt,
  }));
  const refundedAt = "2026-11-22T09:00:00Z";
  replies.push(await post("refunds/create", {
    id: 4001, order_id: 9001, note: "Mug arrived chipped", created_at: refundedAt, processed_at: refundedAt,
    transactions: [{ id: 3002, parent_id: 3001, kind: "refund", status: "success", amount: "10.80", currency: "USD" }],
  }));

  console.log("\n3. audit trail (GET /v1/tenants/demo/events/{id}), once every delivery has settled");
  const token = (await admin("POST", "/v1/admin/tenants/demo/tokens", { role: "read" })).token;
  const settled = new Set(["delivered", "dead", "duplicate", "ignored", "stale", "superseded"]);
  let list;
  for (let i = 0; i < 120; i++) {
    list = await (await fetch(`${router}/v1/tenants/demo/events`, { headers: { authorization: `Bearer ${token}` } })).json();
    if (list.items.length === replies.length && list.items.every((e) => settled.has(e.status))) break;
    await sleep(500);
  }
  for (const item of [...list.items].reverse()) {
    const event = await (await fetch(`${router}/v1/tenants/demo/events/${item.id}`, { headers: { authorization: `Bearer ${token}` } })).json();
    const odoo = event.odoo ? ` -> ${event.odoo.model}#${event.odoo.id}` : "";
    console.log(`  ${event.id} ${event.topic} [${event.status}]${odoo}${event.reason ? ` (${event.reason})` : ""}`);
    console.log(`      ${event.timeline.map((e) => e.step).join(" > ")}`);
  }

  console.log("\n4. records in the Odoo emulator (read back over JSON-RPC search_read)");
  const shown = {
    "res.partner": ["name", "ref", "email", "city", "country_id"],
    "product.product": ["name", "default_code", "list_price"],
    "sale.order": ["name", "partner_id", "client_order_ref", "origin", "state", "amount_total"],
    "sale.order.line": ["order_id", "product_id", "product_uom_qty", "price_unit", "discount"],
    "account.move": ["name", "move_type", "state", "payment_state", "amount_total", "amount_residual", "ref"],
    "account.payment": ["name", "payment_type", "amount", "memo", "state"],
  };
  for (const [model, fields] of Object.entries(shown)) {
    const rows = await odooSearchRead(model, fields);
    console.log(`  ${model}: ${rows.length}`);
    for (const r of rows) {
      const values = ["id", ...fields]
        .filter((f) => r[f] !== false && r[f] !== null)
        .map((f) => `${f}=${JSON.stringify(Array.isArray(r[f]) ? r[f][1] : r[f])}`);
      console.log(`    ${values.join(" ")}`);
    }
  }
  await stopAll(0);
} catch (err) {
  console.error(err);
  await stopAll(1);
}

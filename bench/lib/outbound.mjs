// The way back (issue #17) in `npm run bench -- --outbound-only`: stock changed in Odoo reaches the
// Shopify FAKE through the router as built, on Miniflare, with the Odoo EMULATOR as a separate Node
// process whose automation rules POST their webhook calls to the router's real loopback URL
// (provisioned through the router's admin API, `publicUrl` = that URL). Odoo 17/18 call before
// their transaction commits (the router reads back after the settle delay); 19 after.
//
// Per Odoo version, one router and one emulator:
//   setup   P products (SKU BENCH-i) in Odoo with stock in WH and WH2, the same variants in the shop
//           stocked at locations 1 and 2 with the same quantities (so nothing is out of sync), an
//           `odoo` source, a `shopify` source with its API connection, routing `outbound.stock`,
//           automations provisioned.
//   latency changes at RATE/s for LATENCY_S s, each to a different product and warehouse, through
//           the emulator's stock control route (an applied inventory adjustment). Measured: the
//           time from the emulator's commit (`committedAt` of the rule's webhook call) to the
//           fake's answer to the inventorySetQuantities carrying that quantity for that level.
//   burst   N products x 2 warehouses, each changed ROUNDS times, one round a second. Measured:
//           writes per product and location, provider calls per change, THROTTLED answers of the
//           fake's cost bucket (vs its allowance: maximumAvailable + restoreRate x seconds).
//   faults  the fake answers FAULT_RATE of the calls with a fault (5xx HTML, HTTP 200 THROTTLED, a
//           lost answer to a committed mutation); changes as in `latency`; measured: levels whose
//           final quantity in the shop differs from Odoo's (lost changes) once the router drained.
import { createRng } from "./rng.mjs";
import { createShopRecorder, SHOP_TOKEN } from "./outbound-shop.mjs";
import { seedShipments, shipmentPhase } from "./outbound-shipments.mjs";
import { admin } from "./setup.mjs";
import { round, summarize } from "./stats.mjs";

const TENANT = "bench-outbound";
const ODOO_TOKEN = "odoo_bench_outbound_token_0123456789";
/** The router's public origin as provisioned into Odoo's rules (https, as provisioning requires). */
const PUBLIC_URL = "https://router.bench.test";
const LOCATIONS = { WH: "1", WH2: "2" };
const WAREHOUSES = Object.keys(LOCATIONS);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const sku = (i) => `BENCH-${i}`;
const itemOf = (i) => String(50_000 + i);
const levelKey = (i, warehouse) => `${itemOf(i)}@${LOCATIONS[warehouse]}`;

async function api(baseUrl, method, path, body) {
  const r = await admin(baseUrl, method, path, body);
  if (r.status >= 300) throw new Error(`${method} ${path} -> ${r.status} ${r.text.slice(0, 400)}`);
  return r.json;
}

async function mapLimit(items, limit, fn) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

/** Odoo products and stock, the shop's variants and levels, the router's sources, routing and rules. */
async function setup({ inst, emulator, shop, products, shipments, shopBucket, maxConcurrency, version, log }) {
  const major = Number.parseInt(version, 10);
  const storable = major >= 18 ? { is_storable: true } : { type: "product" };
  await emulator.control("POST", "records/stock.warehouse", [{ name: "Second", code: "WH2" }]);
  for (let i = 0; i < products; i += 500) {
    const chunk = Array.from({ length: Math.min(500, products - i) }, (_, j) => ({ name: `Bench ${i + j}`, default_code: sku(i + j), ...storable }));
    await emulator.control("POST", "records/product.template", chunk);
  }
  const initial = new Map();
  const pairs = [];
  for (let i = 0; i < products; i++) for (const wh of WAREHOUSES) pairs.push([i, wh]);
  await mapLimit(pairs, 8, async ([i, wh]) => {
    const quantity = 100 + (i % 50);
    await emulator.control("POST", "stock", { default_code: sku(i), warehouse: wh, quantity });
    initial.set(levelKey(i, wh), quantity);
  });
  await shop.seed({
    ...(shopBucket ? { bucket: shopBucket } : {}),
    inventory: {
      locations: Object.values(LOCATIONS),
      variants: Array.from({ length: products }, (_, i) => ({
        legacyResourceId: String(10_000 + i),
        sku: sku(i),
        inventoryItemId: itemOf(i),
        levels: Object.fromEntries(WAREHOUSES.map((wh) => [LOCATIONS[wh], initial.get(levelKey(i, wh))])),
      })),
    },
  });

  // `--max-concurrency=N`: the tenant's `delivery.maxConcurrency` (its Odoo gate; an outbound
  // delivery holds a permit while it reads Odoo and writes the shop). Default: the router's (4).
  await api(inst.url, "PUT", `/v1/admin/tenants/${TENANT}`, { odoo: emulator.odooConnection, ...(maxConcurrency ? { delivery: { maxConcurrency } } : {}) });
  await api(inst.url, "PUT", `/v1/admin/tenants/${TENANT}/sources/odoo`, { provider: "odoo", secrets: [ODOO_TOKEN], options: {} });
  await api(inst.url, "PUT", `/v1/admin/tenants/${TENANT}/sources/shop`, {
    provider: "shopify",
    secrets: ["bench-shopify-webhook-secret"],
    api: { shop: shop.shop, accessToken: SHOP_TOKEN },
  });
  await api(inst.url, "PUT", `/v1/admin/tenants/${TENANT}/routing`, {
    outbound: {
      stock: { to: ["shop"], quantity: "free_qty", locations: Object.fromEntries(WAREHOUSES.map((wh) => [wh, `gid://shopify/Location/${LOCATIONS[wh]}`])) },
      shipment: { to: ["shop"], notifyCustomer: false },
    },
  });
  const seededShipments = await seedShipments({ inst, emulator, shop, tenant: TENANT, source: "shop", orders: shipments, version });
  const provisioned = await api(inst.url, "POST", `/v1/admin/tenants/${TENANT}/odoo/automations`, { source: "odoo", publicUrl: PUBLIC_URL });
  log(`  set up ${products} products x ${WAREHOUSES.length} warehouses; rules ${provisioned.items.map((x) => `${x.name} (${x.status})`).join(", ")}`);
  return { initial, seededShipments, rules: provisioned.items.map((x) => x.name) };
}

/**
 * Sends `changes` ({i, warehouse, quantity}) through the emulator's stock route at `rate`/s (open
 * loop: a change is started on time whether or not the previous ones finished). Returns each
 * change with its quant id and the time the control call answered (after commit).
 */
async function paceChanges(emulator, changes, rate) {
  const t0 = performance.now();
  const started = [];
  for (let n = 0; n < changes.length; n++) {
    const due = t0 + (n * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const c = changes[n];
    started.push(
      emulator.control("POST", "stock", { default_code: sku(c.i), warehouse: c.warehouse, quantity: c.quantity }).then(
        (r) => ({ ...c, quantId: r.quant_id, answeredAt: Date.now() }),
        (e) => ({ ...c, error: String(e.message ?? e) }),
      ),
    );
  }
  const done = await Promise.all(started);
  return { done, seconds: (performance.now() - t0) / 1000 };
}

/** Waits until the shop holds `expected` (key -> quantity) everywhere, or the timeout. */
async function waitForShop(shop, expected, timeoutS) {
  const t0 = Date.now();
  for (;;) {
    const { levels } = await shop.inventory();
    const differ = [...expected].filter(([k, q]) => levels[k] !== q);
    if (differ.length === 0) return { converged: true, waitedS: round((Date.now() - t0) / 1000, 1), differ: [] };
    if (Date.now() - t0 > timeoutS * 1000) return { converged: false, waitedS: round((Date.now() - t0) / 1000, 1), differ: differ.map(([k, q]) => ({ level: k, odoo: q, shop: levels[k] ?? null })) };
    await sleep(1000);
  }
}

/** Commit time of each change: the emulator's `committedAt` of the webhook call about its quant. */
async function commitTimes(emulator) {
  const calls = await emulator.control("GET", "webhooks");
  const byQuant = new Map();
  for (const c of calls) if (c.model === "stock.quant" && c.committedAt) byQuant.set(c.recordId, { committedAt: Date.parse(c.committedAt), outcome: c.outcome, durationMs: c.durationMs });
  return { byQuant, calls };
}

function webhookOutcomes(calls) {
  const out = {};
  for (const c of calls) out[c.outcome ?? "open"] = (out[c.outcome ?? "open"] ?? 0) + 1;
  return out;
}

async function latencyPhase({ emulator, shop, plan, expected, rng, log }) {
  shop.rec.reset();
  await emulator.control("DELETE", "webhooks");
  const count = plan.rate * plan.latencyS;
  // Each change touches a different product and warehouse, so its write is unambiguous.
  const changes = Array.from({ length: count }, (_, n) => ({ i: Math.floor(n / 2) % plan.products, warehouse: WAREHOUSES[n % 2], quantity: 200 + Math.floor(rng.next() * 800) }));
  const sent = await paceChanges(emulator, changes, plan.rate);
  for (const c of sent.done) if (!c.error) expected.set(levelKey(c.i, c.warehouse), c.quantity);
  const settled = await waitForShop(shop, expected, plan.drainS);
  const { byQuant, calls } = await commitTimes(emulator);
  const latencies = [];
  const firstSecond = [];
  let unmatched = 0;
  for (const [n, c] of sent.done.entries()) {
    if (c.error) continue;
    const commit = byQuant.get(c.quantId)?.committedAt ?? null;
    const key = levelKey(c.i, c.warehouse);
    const write = shop.rec.writes.find((w) => w.at >= (commit ?? 0) && w.levels.some((l) => l.key === key && l.quantity === c.quantity));
    if (commit === null || !write) unmatched++;
    else {
      latencies.push(write.at - commit);
      if (n < plan.rate) firstSecond.push(write.at - commit);
    }
  }
  const ms = summarize(latencies);
  const first = summarize(firstSecond);
  const lastWrite = Math.max(...shop.rec.writes.map((w) => w.at));
  const firstCommit = Math.min(...[...byQuant.values()].map((x) => x.committedAt));
  const result = {
    changes: count,
    rate: plan.rate,
    sendSeconds: round(sent.seconds, 1),
    achievedRate: round(count / sent.seconds, 1),
    controlErrors: sent.done.filter((c) => c.error).length,
    webhookCalls: calls.length,
    webhookOutcomes: webhookOutcomes(calls),
    latencyMs: { n: ms.n, p50: ms.p50, p95: ms.p95, p99: ms.p99, max: ms.max },
    // The first second's changes, before a backlog can build: the latency of an idle router.
    firstSecondLatencyMs: { n: first.n, p50: first.p50, max: first.max },
    // Derived: changes / (last shop write - first commit): how fast this router drained them.
    drainedPerSecond: round(count / ((lastWrite - firstCommit) / 1000), 1),
    unmatched,
    converged: settled.converged,
    providerCalls: shop.rec.calls,
    providerCallsByOperation: shop.rec.byOperation,
    writes: shop.rec.writes.length,
  };
  log(`  latency: ${count} changes at ${result.achievedRate}/s; commit -> shop write p50 ${ms.p50} ms, p99 ${ms.p99} ms (n ${ms.n}, unmatched ${unmatched}); first second p50 ${first.p50} ms; drained ${result.drainedPerSecond}/s; shop converged ${settled.converged}`);
  return result;
}

async function burstPhase({ emulator, shop, plan, expected, settleMs, log }) {
  shop.rec.reset();
  await emulator.control("DELETE", "webhooks");
  const before = await shop.counters();
  const t0 = Date.now();
  let changes = 0;
  const roundSeconds = [];
  for (let r = 0; r < plan.burst.rounds; r++) {
    const due = t0 + r * 1000;
    if (due > Date.now()) await sleep(due - Date.now());
    const r0 = Date.now();
    const batch = [];
    for (let i = 0; i < plan.burst.products; i++) for (const wh of WAREHOUSES) batch.push({ i, warehouse: wh, quantity: 1000 + r * 10 + (i % 7) });
    await mapLimit(batch, 16, async (c) => {
      await emulator.control("POST", "stock", { default_code: sku(c.i), warehouse: c.warehouse, quantity: c.quantity });
      expected.set(levelKey(c.i, c.warehouse), c.quantity);
      changes++;
    });
    roundSeconds.push(round((Date.now() - r0) / 1000, 1));
  }
  const sendSeconds = (Date.now() - t0) / 1000;
  const settled = await waitForShop(shop, expected, plan.drainS);
  const totalSeconds = (Date.now() - t0) / 1000;
  const after = await shop.counters();
  const { calls } = await commitTimes(emulator);

  const perLevel = new Map();
  for (const w of shop.rec.writes) for (const l of w.levels) perLevel.set(l.key, (perLevel.get(l.key) ?? 0) + 1);
  const levels = plan.burst.products * WAREHOUSES.length;
  const counts = [...perLevel.values()];
  const dist = {};
  for (const n of counts) dist[n] = (dist[n] ?? 0) + 1;
  // A coalescing window is the settle delay where there is one (17/18); on 19 (no settle delay)
  // the window is the time a send takes, so the bound below is only stated for a settle delay.
  const windows = settleMs > 0 ? Math.ceil((sendSeconds * 1000) / settleMs) + 1 : null;
  const bucket = after.throttleStatus;
  const allowance = bucket ? Math.round(bucket.maximumAvailable + bucket.restoreRate * totalSeconds) : null;
  const result = {
    products: plan.burst.products,
    levels,
    rounds: plan.burst.rounds,
    changes,
    sendSeconds: round(sendSeconds, 1),
    roundSeconds,
    achievedRate: round(changes / sendSeconds, 1),
    convergedAfterS: settled.converged ? round(totalSeconds, 1) : null,
    converged: settled.converged,
    lostLevels: settled.differ.length,
    webhookCalls: calls.length,
    webhookOutcomes: webhookOutcomes(calls),
    writeCalls: shop.rec.writes.length,
    levelWrites: counts.reduce((s, n) => s + n, 0),
    writesPerLevel: { max: counts.length ? Math.max(...counts) : 0, mean: round(counts.reduce((s, n) => s + n, 0) / levels, 2), distribution: dist },
    changesPerLevel: plan.burst.rounds,
    coalescingWindows: windows,
    levelsOverOnePerWindow: windows === null ? null : counts.filter((n) => n > windows).length,
    providerCalls: shop.rec.calls,
    providerCallsPerChange: round(shop.rec.calls / changes, 3),
    providerCallsByOperation: shop.rec.byOperation,
    throttled: after.throttled - before.throttled,
    pointsRequested: after.pointsRequested - before.pointsRequested,
    pointsSpent: after.pointsSpent - before.pointsSpent,
    bucket,
    bucketAllowancePoints: allowance,
  };
  log(`  burst: ${changes} changes in ${result.sendSeconds} s (${result.achievedRate}/s); ${result.levelWrites} level writes for ${levels} levels (max ${result.writesPerLevel.max} per level), ${shop.rec.calls} shop calls (${result.providerCallsPerChange} per change), ${result.throttled} THROTTLED; converged ${settled.converged} after ${round(totalSeconds, 1)} s`);
  return result;
}

async function faultPhase({ emulator, shop, plan, expected, rng, log }) {
  shop.rec.reset();
  shop.rec.faultRate = plan.faultRate;
  await emulator.control("DELETE", "webhooks");
  const count = plan.rate * plan.faultS;
  const changes = Array.from({ length: count }, (_, n) => ({ i: Math.floor(rng.next() * plan.products), warehouse: WAREHOUSES[n % 2], quantity: 2000 + Math.floor(rng.next() * 800) }));
  const sent = await paceChanges(emulator, changes, plan.rate);
  for (const c of sent.done) if (!c.error) expected.set(levelKey(c.i, c.warehouse), c.quantity);
  const settled = await waitForShop(shop, expected, plan.faultDrainS);
  shop.rec.faultRate = 0;
  const touched = new Set(changes.map((c) => levelKey(c.i, c.warehouse)));
  const result = {
    faultRate: plan.faultRate,
    changes: count,
    levelsTouched: touched.size,
    controlErrors: sent.done.filter((c) => c.error).length,
    providerCalls: shop.rec.calls,
    faultsInjected: shop.rec.faultsInjected,
    converged: settled.converged,
    waitedS: settled.waitedS,
    lostChanges: settled.differ.length,
    lostSample: settled.differ.slice(0, 5),
  };
  log(`  faults ${plan.faultRate * 100} %: ${count} changes, ${shop.rec.calls} shop calls, faults ${JSON.stringify(shop.rec.faultsInjected)}; lost ${result.lostChanges} (converged ${settled.converged} after ${settled.waitedS} s)`);
  return result;
}

/**
 * One Odoo version: its own router (the caller's `withRouter`) and emulator, whose webhook calls to
 * PUBLIC_URL reach the router (bench/harness/odoo-emulator-host.mjs).
 */
export async function outboundVersionRun({ version, plan, startEmulator, withRouter, log }) {
  const shop = createShopRecorder(`bench-${version.replace(".", "-")}-${Date.now()}.myshopify.com`, `${plan.seed}-${version}`);
  const rng = createRng(`${plan.seed}-${version}-changes`);
  return withRouter(shop.outbound, async (inst) => {
    const emulator = await startEmulator({ version, webhooks: { publicUrl: PUBLIC_URL, routerUrl: inst.url } });
    try {
      log(`way back on Odoo ${version}: emulator ${emulator.url}, router ${inst.url} (Odoo's webhooks to ${PUBLIC_URL})`);
      const { initial, seededShipments, rules } = await setup({ inst, emulator, shop, products: plan.products, shipments: plan.shipments, shopBucket: plan.shopBucket, maxConcurrency: plan.maxConcurrency, version, log });
      // The source sets no settleSeconds: the router's default (src/odoo/source/options.ts,
      // DEFAULT_SETTLE_SECONDS_BEFORE_COMMIT) applies: 3 s on 17/18, none on 19+.
      const settleMs = Number.parseInt(version, 10) >= 19 ? 0 : 3000;
      const expected = new Map(initial);
      const latency = await latencyPhase({ emulator, shop, plan, expected, rng, log });
      const burst = await burstPhase({ emulator, shop, plan, expected, settleMs, log });
      const faults = await faultPhase({ emulator, shop, plan, expected, rng, log });
      const shipments = await shipmentPhase({ emulator, shop, seeded: seededShipments, plan, log });
      return { version, settleMs, rules, products: plan.products, latency, burst, faults, shipments };
    } finally {
      emulator.stop();
    }
  });
}

export function renderOutbound(out) {
  const lines = [];
  lines.push("## The way back: Odoo stock -> Shopify (fake)", "");
  lines.push(
    `Plan ${out.plan.name}: ${out.plan.rate} changes/s for ${out.plan.latencyS} s (latency), burst of ${out.plan.burst.products} products x 2 warehouses x ${out.plan.burst.rounds} changes (one round a second), ` +
      `${out.plan.faultRate * 100} % provider faults for ${out.plan.faultS} s at ${out.plan.rate}/s. Odoo is the emulator (scripts/odoo-emulator), Shopify the fake (test/support/provider-fakes/shopify.mjs); the router as built on Miniflare.`,
    "",
  );
  const b = out.plan.shopBucket ?? { maximumAvailable: 1000, restoreRate: 100 };
  lines.push(`Shop cost bucket: ${b.maximumAvailable} points, restoring ${b.restoreRate}/s${out.plan.shopBucket ? "" : " (the fake's default, Shopify's Standard plan)"}. Tenant delivery.maxConcurrency: ${out.plan.maxConcurrency ?? "4 (default)"}.`, "");
  lines.push("| Measure | " + out.runs.map((r) => `Odoo ${r.version}${r.settleMs ? ` (settle ${r.settleMs / 1000} s)` : " (no settle)"}`).join(" | ") + " | Goal |");
  lines.push("|---|" + out.runs.map(() => "---|").join("") + "---|");
  const row = (name, fn, goal) => lines.push(`| ${name} | ${out.runs.map((r) => fn(r)).join(" | ")} | ${goal} |`);
  row("commit -> shop write p50 / p99 (measured)", (r) => `${r.latency.latencyMs.p50} / ${r.latency.latencyMs.p99} ms (n ${r.latency.latencyMs.n}, at ${r.latency.achievedRate}/s)`, "p99 <= 2 s (19), <= 5 s (17/18)");
  row("first second's changes: commit -> shop write p50 / max (measured)", (r) => `${r.latency.firstSecondLatencyMs.p50} / ${r.latency.firstSecondLatencyMs.max} ms`, "");
  row("changes drained by the router per second (derived)", (r) => `${r.latency.drainedPerSecond}/s`, ">= 20/s");
  row("burst: level writes / levels (measured)", (r) => `${r.burst.levelWrites} / ${r.burst.levels} (max ${r.burst.writesPerLevel.max} per level, ${r.burst.changesPerLevel} changes each)`, "<= 1 per coalescing window");
  row("burst: levels over one write per settle window (derived bound)", (r) => (r.burst.coalescingWindows === null ? "n/a (no settle delay)" : `${r.burst.levelsOverOnePerWindow} (bound ${r.burst.coalescingWindows} windows)`), "0");
  row("burst: change rate reached (measured)", (r) => `${r.burst.achievedRate}/s (${r.burst.changes} in ${r.burst.sendSeconds} s)`, `${(out.plan.burst.products * 2 * out.plan.burst.rounds) / out.plan.burst.rounds}/s`);
  row("burst: shop calls per change (measured)", (r) => `${r.burst.providerCallsPerChange} (${r.burst.providerCalls} calls)`, "< 1");
  row("burst: THROTTLED by the cost bucket (measured)", (r) => `${r.burst.throttled} (${r.burst.pointsRequested} points requested; allowance ${r.burst.bucketAllowancePoints})`, "0");
  row("faults: lost changes (measured)", (r) => `${r.faults.lostChanges} of ${r.faults.levelsTouched} levels touched (faults ${JSON.stringify(r.faults.faultsInjected)})`, "0");
  row("faults: duplicate fulfilments (measured)", (r) => `${r.shipments.duplicateFulfilments} (${r.shipments.fulfilments} fulfilments for ${r.shipments.pickingsValidated} pickings of ${r.shipments.orders} orders; ${r.shipments.ordersNotFullyFulfilled} not fully fulfilled; faults ${JSON.stringify(r.shipments.faultsInjected)})`, "0");
  lines.push("");
  lines.push(`Machine: ${out.machineLine}.`, "");
  return lines.join("\n") + "\n";
}

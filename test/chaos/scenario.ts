/**
 * Chaos scenario generator: PURE and seeded (no Workers APIs, no clock, no Math.random), shared by
 * the small run inside `npm test` and the full `npm run chaos`. Given a profile it produces
 *   - the entities (tenant, provider, kind, external id, how many versions, hot or not),
 *   - every delivery with its payload, delivery id and whether it is a redelivery,
 *   - the order they are sent in (some versions swapped out of order, hot entities in bursts,
 *     redeliveries soon after the original or much later),
 *   - the Odoo fault schedule of each tenant (an endless, seeded list of emulator rules: one rule
 *     per Odoo object call, a pass-through `slow` 0 ms rule for most, a fault for `faultRate`),
 *     the tenant whose Odoo is down for a while, and when Durable Objects are restarted,
 *   - what each entity must look like in Odoo at the end (its newest version).
 * Same profile + same seed -> the same scenario, byte for byte (see `fingerprint`).
 */

export type Kind = "customer" | "product" | "order";
export type ProviderId = "shopify" | "woocommerce";

export interface ChaosProfile {
  name: string;
  seed: number;
  /** Deliveries sent, redeliveries and ignored topics included. */
  events: number;
  /** Entities written to Odoo (customers, products, orders). */
  entities: number;
  tenants: number;
  redeliveryRate: number;
  outOfOrderRate: number;
  /** Share of Odoo object calls that fail. */
  faultRate: number;
  /** Share of deliveries on topics the router acknowledges and ignores (refunds, inventory, app/uninstalled). */
  ignoredRate: number;
  /** Share of entities that are hot, and share of the written deliveries they receive (in bursts). */
  hotEntityShare: number;
  hotDeliveryShare: number;
  /**
   * The down tenant: every Odoo call answers 503 from the start, until this many calls were refused
   * or this long after the first refusal (the circuit breaker makes refused calls rare, so the time
   * usually ends it).
   */
  outage: { calls: number; maxSeconds: number };
  /** Odoo calls that hang past the router's 30 s client timeout (each stalls a queue batch 30 s). */
  timeouts: number;
  /** Forced Durable Object restarts, at fractions of the send list. */
  restarts: { at: number; kind: "evict" | "abort" }[];
  /** Deliveries in flight at once. */
  concurrency: number;
  /**
   * How long sending takes (0: as fast as the router answers). Deliveries leave at their scenario
   * time, so writes interleave with newer deliveries; a hot entity's burst leaves all at once.
   */
  sendSeconds: number;
  /**
   * Per-tenant delivery settings (PUT /v1/admin/tenants/{t} `delivery`): the write concurrency cap
   * and the circuit breaker. The breaker is set to open on a real outage (the down tenant), not on
   * the 20 % background failures (with ~5 calls per write, about 2 writes in 3 meet a fault).
   */
  delivery: Record<string, unknown>;
  /** Give up waiting for settlement after this long without progress. */
  stallSeconds: number;
}

export const SMALL_PROFILE: ChaosProfile = {
  name: "small",
  seed: 20261123,
  events: 300,
  entities: 60,
  tenants: 3,
  redeliveryRate: 0.2,
  outOfOrderRate: 0.3,
  faultRate: 0.2,
  ignoredRate: 0.03,
  hotEntityShare: 0.05,
  hotDeliveryShare: 0.2,
  outage: { calls: 40, maxSeconds: 6 },
  timeouts: 0,
  restarts: [{ at: 0.5, kind: "evict" }],
  concurrency: 8,
  sendSeconds: 8,
  delivery: { maxConcurrency: 10, breaker: { failureRate: 0.95, window: 20, minSamples: 10, cooldownSeconds: 1, maxCooldownSeconds: 4 } },
  stallSeconds: 25,
};

export const FULL_PROFILE: ChaosProfile = {
  name: "full",
  seed: 20261123,
  events: 10_000,
  // Issue #11's run: 1,000 orders (entities are 4 customers : 3 products : 3 orders in ten).
  entities: 3_340,
  tenants: 4,
  redeliveryRate: 0.2,
  outOfOrderRate: 0.3,
  faultRate: 0.2,
  ignoredRate: 0.03,
  hotEntityShare: 0.02,
  hotDeliveryShare: 0.15,
  // Issue #11's fault mix: 20 % of Odoo calls failing and one 10 s outage (was 60 s).
  outage: { calls: 400, maxSeconds: 10 },
  timeouts: 2,
  restarts: [
    { at: 0.2, kind: "evict" },
    { at: 0.4, kind: "abort" },
    { at: 0.6, kind: "evict" },
    { at: 0.8, kind: "abort" },
  ],
  concurrency: 16,
  sendSeconds: 180,
  delivery: {
    maxConcurrency: 10,
    retry: { baseSeconds: 1, maxDelaySeconds: 8 },
    breaker: { failureRate: 0.95, window: 20, minSamples: 10, cooldownSeconds: 2, maxCooldownSeconds: 16 },
  },
  stallSeconds: 400,
};

// --- PRNG ---------------------------------------------------------------------------------------

/** mulberry32: tiny, fast, good enough for test scheduling; deterministic across runtimes. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over the parts: derives independent sub-seeds (per tenant, per rule) from the seed. */
export function hash32(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const ch of parts.join("\u0000")) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

const int = (rand: () => number, lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));

function shuffle<T>(rand: () => number, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

// --- scenario types ---------------------------------------------------------------------------

export interface Entity {
  key: string;
  tenant: number;
  provider: ProviderId;
  source: string;
  kind: Kind;
  /** External id (a Shopify-style numeric id, as a string). */
  id: string;
  versions: number;
  hot: boolean;
  /** Orders: the customer and the products they reference (same tenant and source). */
  customerId?: string;
  products?: { id: string; variantId: string; sku: string }[];
  /** Orders: what their newest version says about payment / cancellation. */
  finalState?: "draft" | "sale" | "cancel";
}

export interface Delivery {
  /** Index in the send list. */
  seq: number;
  /** When it leaves, as a fraction of the send phase (non-decreasing along the send list). */
  at: number;
  tenant: number;
  provider: ProviderId;
  source: string;
  topic: string;
  /** The provider's delivery id (Shopify X-Shopify-Webhook-Id, WooCommerce X-WC-Webhook-Delivery-ID). */
  deliveryId: string;
  /** Entity key, or null for an ignored topic. */
  entity: string | null;
  version: number;
  body: string;
  redelivery: boolean;
}

export interface Scenario {
  profile: ChaosProfile;
  providers: ProviderId[];
  entities: Entity[];
  deliveries: Delivery[];
  /** Tenant whose Odoo is down at the start. */
  downTenant: number;
  /** Tenant that talks JSON-2 instead of JSON-RPC (-1: none). */
  json2Tenant: number;
  /** Send-list positions at which Durable Objects are restarted. */
  restarts: { seq: number; kind: "evict" | "abort" }[];
  /** Fault-schedule indexes (per tenant) that hang past the client timeout. */
  timeouts: { tenant: number; index: number }[];
  stats: {
    written: number;
    redeliveries: number;
    ignored: number;
    outOfOrder: number;
    outOfOrderRate: number;
    hotEntities: number;
    hotDeliveries: number;
    byKind: Record<Kind, number>;
    byProvider: Record<string, number>;
  };
}

/** Stable references the router stamps in Odoo (README: ref / default_code / origin). */
export const sourceOf = (provider: ProviderId) => (provider === "shopify" ? "shop" : "woo");
export const skuOf = (tenant: number, productId: string) => `CHAOS-${tenant}-${productId}`;

/** Epoch ms of version v of an entity: what the provider puts in updated_at / date_modified_gmt. */
export function versionTime(entityIndex: number, v: number): number {
  return Date.UTC(2026, 10, 1) + entityIndex * 1_000 + v * 60_000;
}

// --- what each version says (payloads) and what Odoo must end up with ------------------------

export const customerName = (e: Entity, v: number) => `C${e.id} v${v}`;
export const customerEmail = (e: Entity, v: number) => `c${e.id}.v${v}@chaos.test`;
export const productName = (e: Entity, v: number) => `P${e.id} v${v}`;
/** Price in cents, so it can be compared exactly. */
export const productPriceCents = (e: Entity, v: number) => (Number(e.id) % 90) * 100 + 1_000 + v;
export const orderName = (e: Entity, v: number) => `#O${e.id}-v${v}`;
export const orderLineCount = (e: Entity, v: number) => 1 + ((v + Number(e.id)) % (e.products?.length ?? 1));
/** Versions are read back from the written values (partner name, product name, order reference). */
export const VERSION_TAG = /^(?:C|P|#O)(\d+)[ -]v(\d+)$/;

const COUNTRIES: [string, string | null][] = [["US", "NY"], ["CA", "ON"], ["FR", null], ["DE", null], ["US", "CA"]];
const cents = (n: number) => `${Math.floor(n / 100)}.${String(n % 100).padStart(2, "0")}`;

function shopifyPayload(e: Entity, entityIndex: number, v: number, byKey: Map<string, Entity>, newest: boolean): { topic: string; body: unknown } {
  const updated = new Date(versionTime(entityIndex, v)).toISOString();
  const created = new Date(versionTime(entityIndex, 0)).toISOString();
  if (e.kind === "customer") {
    const [country, province] = COUNTRIES[Number(e.id) % COUNTRIES.length]!;
    return {
      topic: v === 1 ? "customers/create" : "customers/update",
      body: {
        id: Number(e.id),
        email: customerEmail(e, v),
        first_name: `C${e.id}`,
        last_name: `v${v}`,
        phone: null,
        created_at: created,
        updated_at: updated,
        default_address: {
          first_name: `C${e.id}`,
          last_name: `v${v}`,
          address1: `${v} Chaos Street`,
          city: "Testville",
          zip: "10001",
          province_code: province,
          country_code: country,
        },
      },
    };
  }
  if (e.kind === "product") {
    const [variant] = productVariants(e);
    return {
      topic: v === 1 ? "products/create" : "products/update",
      body: {
        id: Number(e.id),
        title: productName(e, v),
        vendor: "Chaos",
        product_type: "Test",
        status: "active",
        created_at: created,
        updated_at: updated,
        variants: [{ id: Number(variant!.variantId), title: "Default Title", sku: variant!.sku, barcode: null, price: cents(productPriceCents(e, v)) }],
      },
    };
  }
  const customer = byKey.get(`${e.tenant}/${e.provider}/customer/${e.customerId}`)!;
  const lines = e.products!.slice(0, orderLineCount(e, v));
  const paid = newest && e.finalState === "sale";
  const cancelled = newest && e.finalState === "cancel";
  return {
    topic: v === 1 ? "orders/create" : cancelled ? "orders/cancelled" : paid ? "orders/paid" : "orders/updated",
    body: {
      id: Number(e.id),
      name: orderName(e, v),
      email: `order${e.id}@chaos.test`,
      currency: "USD",
      created_at: created,
      updated_at: updated,
      cancelled_at: cancelled ? updated : null,
      financial_status: paid ? "paid" : "pending",
      total_price: "0.00",
      note: null,
      // The order's snapshot of its customer is named apart from the customer's own versions:
      // it creates the partner only when it does not exist yet, and never counts as a version.
      customer: {
        id: Number(customer.id),
        email: `c${customer.id}.order@chaos.test`,
        first_name: `C${customer.id}`,
        last_name: "(from order)",
        phone: null,
        default_address: { first_name: `C${customer.id}`, last_name: "(from order)", address1: "1 Order Road", city: "Testville", zip: "10001", country_code: "FR" },
      },
      billing_address: { first_name: `C${customer.id}`, last_name: "(from order)", address1: "1 Order Road", city: "Testville", zip: "10001", country_code: "FR" },
      shipping_address: null,
      line_items: lines.map((p, k) => ({
        id: Number(e.id) * 10 + k,
        product_id: Number(p.id),
        variant_id: Number(p.variantId),
        sku: p.sku,
        name: `P${p.id} (line)`,
        title: `P${p.id}`,
        quantity: 1 + ((v + k) % 4),
        price: "10.00",
        total_discount: "0.00",
      })),
    },
  };
}

function wooPayload(e: Entity, entityIndex: number, v: number): { topic: string; body: unknown } {
  // WooCommerce: GMT times without zone; only customers are generated for this provider.
  const gmt = (ms: number) => new Date(ms).toISOString().slice(0, 19);
  return {
    topic: v === 1 ? "customer.created" : "customer.updated",
    body: {
      id: Number(e.id),
      date_created_gmt: gmt(versionTime(entityIndex, 0)),
      date_modified_gmt: gmt(versionTime(entityIndex, v)),
      email: customerEmail(e, v),
      first_name: `C${e.id}`,
      last_name: `v${v}`,
      role: "customer",
      username: `c${e.id}`,
      billing: { first_name: `C${e.id}`, last_name: `v${v}`, company: "", address_1: `${v} Chaos Street`, address_2: "", city: "Testville", state: "NY", postcode: "10001", country: "US", email: customerEmail(e, v), phone: "" },
      shipping: { first_name: "", last_name: "", company: "", address_1: "", address_2: "", city: "", state: "", postcode: "", country: "" },
    },
  };
}

function productVariants(e: Entity) {
  return [{ id: e.id, variantId: String(42_000_000 + Number(e.id) % 1_000_000), sku: skuOf(e.tenant, e.id) }];
}

function ignoredPayload(rand: () => number, provider: ProviderId, n: number): { topic: string; body: unknown } {
  const at = new Date(Date.UTC(2026, 10, 2) + n * 1_000).toISOString();
  if (provider === "woocommerce") {
    return { topic: "coupon.created", body: { id: 500 + n, code: `chaos${n}`, date_modified_gmt: at.slice(0, 19) } };
  }
  const pick = rand();
  if (pick < 0.4) {
    return { topic: "refunds/create", body: { id: 3_000_000 + n, order_id: 9_000_000 + n, created_at: at, processed_at: at, note: null, transactions: [] } };
  }
  if (pick < 0.8) {
    return { topic: "inventory_levels/update", body: { inventory_item_id: 4_000_000 + n, location_id: 77, available: n % 10, updated_at: at } };
  }
  return { topic: "app/uninstalled", body: { id: 1, name: "chaos shop", domain: "chaos.myshopify.com" } };
}

// --- the generator ----------------------------------------------------------------------------

/**
 * Builds the scenario. `providers` are the providers to include (Shopify always; others only when
 * the router registers them, decided by the caller at run time).
 */
export function generateScenario(profile: ChaosProfile, providers: ProviderId[] = ["shopify"]): Scenario {
  const rand = mulberry32(hash32(profile.seed, "scenario"));
  const nTenants = profile.tenants;
  const redeliveries = Math.round(profile.events * profile.redeliveryRate);
  const ignoredCount = Math.round(profile.events * profile.ignoredRate);
  const written = profile.events - redeliveries - ignoredCount;
  if (written < profile.entities) throw new Error("profile: fewer written deliveries than entities");

  // 1. Entities: customers first (orders need them), then products, then orders; round-robin tenants.
  const withWoo = providers.includes("woocommerce");
  const entities: Entity[] = [];
  const counters = { customer: 0, product: 0, order: 0 };
  const base = { customer: 7_000_000, product: 8_000_000, order: 9_000_000 };
  const kinds: Kind[] = [];
  for (let i = 0; i < profile.entities; i++) kinds.push(i % 10 < 4 ? "customer" : i % 10 < 7 ? "product" : "order");
  for (const kind of ["customer", "product", "order"] as Kind[]) {
    for (const k of kinds.filter((x) => x === kind)) {
      const n = counters[k]++;
      const tenant = n % nTenants;
      // Every 6th customer comes from WooCommerce when it is registered (its own source "woo").
      const provider: ProviderId = withWoo && k === "customer" && n % 6 === 5 ? "woocommerce" : "shopify";
      const id = String(base[k] + n);
      entities.push({ key: `${tenant}/${provider}/${k}/${id}`, tenant, provider, source: sourceOf(provider), kind: k, id, versions: 1, hot: false });
    }
  }
  const byKey = new Map(entities.map((e) => [e.key, e]));
  const shopCustomers = (t: number) => entities.filter((e) => e.tenant === t && e.kind === "customer" && e.provider === "shopify");
  const shopProducts = (t: number) => entities.filter((e) => e.tenant === t && e.kind === "product");
  for (const e of entities.filter((x) => x.kind === "order")) {
    const customers = shopCustomers(e.tenant);
    const products = shopProducts(e.tenant);
    e.customerId = customers[Math.floor(rand() * customers.length)]!.id;
    const pool = shuffle(rand, [...products]).slice(0, Math.min(3, products.length));
    e.products = pool.map((p) => productVariants(p)[0]!);
    const r = rand();
    e.finalState = r < 0.1 ? "sale" : r < 0.15 ? "cancel" : "draft";
  }

  // 2. Versions: every entity at least one; hot entities share hotDeliveryShare of the rest.
  const hotCount = Math.max(1, Math.round(profile.entities * profile.hotEntityShare));
  const hot = shuffle(rand, entities.filter((e) => e.provider === "shopify")).slice(0, hotCount);
  for (const e of hot) e.hot = true;
  let extra = written - entities.length;
  const hotExtra = Math.min(extra, Math.round(written * profile.hotDeliveryShare));
  for (let i = 0; i < hotExtra; i++) hot[i % hot.length]!.versions++;
  extra -= hotExtra;
  for (let i = 0; i < extra; i++) entities[Math.floor(rand() * entities.length)]!.versions++;

  // 3. A time for each first delivery: spread out, hot entities in bursts of consecutive versions.
  interface Slot { t: number; entity: Entity | null; version: number; ignored?: number }
  const slots: Slot[] = [];
  entities.forEach((e) => {
    if (e.hot) {
      // Bursts of 5-20 consecutive versions, the bursts themselves in version order.
      const sizes: number[] = [];
      for (let left = e.versions; left > 0; left -= sizes.at(-1)!) sizes.push(Math.min(left, int(rand, 5, 20)));
      const centers = sizes.map(() => rand()).sort((a, b) => a - b);
      let v = 1;
      sizes.forEach((size, b) => {
        for (let j = 0; j < size; j++, v++) slots.push({ t: centers[b]! + j * 1e-9, entity: e, version: v });
      });
      return;
    }
    const times = Array.from({ length: e.versions }, () => rand()).sort((a, b) => a - b);
    times.forEach((t, i) => slots.push({ t, entity: e, version: i + 1 }));
  });
  for (let n = 0; n < ignoredCount; n++) slots.push({ t: rand(), entity: null, version: 0, ignored: n });
  slots.sort((a, b) => a.t - b.t);
  const slotTimes = slots.map((s) => s.t); // send times by position (kept when versions are swapped)

  // 4. Out of order: swap disjoint pairs of consecutive versions of one entity until outOfOrderRate
  // of the written deliveries arrive after a newer version of their entity.
  const positions = new Map<string, number[]>(); // entity key -> slot index of version v at [v-1]
  slots.forEach((s, i) => {
    if (!s.entity) return;
    const list = positions.get(s.entity.key) ?? [];
    list[s.version - 1] = i;
    positions.set(s.entity.key, list);
  });
  const pairs: [string, number][] = [];
  for (const e of entities) for (let v = 1; v < e.versions; v++) pairs.push([e.key, v]);
  shuffle(rand, pairs);
  const used = new Set<string>();
  const target = Math.round(written * profile.outOfOrderRate);
  let swaps = 0;
  for (const [key, v] of pairs) {
    if (swaps >= target) break;
    if (used.has(`${key}#${v}`) || used.has(`${key}#${v + 1}`)) continue;
    used.add(`${key}#${v}`);
    used.add(`${key}#${v + 1}`);
    const list = positions.get(key)!;
    const a = list[v - 1]!;
    const b = list[v]!;
    [slots[a], slots[b]] = [slots[b]!, slots[a]!];
    swaps++;
  }

  // 5. Payloads and delivery ids of the first deliveries.
  const entityIndex = new Map(entities.map((e, i) => [e.key, i]));
  type Draft = Omit<Delivery, "seq" | "at"> & { pos: number };
  const drafts: Draft[] = [];
  const ignoredProviders: ProviderId[] = providers;
  slots.forEach((s, i) => {
    if (s.entity) {
      const e = s.entity;
      const newest = s.version === e.versions;
      const { topic, body } =
        e.provider === "shopify"
          ? shopifyPayload(e, entityIndex.get(e.key)!, s.version, byKey, newest)
          : wooPayload(e, entityIndex.get(e.key)!, s.version);
      drafts.push({
        pos: i,
        tenant: e.tenant,
        provider: e.provider,
        source: e.source,
        topic,
        deliveryId: `chaos-${profile.seed}-${drafts.length}`,
        entity: e.key,
        version: s.version,
        body: JSON.stringify(body),
        redelivery: false,
      });
    } else {
      const provider = ignoredProviders[s.ignored! % ignoredProviders.length]!;
      const { topic, body } = ignoredPayload(rand, provider, s.ignored!);
      drafts.push({
        pos: i,
        tenant: s.ignored! % nTenants,
        provider,
        source: sourceOf(provider),
        topic,
        deliveryId: `chaos-${profile.seed}-${drafts.length}`,
        entity: null,
        version: 0,
        body: JSON.stringify(body),
        redelivery: false,
      });
    }
  });

  // 6. Redeliveries: the same delivery (same id, same bytes) again, either right behind it (in
  // flight at the same time) or much later. Some deliveries are redelivered more than once.
  const firsts = drafts.filter((d) => d.entity !== null);
  for (let n = 0; n < redeliveries; n++) {
    const original = firsts[Math.floor(rand() * firsts.length)]!;
    const soon = rand() < 0.4;
    const pos = soon
      ? original.pos + 1 + rand() * profile.concurrency
      : original.pos + 1 + rand() * (slots.length - original.pos);
    drafts.push({ ...original, pos: pos - 0.5, redelivery: true });
  }
  drafts.sort((a, b) => a.pos - b.pos);
  const deliveries: Delivery[] = drafts.map(({ pos, ...d }, seq) => ({
    ...d,
    seq,
    at: slotTimes[Math.min(slotTimes.length - 1, Math.max(0, Math.floor(pos)))]!,
  }));

  // 7. Measured out-of-order share (first deliveries arriving after a newer version).
  const newestSent = new Map<string, number>();
  let outOfOrder = 0;
  for (const d of deliveries) {
    if (!d.entity || d.redelivery) continue;
    const seen = newestSent.get(d.entity) ?? 0;
    if (d.version < seen) outOfOrder++;
    else newestSent.set(d.entity, d.version);
  }

  // 8. Faults and restarts.
  const frand = mulberry32(hash32(profile.seed, "faults"));
  const downTenant = Math.floor(frand() * nTenants);
  const json2Tenant = nTenants > 1 ? (downTenant + 1) % nTenants : -1;
  const timeouts = Array.from({ length: profile.timeouts }, (_, k) => ({ tenant: (downTenant + 1 + k) % nTenants, index: int(frand, 200, 1_500) }));
  const restarts = profile.restarts.map((r) => ({ seq: Math.floor(r.at * deliveries.length), kind: r.kind }));

  const byKind = { customer: 0, product: 0, order: 0 };
  const byProvider: Record<string, number> = {};
  for (const d of deliveries) {
    byProvider[d.provider] = (byProvider[d.provider] ?? 0) + 1;
    if (d.entity) byKind[byKey.get(d.entity)!.kind]++;
  }
  return {
    profile,
    providers,
    entities,
    deliveries,
    downTenant,
    json2Tenant,
    restarts,
    timeouts,
    stats: {
      written,
      redeliveries,
      ignored: ignoredCount,
      outOfOrder,
      outOfOrderRate: outOfOrder / written,
      hotEntities: hot.length,
      hotDeliveries: hot.reduce((n, e) => n + e.versions, 0),
      byKind,
      byProvider,
    },
  };
}

// --- the Odoo fault schedule ------------------------------------------------------------------

export type FaultRule = { kind: string; times?: number; delayMs?: number; retryAfter?: number };

/** Mix of the faulty calls (weights): proxies, resets, rate limits, DB conflicts, lost responses. */
const FAULT_MIX: [FaultRule, number][] = [
  [{ kind: "http_500" }, 2],
  [{ kind: "http_502" }, 2],
  [{ kind: "http_503" }, 2],
  [{ kind: "reset" }, 2],
  [{ kind: "rate_limited", retryAfter: 1 }, 2],
  [{ kind: "concurrency" }, 2],
  [{ kind: "lock" }, 1],
  [{ kind: "lost_response" }, 2],
  // A business error (Odoo's ValidationError): the event is dead at once, with Odoo's message.
  [{ kind: "validation" }, 0.25],
];
const FAULT_WEIGHT = FAULT_MIX.reduce((n, [, w]) => n + w, 0);
export const PASS: FaultRule = { kind: "slow", delayMs: 0 };

/**
 * Rule `index` of a tenant's schedule (the emulator consumes one rule per Odoo object call, in
 * order): a pass-through for (1 - faultRate) of them, a fault otherwise. Random access, so the
 * driver can hand the emulator the schedule in chunks.
 */
export function faultRule(scenario: Scenario, tenant: number, index: number): FaultRule {
  if (scenario.timeouts.some((t) => t.tenant === tenant && t.index === index)) return { kind: "slow", delayMs: 31_000 };
  const rand = mulberry32(hash32(scenario.profile.seed, "rule", tenant, index));
  if (rand() >= scenario.profile.faultRate) return PASS;
  let pick = rand() * FAULT_WEIGHT;
  for (const [rule, weight] of FAULT_MIX) {
    pick -= weight;
    if (pick < 0) return rule;
  }
  return FAULT_MIX[0]![0];
}

// --- expectations -----------------------------------------------------------------------------

export interface Expected {
  model: "res.partner" | "product.product" | "sale.order";
  /** The stable reference the record is found by. */
  ref: string;
  version: number;
  name: string;
  email?: string;
  priceCents?: number;
  lines?: number;
  state?: string;
}

/** What Odoo must hold for the entity once its newest version has been written. */
export function expectedRecord(e: Entity): Expected {
  const v = e.versions;
  if (e.kind === "customer") return { model: "res.partner", ref: `${e.source}:${e.id}`, version: v, name: customerName(e, v), email: customerEmail(e, v) };
  if (e.kind === "product") return { model: "product.product", ref: skuOf(e.tenant, e.id), version: v, name: productName(e, v), priceCents: productPriceCents(e, v) };
  return { model: "sale.order", ref: `${e.source}:${e.id}`, version: v, name: orderName(e, v), lines: orderLineCount(e, v), state: e.finalState ?? "draft" };
}

/** A short hash of everything generated: two runs with the same seed print the same one. */
export function fingerprint(scenario: Scenario, rulesPerTenant = 2_000): string {
  let h = hash32("chaos");
  const mix = (s: string) => {
    h = hash32(h, s);
  };
  for (const d of scenario.deliveries) mix(`${d.seq}|${d.at}|${d.tenant}|${d.topic}|${d.deliveryId}|${d.redelivery}|${d.body}`);
  for (let t = 0; t < scenario.profile.tenants; t++) {
    for (let i = 0; i < rulesPerTenant; i++) mix(JSON.stringify(faultRule(scenario, t, i)));
  }
  mix(JSON.stringify([scenario.downTenant, scenario.json2Tenant, scenario.restarts, scenario.timeouts]));
  return h.toString(16).padStart(8, "0");
}

/**
 * What each target of the stock flow should hold, from Odoo's quantities per warehouse: pure, no
 * I/O (unit-tested in test/outbound/stock-plan-*.unit.test.ts). The flow (stock.ts) reads Odoo,
 * calls this, compares with the ledger and writes the difference.
 *
 * - Providers with locations (Shopify, Square) get one quantity per provider location: the
 *   warehouses `outbound.stock.locations` maps to it for that target (a string value maps a
 *   warehouse for every target, an object per target source id); several warehouses mapped to one
 *   location add up. A target with no mapped warehouse gets nothing (it is reported, not guessed).
 * - WooCommerce keeps one stock per product: it gets the sum over the warehouses mapped for it (the
 *   mapped value is not used), or over all warehouses when none is mapped for it.
 * - Each warehouse's quantity is clamped before it is added: a negative quantity (an oversold
 *   warehouse) is 0, not a debt on the others, and a fraction is rounded down (never promise a
 *   unit Odoo does not have; the providers hold whole units).
 */
import type { OutboundConfig } from "../flow";

/** Where the stock of a target is kept. */
export const LOCATION_PROVIDERS = ["shopify", "square"] as const;
export const SINGLE_STOCK_PROVIDERS = ["woocommerce"] as const;

export interface StockTargetRef {
  sourceId: string;
  provider: string;
}

/** Odoo's quantities of one product: per warehouse code, and over all warehouses. */
export interface OdooStock {
  /** null = the warehouse code is not in Odoo (a routing error, reported per target). */
  byWarehouse: Record<string, number | null>;
  /** Over every warehouse (no warehouse in the read's context); null when not read. */
  all: number | null;
}

export type StockPlan =
  | { sourceId: string; provider: string; status: "hold"; locationId: string | null; quantity: number; warehouses: string[] }
  | { sourceId: string; provider: string; status: "skipped"; locationId: string | null; reason: string };

/** A quantity a provider can hold: whole units, never negative. */
export function clampQuantity(quantity: number): number {
  if (!Number.isFinite(quantity) || quantity <= 0) return 0;
  // 1e-9 tolerates Odoo's float sums (2.9999999999 units on hand is 3).
  return Math.floor(quantity + 1e-9);
}

/** The provider location a warehouse maps to for this target, or null when it maps to none. */
export function locationFor(value: string | Record<string, string>, sourceId: string): string | null {
  return typeof value === "string" ? value : (value[sourceId] ?? null);
}

/** The warehouse codes a flow must read: every mapped one, and "all" when a single-stock target has none mapped. */
export function warehousesToRead(config: OutboundConfig<"stock">, targets: StockTargetRef[]): { codes: string[]; all: boolean } {
  const codes = Object.keys(config.locations);
  const all = targets.some(
    (t) => (SINGLE_STOCK_PROVIDERS as readonly string[]).includes(t.provider) && !codes.some((c) => locationFor(config.locations[c]!, t.sourceId) !== null),
  );
  return { codes, all };
}

export function planStock(config: OutboundConfig<"stock">, targets: StockTargetRef[], stock: OdooStock): StockPlan[] {
  const plans: StockPlan[] = [];
  for (const t of targets) {
    const mapped = Object.entries(config.locations)
      .map(([code, value]) => ({ code, location: locationFor(value, t.sourceId) }))
      .filter((m): m is { code: string; location: string } => m.location !== null);
    const unknown = mapped.filter((m) => stock.byWarehouse[m.code] === null || stock.byWarehouse[m.code] === undefined);
    for (const m of unknown) {
      plans.push({ ...ref(t), status: "skipped", locationId: m.location, reason: `warehouse "${m.code}" of outbound.stock.locations is not an Odoo warehouse code` });
    }
    const known = mapped.filter((m) => !unknown.includes(m));

    if ((LOCATION_PROVIDERS as readonly string[]).includes(t.provider)) {
      if (mapped.length === 0) {
        plans.push({ ...ref(t), status: "skipped", locationId: null, reason: `no warehouse of outbound.stock.locations maps to a location of source "${t.sourceId}"` });
        continue;
      }
      const byLocation = new Map<string, { quantity: number; warehouses: string[] }>();
      for (const m of known) {
        const sum = byLocation.get(m.location) ?? { quantity: 0, warehouses: [] };
        sum.quantity += clampQuantity(stock.byWarehouse[m.code]!);
        sum.warehouses.push(m.code);
        byLocation.set(m.location, sum);
      }
      for (const [locationId, sum] of byLocation) plans.push({ ...ref(t), status: "hold", locationId, ...sum });
      continue;
    }

    if ((SINGLE_STOCK_PROVIDERS as readonly string[]).includes(t.provider)) {
      if (mapped.length > 0) {
        // Warehouses mapped but none known: already reported above.
        if (known.length > 0) {
          const quantity = known.reduce((s, m) => s + clampQuantity(stock.byWarehouse[m.code]!), 0);
          plans.push({ ...ref(t), status: "hold", locationId: null, quantity, warehouses: known.map((m) => m.code) });
        }
      } else if (stock.all === null) {
        plans.push({ ...ref(t), status: "skipped", locationId: null, reason: "the quantity over all warehouses was not read" });
      } else {
        plans.push({ ...ref(t), status: "hold", locationId: null, quantity: clampQuantity(stock.all), warehouses: ["*"] });
      }
      continue;
    }

    plans.push({ ...ref(t), status: "skipped", locationId: null, reason: `stock is written to Shopify, WooCommerce and Square, not to ${t.provider}` });
  }
  return plans;
}

const ref = (t: StockTargetRef) => ({ sourceId: t.sourceId, provider: t.provider });

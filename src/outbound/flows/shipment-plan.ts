/**
 * What a delivery done in Odoo should become at each provider: pure decisions, no I/O, so they are
 * unit-tested without bindings (test/outbound/shipment-plan-*.unit.test.ts). The flow
 * (shipment.ts) reads Odoo and the providers, asks these functions, and writes.
 *
 * One Odoo delivery (an outgoing `stock.picking` in state `done`) is one shipment: a partial
 * delivery fulfils only its own quantities, and the backorder's later picking is a second shipment
 * of what is left. The provider lines are matched by SKU (the Odoo product's `default_code`): the
 * inbound order writer keeps no provider line ids on `sale.order.line`.
 */

/** The tracking of a delivery, as Odoo holds it (`carrier_tracking_ref` split on commas). */
export interface Tracking {
  /** The carrier's name (`carrier_id`), null when the picking has none. */
  company: string | null;
  numbers: string[];
  /** `carrier_tracking_url`, when the carrier makes one. */
  url: string | null;
}

/** One product of a done delivery, with the quantity that left. */
export interface DeliveredLine {
  productId: number;
  /** The product's `default_code`: how the provider's line is found. */
  sku: string | null;
  quantity: number;
  /** The provider's variant id the inbound writers mapped to this product, when one did (a line without SKU). */
  variantId?: string | null;
}

/** A done outgoing picking, read back from Odoo. */
export interface Delivery {
  pickingId: number;
  /** "WH/OUT/00012": named in notes, so a note written before is recognised. */
  name: string;
  saleOrderId: number;
  lines: DeliveredLine[];
  tracking: Tracking;
  /** No outgoing picking of the order is left to do (all done or cancelled). */
  orderFullyDelivered: boolean;
}

/** `carrier_tracking_ref` as Odoo keeps it: several parcels' numbers joined by commas (send_to_shipper appends ",<number>"). */
export function trackingNumbers(ref: unknown): string[] {
  if (typeof ref !== "string") return [];
  const numbers = ref.split(",").map((n) => n.trim()).filter((n) => n !== "");
  return [...new Set(numbers)];
}

/**
 * `carrier_tracking_url`: a URL, or for multi-parcel shipments a JSON list of `[name, url]` pairs
 * (stock_delivery `get_multiple_carrier_tracking`); the first URL is the shipment's.
 */
export function trackingUrl(value: unknown): string | null {
  if (typeof value !== "string" || value.trim() === "") return null;
  const text = value.trim();
  if (text.startsWith("[")) {
    try {
      const pairs: unknown = JSON.parse(text);
      if (Array.isArray(pairs)) {
        for (const pair of pairs) if (Array.isArray(pair) && typeof pair[1] === "string" && /^https?:\/\//.test(pair[1])) return pair[1];
      }
    } catch {
      return null;
    }
    return null;
  }
  return /^https?:\/\//.test(text) ? text : null;
}

export const sameTracking = (a: Tracking, b: Tracking): boolean =>
  a.company === b.company && a.url === b.url && a.numbers.length === b.numbers.length && a.numbers.every((n, i) => n === b.numbers[i]);

export const hasTracking = (t: Tracking): boolean => t.numbers.length > 0;

// ---- Shopify: fulfilment orders and fulfilments ----

/** An open fulfilment order's line that can still be fulfilled. */
export interface FulfillmentOrderLine {
  /** The FulfillmentOrderLineItem gid (what fulfillmentCreate takes). */
  id: string;
  /** The order's LineItem gid (what a Fulfillment's lines name). */
  lineItemId: string;
  sku: string | null;
  /** The line's variant (`legacyResourceId`), when it has one. */
  variantId?: string | null;
  remainingQuantity: number;
}

export interface OpenFulfillmentOrder {
  id: string;
  /** The location it is assigned to: one fulfilment covers fulfilment orders of one location only. */
  locationId?: string | null;
  lines: FulfillmentOrderLine[];
}

/** The lines of one fulfillmentCreate, per fulfilment order (Shopify's lineItemsByFulfillmentOrder). */
export interface Allocation {
  fulfillmentOrderId: string;
  lines: { id: string; lineItemId: string; quantity: number }[];
}

export interface FulfilmentPlan {
  allocations: Allocation[];
  /** Delivered quantities Shopify has nothing open for (fulfilled there already, or no such SKU). */
  unmatched: { sku: string | null; quantity: number }[];
}

/** The provider line is the product's: the same SKU, else the variant the inbound writers mapped to it. */
const isLineOf = (product: DeliveredLine, line: FulfillmentOrderLine) =>
  (product.sku !== null && line.sku === product.sku) || (!!product.variantId && line.variantId === product.variantId);

/**
 * Which fulfilment-order lines a delivery fulfils: per product, the delivered quantity is taken from
 * the open lines in order, never more than their `remainingQuantity` (Shopify refuses over-fulfilment).
 */
export function allocateFulfilment(lines: DeliveredLine[], fulfillmentOrders: OpenFulfillmentOrder[]): FulfilmentPlan {
  // Shopify takes one call across fulfilment orders only when they share a location (an Odoo
  // delivery leaves one warehouse): the location that covers most of the delivery is the one.
  const locations = [...new Set(fulfillmentOrders.map((fo) => fo.locationId ?? null))];
  if (locations.length > 1) {
    const plans = locations.map((at) => allocateAt(lines, fulfillmentOrders.filter((fo) => (fo.locationId ?? null) === at)));
    const covered = (p: FulfilmentPlan) => p.allocations.reduce((n, a) => n + a.lines.reduce((m, l) => m + l.quantity, 0), 0);
    return plans.reduce((best, p) => (covered(p) > covered(best) ? p : best));
  }
  return allocateAt(lines, fulfillmentOrders);
}

function allocateAt(lines: DeliveredLine[], fulfillmentOrders: OpenFulfillmentOrder[]): FulfilmentPlan {
  const wanted = new Map<number, DeliveredLine>();
  for (const line of lines) {
    if (line.quantity <= 0) continue;
    const seen = wanted.get(line.productId);
    wanted.set(line.productId, seen ? { ...seen, quantity: seen.quantity + line.quantity } : { ...line });
  }
  const taken = new Map<string, number>();
  const byOrder = new Map<string, Allocation>();
  const unmatched: FulfilmentPlan["unmatched"] = [];
  for (const product of wanted.values()) {
    const { sku, quantity } = product;
    let left = quantity;
    for (const fo of fulfillmentOrders) {
      for (const line of fo.lines) {
        if (left <= 0 || !isLineOf(product, line)) continue;
        const available = line.remainingQuantity - (taken.get(line.id) ?? 0);
        if (available <= 0) continue;
        const qty = Math.min(available, left);
        taken.set(line.id, (taken.get(line.id) ?? 0) + qty);
        left -= qty;
        let allocation = byOrder.get(fo.id);
        if (!allocation) byOrder.set(fo.id, (allocation = { fulfillmentOrderId: fo.id, lines: [] }));
        const existing = allocation.lines.find((l) => l.id === line.id);
        if (existing) existing.quantity += qty;
        else allocation.lines.push({ id: line.id, lineItemId: line.lineItemId, quantity: qty });
      }
    }
    if (left > 0) unmatched.push({ sku, quantity: left });
  }
  return { allocations: [...byOrder.values()], unmatched };
}

/** The order's line items and quantities an allocation fulfils (what the resulting Fulfillment lists). */
export function fulfilledLines(allocations: Allocation[]): Record<string, number> {
  const lines: Record<string, number> = {};
  for (const a of allocations) for (const l of a.lines) lines[l.lineItemId] = (lines[l.lineItemId] ?? 0) + l.quantity;
  return lines;
}

/** A fulfilment of the order as Shopify lists it. */
export interface ExistingFulfilment {
  id: string;
  status: string | null;
  trackingNumbers: string[];
  /** LineItem gid -> quantity. */
  lines: Record<string, number>;
}

/**
 * A create whose answer may have been lost: recorded in the ledger before fulfillmentCreate is
 * called, with the fulfilments the order had then and the lines the create asks for.
 */
export interface PendingFulfilment {
  pending: true;
  before: string[];
  lines: Record<string, number>;
  /** The tracking numbers the create sent (tells it from another delivery's fulfilment of the same lines). */
  numbers?: string[];
}

/** The ledger's value once the fulfilment exists. */
export interface RecordedFulfilment {
  fulfillmentId: string;
  lines: Record<string, number>;
  tracking: Tracking;
}

export type FulfilmentLedgerValue = PendingFulfilment | RecordedFulfilment;

const sameLines = (a: Record<string, number>, b: Record<string, number>) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);

/**
 * This delivery's fulfilment, if Shopify already has it (look before create; fulfillmentCreate has no
 * idempotency key):
 * - after a create whose answer was lost: a fulfilment the order did not have before the create,
 *   with exactly the lines it asked for;
 * - without a ledger entry (a ledger lost, a resync): a fulfilment carrying one of the delivery's
 *   tracking numbers.
 */
export function ownFulfilment(
  fulfilments: ExistingFulfilment[],
  pending: PendingFulfilment | null,
  tracking: Tracking,
): ExistingFulfilment | null {
  const live = fulfilments.filter((f) => f.status !== "CANCELLED" && f.status !== "ERROR" && f.status !== "FAILURE");
  if (pending) {
    const before = new Set(pending.before);
    const sent = new Set(pending.numbers ?? []);
    // Another delivery of the same lines, created meanwhile, carries other tracking numbers.
    const sameNumbers = (f: ExistingFulfilment) => sent.size === 0 || f.trackingNumbers.length === 0 || f.trackingNumbers.some((n) => sent.has(n));
    const created = live.find((f) => !before.has(f.id) && sameLines(f.lines, pending.lines) && sameNumbers(f));
    if (created) return created;
  }
  if (tracking.numbers.length) {
    const numbers = new Set(tracking.numbers);
    return live.find((f) => f.trackingNumbers.some((n) => numbers.has(n))) ?? null;
  }
  return null;
}

export type ShopifyStep =
  | { action: "create"; allocations: Allocation[]; lines: Record<string, number>; unmatched: FulfilmentPlan["unmatched"] }
  | { action: "updateTracking"; fulfillmentId: string }
  | { action: "none"; reason: string; fulfillmentId: string | null };

/**
 * What to do at Shopify for one delivery: with its fulfilment known (ledger or found), update the
 * tracking when Odoo's differs; else create a fulfilment of what is still open, or nothing when
 * Shopify has nothing open for the delivered SKUs.
 */
export function shopifyStep(delivery: Delivery, recorded: RecordedFulfilment | null, fulfillmentOrders: OpenFulfillmentOrder[]): ShopifyStep {
  if (recorded) {
    if (sameTracking(recorded.tracking, delivery.tracking)) return { action: "none", reason: "fulfilled with this tracking", fulfillmentId: recorded.fulfillmentId };
    if (!hasTracking(delivery.tracking)) return { action: "none", reason: "Odoo has no tracking number to send", fulfillmentId: recorded.fulfillmentId };
    return { action: "updateTracking", fulfillmentId: recorded.fulfillmentId };
  }
  const plan = allocateFulfilment(delivery.lines, fulfillmentOrders);
  if (!plan.allocations.length) {
    const skus = plan.unmatched.map((u) => u.sku ?? "(no SKU)").join(", ");
    return { action: "none", reason: `Shopify has nothing open to fulfil for ${skus || "this delivery"}`, fulfillmentId: null };
  }
  return { action: "create", allocations: plan.allocations, lines: fulfilledLines(plan.allocations), unmatched: plan.unmatched };
}

// ---- WooCommerce: completed + a customer note ----

/** The customer note of a delivery with tracking; its first line names the picking, so it is recognised later. */
export function deliveryNote(delivery: Delivery): string | null {
  const { tracking } = delivery;
  if (!hasTracking(tracking)) return null;
  const via = tracking.company ? ` via ${tracking.company}` : "";
  const lines = [`Shipped (${delivery.name})${via}: tracking ${tracking.numbers.join(", ")}`];
  if (tracking.url) lines.push(tracking.url);
  return lines.join("\n");
}

export interface WooStep {
  /** Set the order `completed` (the whole order left, and WooCommerce does not have it completed yet). */
  complete: boolean;
  /** The customer note to add (null: no tracking, or the shop already has this note). */
  note: string | null;
}

/**
 * A note the shop has already tells this delivery's tracking: it names the picking and every number.
 * Not an exact comparison: WordPress may escape or reformat a note's text when it stores it.
 */
const notedAlready = (delivery: Delivery, notes: string[]) =>
  notes.some((n) => n.includes(`(${delivery.name})`) && delivery.tracking.numbers.every((number) => n.includes(number)));

export function wooStep(delivery: Delivery, order: { status: string }, notes: string[]): WooStep {
  const note = deliveryNote(delivery);
  return {
    complete: delivery.orderFullyDelivered && order.status !== "completed" && order.status !== "cancelled" && order.status !== "refunded",
    note: note !== null && !notedAlready(delivery, notes) ? note : null,
  };
}

// ---- PayPal: a tracker per tracking number on the capture ----

/** The tracking numbers PayPal has no tracker for yet (trackers of the order's purchase units). */
export function missingTrackers(tracking: Tracking, existing: string[]): string[] {
  const have = new Set(existing);
  return tracking.numbers.filter((n) => !have.has(n));
}

/**
 * PayPal's carrier code for Odoo's carrier name (PayPal's list: developer.paypal.com/docs/tracking/
 * reference/carriers); a carrier it does not name is sent as OTHER with `carrier_name_other`.
 */
export function paypalCarrier(company: string | null): { carrier: string; carrier_name_other?: string } {
  const name = (company ?? "").toUpperCase();
  const known: [RegExp, string][] = [
    [/\bUPS\b/, "UPS"],
    [/\bUSPS\b/, "USPS"],
    [/\bFEDEX\b/, "FEDEX"],
    [/\bDHL\b/, "DHL"],
    [/\bDPD\b/, "DPD"],
    [/\bGLS\b/, "GLS"],
    [/\bTNT\b/, "TNT"],
  ];
  for (const [pattern, code] of known) if (pattern.test(name)) return { carrier: code };
  return { carrier: "OTHER", carrier_name_other: company ?? "Other" };
}

// ---- Square: the order's shipment fulfilment ----

export interface SquareFulfilment {
  uid: string;
  type: string;
  state: string;
  trackingNumber: string | null;
}

/**
 * The shipment fulfilment to complete and its tracking, or null when Square already holds it. Square
 * keeps one tracking number per shipment: the first of the delivery's numbers. Only once the whole
 * order left is it COMPLETED (a partial delivery sends the tracking only).
 */
export function squareStep(delivery: Delivery, fulfilments: SquareFulfilment[]): { uid: string; state: string; trackingNumber: string | null } | null {
  const shipment = fulfilments.find((f) => f.type === "SHIPMENT" && f.state !== "CANCELED" && f.state !== "FAILED");
  if (!shipment) return null;
  const state = delivery.orderFullyDelivered ? "COMPLETED" : shipment.state;
  const trackingNumber = delivery.tracking.numbers[0] ?? shipment.trackingNumber;
  if (state === shipment.state && trackingNumber === shipment.trackingNumber) return null;
  return { uid: shipment.uid, state, trackingNumber };
}

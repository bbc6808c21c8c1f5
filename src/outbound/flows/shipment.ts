/**
 * The shipment flow (routing `outbound.shipment`): an outgoing delivery done in Odoo, for an order
 * that came from a provider, becomes that provider's shipment record:
 * - Shopify: a fulfilment of the delivered lines on the order's fulfilment orders, with tracking
 *   (company, numbers, URL); a partial delivery is a partial fulfilment, the backorder's later
 *   picking a second one; a tracking number set later updates the fulfilment's tracking.
 * - WooCommerce: a customer note with the tracking, and the order `completed` once all of it left.
 * - Square: the order's shipment fulfilment gets the tracking, and COMPLETED once all of it left.
 * - PayPal: a tracker per tracking number on the capture of the order (only orders paid through a
 *   PayPal capture the router registered in Odoo).
 *
 * Entity: the `stock.picking` id. The callback is a hint: the picking, its moves, its order and its
 * tracking are read back from Odoo, and nothing goes out before the picking is `done`.
 *
 * One delivery is at most one fulfilment, also after a lost answer. Shopify's fulfillmentCreate has
 * no idempotency key, so before it is called the ledger records the create as pending (with the
 * order's fulfilments at that moment); a retry reads the order's fulfilments and takes the new one
 * with the same lines as this delivery's instead of creating another (shipment-plan.ts
 * `ownFulfilment`). Over-fulfilment is refused by Shopify (a userError, `data`): never retried.
 *
 * Ledger object keys (per target source):
 * - `fulfillment:<picking id>@<order gid>`   Shopify: `{fulfillmentId, lines, tracking}` once
 *   created, `{pending, before, lines}` while a create's answer is outstanding;
 * - `note:<picking id>@order/<id>`            WooCommerce: `{note}` (the customer note added);
 * - `status:order/<id>`                       WooCommerce: `"completed"`;
 * - `fulfillment:<uid>@order/<id>`            Square: `{state, trackingNumber}`;
 * - `tracker:<picking id>@<paypal order id>`  PayPal: `{numbers}` (the numbers tracked).
 */
import { OdooError } from "../../odoo/errors";
import type { OdooClient } from "../../odoo/client";
import { paypalAddTracker, paypalCapture, paypalOrderTrackers } from "../../providers/paypal-api";
import {
  shopifyCreateFulfillment,
  shopifyOrderGid,
  shopifyShipmentState,
  shopifyUpdateTracking,
  type ShopifyTrackingInput,
} from "../../providers/shopify-api";
import { squareOrderFulfilments, squareUpdateFulfilment } from "../../providers/square-api";
import { wooAddCustomerNote, wooCompleteOrder, wooOrderNotes, wooOrderStatus } from "../../providers/woocommerce-api";
import type { OutboundContext, OutboundFlow, OutboundResult, OutboundTarget, OutboundWrite, WatchedModel } from "../flow";
import { skippedWrite } from "../flow";
import {
  deliveryNote,
  missingTrackers,
  ownFulfilment,
  paypalCarrier,
  sameTracking,
  shopifyStep,
  squareStep,
  trackingNumbers,
  trackingUrl,
  wooStep,
  type Delivery,
  type FulfilmentLedgerValue,
  type PendingFulfilment,
  type RecordedFulfilment,
  type Tracking,
} from "./shipment-plan";

type Ctx = OutboundContext<"shipment">;

// ---- reading the delivery back from Odoo ----

interface PickingRow {
  id: number;
  name: string;
  state: string;
  picking_type_code: string | false;
  sale_id: [number, string] | false;
  move_ids: number[];
  carrier_id?: [number, string] | false;
  carrier_tracking_ref?: string | false;
  carrier_tracking_url?: string | false;
}

interface MoveRow {
  id: number;
  product_id: [number, string] | false;
  state: string;
  quantity?: number;
  quantity_done?: number;
}

/** The carrier fields come with `delivery` (16) / `stock_delivery` (17+): without it a picking has no tracking. */
const CARRIER_FIELDS = ["carrier_id", "carrier_tracking_ref", "carrier_tracking_url"] as const;

async function carrierFields(odoo: OdooClient): Promise<string[]> {
  const fields = await odoo.call<Record<string, unknown>>("stock.picking", "fields_get", [[...CARRIER_FIELDS]], { attributes: ["type"] });
  return CARRIER_FIELDS.filter((f) => f in fields);
}

/** The done quantity of a move: `quantity_done` in 16, `quantity` from 17 on (renamed). */
const doneField = (odooVersion: number) => (odooVersion <= 16 ? "quantity_done" : "quantity");

type Read = { status: "delivery"; delivery: Delivery; picking: PickingRow } | { status: "skip"; reason: string };

async function readDelivery(ctx: Ctx, pickingId: number): Promise<Read> {
  const { odoo } = ctx;
  const extra = await carrierFields(odoo);
  const [picking] = await odoo.call<PickingRow[]>("stock.picking", "read", [[pickingId], ["name", "state", "picking_type_code", "sale_id", "move_ids", ...extra]]);
  if (!picking) return { status: "skip", reason: `stock.picking ${pickingId} is gone from Odoo` };
  if (picking.picking_type_code !== "outgoing") return { status: "skip", reason: `${picking.name} is not an outgoing delivery` };
  if (picking.state !== "done") return { status: "skip", reason: `${picking.name} is not done (state ${picking.state})` };
  if (!picking.sale_id) return { status: "skip", reason: `${picking.name} belongs to no sale order` };

  const qty = doneField(ctx.odooVersion);
  const moves = picking.move_ids.length ? await odoo.call<MoveRow[]>("stock.move", "read", [picking.move_ids, ["product_id", "state", qty]]) : [];
  const done = moves.filter((m) => m.state === "done" && m.product_id);
  const productIds = [...new Set(done.map((m) => (m.product_id as [number, string])[0]))];
  const products = productIds.length
    ? await odoo.call<{ id: number; default_code: string | false }[]>("product.product", "read", [productIds, ["default_code"]])
    : [];
  const skuOf = new Map(products.map((p) => [p.id, p.default_code || null]));
  const lines = done
    .map((m) => {
      const productId = (m.product_id as [number, string])[0];
      return { productId, sku: skuOf.get(productId) ?? null, quantity: Number(m[qty] ?? 0) };
    })
    .filter((l) => l.quantity > 0);

  const saleOrderId = picking.sale_id[0];
  // The whole order left when no outgoing picking of it is still to do (backorders included).
  const open = await odoo.call<number[]>(
    "stock.picking",
    "search",
    [[["sale_id", "=", saleOrderId], ["picking_type_code", "=", "outgoing"], ["state", "not in", ["done", "cancel"]]]],
    { limit: 1 },
  );
  const tracking: Tracking = {
    company: picking.carrier_id ? picking.carrier_id[1] : null,
    numbers: trackingNumbers(picking.carrier_tracking_ref),
    url: trackingUrl(picking.carrier_tracking_url),
  };
  return {
    status: "delivery",
    picking,
    delivery: { pickingId: picking.id, name: picking.name, saleOrderId, lines, tracking, orderFullyDelivered: open.length === 0 },
  };
}

// ---- per provider ----


const shopifyTracking = (t: Tracking): ShopifyTrackingInput => ({ company: t.company, numbers: t.numbers, urls: t.url ? [t.url] : [] });
const isRecorded = (v: FulfilmentLedgerValue | undefined): v is RecordedFulfilment => !!v && "fulfillmentId" in v;
const isPending = (v: FulfilmentLedgerValue | undefined): v is PendingFulfilment => !!v && "pending" in v;

/** The provider variants the target's inbound writers mapped to the delivered products (for lines without SKU). */
async function withVariants(ctx: Ctx, target: OutboundTarget, delivery: Delivery): Promise<Delivery> {
  const mappings = ctx.mappings(target.sourceId);
  const lines = await Promise.all(
    delivery.lines.map(async (l) => ({ ...l, variantId: await mappings.externalIdOf("variant", { model: "product.product", id: l.productId }) })),
  );
  return { ...delivery, lines };
}

async function toShopify(ctx: Ctx, target: OutboundTarget, delivery: Delivery, orderId: string): Promise<OutboundWrite[]> {
  const orderGid = shopifyOrderGid(orderId);
  const objectKey = `fulfillment:${delivery.pickingId}@${orderGid}`;
  const link = `https://${String(target.session.credentials.shop ?? "")}/admin/orders/${orderId}`;
  const entry = (await ctx.ledger.get(target.sourceId, [objectKey])).get(objectKey);
  let value = entry?.value as FulfilmentLedgerValue | undefined;
  const notify = ctx.config.notifyCustomer;
  const write = (status: OutboundWrite["status"], v: unknown, reason?: string): OutboundWrite => ({
    to: target.sourceId,
    provider: target.provider,
    objectKey,
    value: v,
    status,
    link,
    ...(reason ? { reason } : {}),
  });

  let fulfillmentOrders: Awaited<ReturnType<typeof shopifyShipmentState>> = null;
  // This event's own create, retried after its answer was lost: what the look finds, it sent.
  let recoveredOwnCreate = false;
  if (!isRecorded(value)) {
    // Look before create: the order's fulfilments may already hold this delivery (a lost answer).
    fulfillmentOrders = await shopifyShipmentState(target.session, orderId);
    if (!fulfillmentOrders) return [skippedWrite(target, objectKey, `Shopify order ${orderId} no longer exists`)];
    const found = ownFulfilment(fulfillmentOrders.fulfillments, isPending(value) ? value : null, delivery.tracking);
    if (found) {
      // What Shopify holds: when it lists Odoo's numbers, Odoo's tracking; else what it lists.
      const listed: Tracking = { ...delivery.tracking, numbers: found.trackingNumbers };
      const known: RecordedFulfilment = {
        fulfillmentId: found.id,
        lines: found.lines,
        tracking: sameTracking(listed, delivery.tracking) ? delivery.tracking : { company: null, numbers: found.trackingNumbers, url: null },
      };
      await ctx.ledger.put([{ sourceId: target.sourceId, objectKey, value: known, eventId: ctx.eventId, link }]);
      recoveredOwnCreate = isPending(value) && entry?.eventId === ctx.eventId;
      value = known;
    }
  }

  const step = shopifyStep(await withVariants(ctx, target, delivery), isRecorded(value) ? value : null, fulfillmentOrders?.fulfillmentOrders ?? []);
  if (step.action === "none") {
    // Found after a lost answer, the fulfilment is still this delivery's write: "sent", so the
    // event is delivered (with its link), not "ignored" as if Shopify had it from elsewhere.
    if (recoveredOwnCreate) return [write("sent", value, "created on an earlier attempt whose answer was lost; found at Shopify, not created again")];
    return [isRecorded(value) ? write("unchanged", value, step.reason) : skippedWrite(target, objectKey, step.reason)];
  }
  if (step.action === "updateTracking") {
    const fulfillment = await shopifyUpdateTracking(target.session, { fulfillmentId: step.fulfillmentId, tracking: shopifyTracking(delivery.tracking), notifyCustomer: notify });
    const recorded: RecordedFulfilment = { fulfillmentId: fulfillment.id, lines: (value as RecordedFulfilment).lines, tracking: delivery.tracking };
    await ctx.ledger.put([{ sourceId: target.sourceId, objectKey, value: recorded, eventId: ctx.eventId, link }]);
    return [write("sent", recorded)];
  }
  // Recorded before the call: if its answer is lost, the retry finds the fulfilment instead of making a second.
  const pending: PendingFulfilment = {
    pending: true,
    before: fulfillmentOrders!.fulfillments.map((f) => f.id),
    lines: step.lines,
    numbers: delivery.tracking.numbers,
  };
  await ctx.ledger.put([{ sourceId: target.sourceId, objectKey, value: pending, eventId: ctx.eventId, link }]);
  const fulfillment = await shopifyCreateFulfillment(target.session, {
    orderId,
    allocations: step.allocations,
    tracking: shopifyTracking(delivery.tracking),
    notifyCustomer: notify,
  });
  const recorded: RecordedFulfilment = { fulfillmentId: fulfillment.id, lines: fulfillment.lines, tracking: delivery.tracking };
  await ctx.ledger.put([{ sourceId: target.sourceId, objectKey, value: recorded, eventId: ctx.eventId, link }]);
  const unmatched = step.unmatched.length ? `; not open at Shopify: ${step.unmatched.map((u) => `${u.quantity} x ${u.sku ?? "(no SKU)"}`).join(", ")}` : "";
  return [{ ...write("sent", recorded), ...(unmatched ? { reason: `partly fulfilled${unmatched}` } : {}) }];
}

async function toWooCommerce(ctx: Ctx, target: OutboundTarget, delivery: Delivery, orderId: string): Promise<OutboundWrite[]> {
  const noteKey = `note:${delivery.pickingId}@order/${orderId}`;
  const statusKey = `status:order/${orderId}`;
  const link = `${target.session.baseUrl}/wp-admin/post.php?post=${orderId}&action=edit`;
  const base = { to: target.sourceId, provider: target.provider, link };
  const order = await wooOrderStatus(target.session, orderId);
  if (!order) return [skippedWrite(target, statusKey, `WooCommerce order ${orderId} no longer exists`)];
  // Look before write: the shop's notes (a note added before an answer was lost is there).
  const notes = await wooOrderNotes(target.session, orderId);
  const step = wooStep(delivery, order, notes);
  const writes: OutboundWrite[] = [];

  if (step.note !== null) {
    await wooAddCustomerNote(target.session, orderId, step.note);
    await ctx.ledger.put([{ sourceId: target.sourceId, objectKey: noteKey, value: { note: step.note }, eventId: ctx.eventId, link }]);
    writes.push({ ...base, objectKey: noteKey, value: { note: step.note }, status: "sent" });
  } else if (delivery.tracking.numbers.length) {
    writes.push({ ...base, objectKey: noteKey, value: { note: deliveryNote(delivery) }, status: "unchanged", reason: "the shop has this note" });
  } else {
    writes.push(skippedWrite(target, noteKey, "Odoo has no tracking number yet"));
  }

  if (step.complete) {
    await wooCompleteOrder(target.session, orderId);
    await ctx.ledger.put([{ sourceId: target.sourceId, objectKey: statusKey, value: "completed", eventId: ctx.eventId, link }]);
    writes.push({ ...base, objectKey: statusKey, value: "completed", status: "sent" });
  } else {
    const reason = delivery.orderFullyDelivered ? undefined : "part of the order is still to deliver in Odoo";
    writes.push({ ...base, objectKey: statusKey, value: order.status, status: order.status === "completed" ? "unchanged" : "skipped", ...(reason ? { reason } : {}) });
  }
  return writes;
}

async function toSquare(ctx: Ctx, target: OutboundTarget, delivery: Delivery, orderId: string): Promise<OutboundWrite[]> {
  const order = await squareOrderFulfilments(target.session, orderId);
  if (!order) return [skippedWrite(target, `order/${orderId}`, `Square order ${orderId} no longer exists`)];
  const step = squareStep(delivery, order.fulfillments);
  const shipment = order.fulfillments.find((f) => f.type === "SHIPMENT");
  const objectKey = `fulfillment:${shipment?.uid ?? "none"}@order/${orderId}`;
  if (!shipment) return [skippedWrite(target, objectKey, `Square order ${orderId} has no shipment fulfilment`)];
  if (!step) return [{ to: target.sourceId, provider: target.provider, objectKey, value: { state: shipment.state, trackingNumber: shipment.trackingNumber }, status: "unchanged" }];
  const value = { state: step.state, trackingNumber: step.trackingNumber };
  // Derived from what is set: a replay of this very change is the same request to Square.
  const key = `odoo-router-${ctx.tenantId}-${delivery.pickingId}-${step.state}-${step.trackingNumber ?? ""}`.slice(0, 150);
  await squareUpdateFulfilment(target.session, orderId, { uid: step.uid, state: step.state, trackingNumber: step.trackingNumber, carrier: delivery.tracking.company, trackingUrl: delivery.tracking.url }, key);
  await ctx.ledger.put([{ sourceId: target.sourceId, objectKey, value, eventId: ctx.eventId }]);
  return [{ to: target.sourceId, provider: target.provider, objectKey, value, status: "sent" }];
}

/**
 * PayPal captures the router registered against the order's invoices: their payments' memo is
 * "<paypal source>:<capture id>" (src/odoo/writers/payment.ts); `ref` in 16/17, `memo` from 18.
 */
async function paypalCapturesOf(ctx: Ctx, sourceId: string, saleOrderId: number): Promise<string[]> {
  const [order] = await ctx.odoo.call<{ invoice_ids: number[] }[]>("sale.order", "read", [[saleOrderId], ["invoice_ids"]]);
  if (!order?.invoice_ids.length) return [];
  const fields = await ctx.odoo.call<Record<string, unknown>>("account.payment", "fields_get", [["memo"]], { attributes: ["type"] });
  const memo = "memo" in fields ? "memo" : "ref";
  const prefix = `${sourceId}:`;
  const payments = await ctx.odoo.call<{ id: number; reconciled_invoice_ids: number[]; [k: string]: unknown }[]>(
    "account.payment",
    "search_read",
    [[[memo, "=like", `${prefix.replace(/[%_]/g, "\\$&")}%`]], [memo, "reconciled_invoice_ids"]],
    { limit: 50, order: "id desc" },
  );
  const invoices = new Set(order.invoice_ids);
  return payments
    .filter((p) => p.reconciled_invoice_ids.some((id) => invoices.has(id)))
    .map((p) => String(p[memo] ?? "").slice(prefix.length))
    .filter((id) => id !== "");
}

async function toPaypal(ctx: Ctx, target: OutboundTarget, delivery: Delivery): Promise<OutboundWrite[]> {
  const captures = await paypalCapturesOf(ctx, target.sourceId, delivery.saleOrderId);
  if (!captures.length) return [skippedWrite(target, `tracker:${delivery.pickingId}`, "the order was not paid through a PayPal capture of this source")];
  if (!delivery.tracking.numbers.length) return [skippedWrite(target, `tracker:${delivery.pickingId}`, "Odoo has no tracking number yet")];
  const capture = await paypalCapture(target.session, captures[0]!);
  if (!capture?.orderId) return [skippedWrite(target, `tracker:${delivery.pickingId}`, `PayPal capture ${captures[0]} has no order to track`)];
  const objectKey = `tracker:${delivery.pickingId}@${capture.orderId}`;
  // Look before write: the trackers PayPal already has (no idempotency is documented on /track).
  const existing = (await paypalOrderTrackers(target.session, capture.orderId)) ?? [];
  const missing = missingTrackers(delivery.tracking, existing);
  const value = { numbers: delivery.tracking.numbers };
  if (!missing.length) {
    await ctx.ledger.put([{ sourceId: target.sourceId, objectKey, value, eventId: ctx.eventId }]);
    return [{ to: target.sourceId, provider: target.provider, objectKey, value, status: "unchanged" }];
  }
  const carrier = paypalCarrier(delivery.tracking.company);
  const items = await paypalItems(ctx, delivery);
  for (const number of missing) {
    await paypalAddTracker(
      target.session,
      capture.orderId,
      {
        captureId: capture.id,
        trackingNumber: number,
        carrier: carrier.carrier,
        ...(carrier.carrier_name_other ? { carrierNameOther: carrier.carrier_name_other } : {}),
        notifyPayer: ctx.config.notifyCustomer,
        items,
      },
      `odoo-router-${ctx.tenantId}-${delivery.pickingId}-${number}`.slice(0, 108),
    );
  }
  await ctx.ledger.put([{ sourceId: target.sourceId, objectKey, value, eventId: ctx.eventId }]);
  return [{ to: target.sourceId, provider: target.provider, objectKey, value, status: "sent" }];
}

async function paypalItems(ctx: Ctx, delivery: Delivery): Promise<{ name: string; quantity: string; sku?: string }[]> {
  const ids = delivery.lines.map((l) => l.productId);
  if (!ids.length) return [];
  const names = await ctx.odoo.call<{ id: number; display_name: string }[]>("product.product", "read", [ids, ["display_name"]]);
  const nameOf = new Map(names.map((p) => [p.id, p.display_name]));
  return delivery.lines.map((l) => ({ name: (nameOf.get(l.productId) ?? l.sku ?? "item").slice(0, 127), quantity: String(l.quantity), ...(l.sku ? { sku: l.sku } : {}) }));
}

async function toTarget(ctx: Ctx, target: OutboundTarget, delivery: Delivery): Promise<OutboundWrite[]> {
  if (target.provider === "paypal") return toPaypal(ctx, target, delivery);
  const orderId = await ctx.mappings(target.sourceId).externalIdOf("order", { model: "sale.order", id: delivery.saleOrderId });
  if (!orderId) return [skippedWrite(target, `order:sale.order/${delivery.saleOrderId}`, `the order did not come from source ${target.sourceId}`)];
  switch (target.provider) {
    case "shopify":
      return toShopify(ctx, target, delivery, orderId);
    case "woocommerce":
      return toWooCommerce(ctx, target, delivery, orderId);
    case "square":
      return toSquare(ctx, target, delivery, orderId);
    default:
      return [skippedWrite(target, `order/${orderId}`, `shipments are not sent to ${target.provider}`)];
  }
}

export const shipmentFlow: OutboundFlow<"shipment"> = {
  name: "shipment",

  watches(): WatchedModel[] {
    // The same names on 16-19: `state` (stored, recomputed from the moves), `carrier_tracking_ref`
    // (delivery / stock_delivery) and `picking_type_code` (related to the operation type's code).
    return [
      {
        model: "stock.picking",
        // A tracking number set after validation (send_to_shipper, by hand) updates the tracking.
        triggerFields: ["state", "carrier_tracking_ref"],
        fields: ["id", "state", "picking_type_code", "write_date"],
        domain: [["picking_type_code", "=", "outgoing"], ["state", "=", "done"]],
        entityOf(record) {
          const id = record.id;
          return typeof id === "number" && Number.isInteger(id) && id > 0 ? String(id) : null;
        },
      },
    ];
  },

  async send(ctx): Promise<OutboundResult> {
    const pickingId = Number(ctx.externalId);
    if (!Number.isInteger(pickingId) || pickingId <= 0) throw new OdooError("business", `shipment: "${ctx.externalId}" is not a stock.picking id`);
    const read = await readDelivery(ctx, pickingId);
    const odoo = { model: "stock.picking", id: pickingId };
    if (read.status === "skip") {
      return { odoo, writes: ctx.targets.map((t) => skippedWrite(t, `picking:${pickingId}`, read.reason)), detail: { reason: read.reason } };
    }
    const { delivery } = read;
    const writes: OutboundWrite[] = [];
    // Targets one after the other: a failure stops here, and the retry finds the earlier ones in the ledger.
    for (const target of ctx.targets) writes.push(...(await toTarget(ctx, target, delivery)));
    return {
      odoo,
      writes,
      detail: {
        picking: delivery.name,
        saleOrderId: delivery.saleOrderId,
        lines: delivery.lines.length,
        trackingNumbers: delivery.tracking.numbers,
        orderFullyDelivered: delivery.orderFullyDelivered,
      },
    };
  },
};

/**
 * Orders -> `sale.order` with `order_line`, found by `origin` = "<source>:<order id>". The partner
 * and the products are resolved first (linked when they exist, created when missing).
 * A confirmed order's lines are not rewritten (Odoo restricts that); cancellations cancel it.
 */
import { toDecimal, type Address, type Money, type OrderData, type OrderLine } from "../../events/canonical";
import { OdooError } from "../errors";
import { mappingKey, type MappingRef } from "../../db/mappings";
import { externalRef, hasField, upsert, type RecordKey, type WriteContext, type WriteResult } from "./context";
import { KnownMappings } from "./known-mappings";
import { childAddress, childAddressId } from "./addresses";
import { addressValues, ensureCustomer } from "./partner";
import { productCode, upsertVariant, variantKey, type VariantSpec } from "./product";
import { orderPricelist } from "./currency";

const EDITABLE_STATES = new Set(["draft", "sent"]);
/** Provider payment statuses that mean "the customer paid": the quotation becomes a sales order. */
const PAID_STATUSES = new Set(["paid", "partially_paid"]);

/**
 * The records the order may create (itself, its customer or guest contact, addresses, line
 * products, the shipping product) are held together, in one call to the lock object, for the
 * whole write: only those not mapped yet (a mapped one is only linked, and holding it would make
 * the orders of a popular product wait on each other).
 *
 * Their mappings are read twice at most, each time in one query: all of them before the hold, the
 * missing ones again under it (the holder before us may just have created them). The write then
 * answers its mapping reads from these (known-mappings.ts), not one query per record.
 */
export async function writeOrder(ctx: WriteContext, externalId: string, data: OrderData): Promise<WriteResult> {
  const records = orderRecords(ctx, externalId, data);
  const mapped = await ctx.mappings.getMany(records);
  const unmapped = records.filter((record) => !mapped.has(mappingKey(record)));
  return ctx.locks.hold(unmapped, async () => {
    const known = unmapped.length ? new Map([...mapped, ...(await ctx.mappings.getMany(unmapped))]) : mapped;
    return writeHeldOrder({ ...ctx, mappings: new KnownMappings(ctx.mappings, records, known) }, externalId, data, known);
  });
}

/** Every record an order's write may create, named as their mappings are. */
function orderRecords(ctx: WriteContext, externalId: string, data: OrderData): RecordKey[] {
  const partner = orderPartner(externalId, data);
  const records: RecordKey[] = [{ kind: "order", externalId }, partner.record];
  for (const [address, type] of [
    [data.billingAddress, "invoice"],
    [data.shippingAddress, "delivery"],
  ] as const) {
    const child = childAddressId(partner, address, type);
    if (child !== null) records.push({ kind: "address", externalId: child });
  }
  for (const line of data.lines) {
    const variant = lineVariant(line);
    records.push({ kind: "variant", externalId: variantKey(variant, productCode(ctx, variant, `line-${line.externalId}`)) });
  }
  if (data.shipping?.length) records.push({ kind: "shipping-product", externalId: ctx.routing.shippingProductCode });
  return records;
}

async function writeHeldOrder(ctx: WriteContext, externalId: string, data: OrderData, mapped: ReadonlyMap<string, MappingRef>): Promise<WriteResult> {
  const partner = await resolvePartner(ctx, externalId, data);
  const partnerId = partner.id;
  const invoiceAddressId = await childAddress(ctx, partner, data.billingAddress, "invoice");
  const deliveryAddressId = await childAddress(ctx, partner, data.shippingAddress, "delivery");
  const inOdoo = await productsByCode(ctx, data.lines, mapped);
  const lines = [];
  for (const line of data.lines) lines.push(await lineCommand(ctx, line, inOdoo));
  for (const shipping of data.shipping ?? []) lines.push(await shippingCommand(ctx, shipping));
  const taxIds = ctx.routing.lineTaxIds;
  if (taxIds) {
    // Taxes configured by the tenant replace the ones Odoo would compute (field renamed in 19).
    const taxField = (await hasField(ctx, "sale.order.line", "tax_ids")) ? "tax_ids" : "tax_id";
    for (const [, , values] of lines) values[taxField] = [[6, 0, taxIds]];
  }

  const ref = externalRef(ctx, externalId);
  // An order's currency is its pricelist's: the pricelist of the provider's currency.
  const pricelist = await orderPricelist(ctx, data.currency.toUpperCase());
  const header = {
    partner_id: partnerId,
    ...(pricelist.id ? { pricelist_id: pricelist.id } : {}),
    partner_invoice_id: invoiceAddressId,
    partner_shipping_id: deliveryAddressId,
    client_order_ref: data.name,
    origin: ref,
    ...(ctx.routing.companyId ? { company_id: ctx.routing.companyId } : {}),
  };
  const domain = [["origin", "=", ref]];
  // The order as Odoo has it (its state decides what may be written), in one call: read through
  // the mapping, else searched by its stable reference (a create whose answer was lost shows).
  const existing = await existingOrder(ctx, externalId, domain);
  // Creating or replacing lines is only allowed while the order is a quotation.
  const state = existing?.state ?? null;
  const linesEditable = state === null || EDITABLE_STATES.has(state);
  const { id, created } = await upsert(ctx, {
    kind: "order",
    externalId,
    model: "sale.order",
    domain,
    values: linesEditable ? { ...header, order_line: [[5, 0, 0], ...lines] } : header,
    update: true,
    found: existing?.id ?? null,
  });
  // A confirmed order's lines are Odoo's to change (deliveries, invoices hang on them): a change at
  // the provider is not applied, and the event says so instead of passing as delivered.
  if (!linesEditable && !data.cancelledAt) await refuseLineChanges(ctx, id, data.name, lines);
  // The order's state follows the provider's: a cancellation cancels, a payment confirms the
  // quotation. Writing the header and lines leaves the state as it was; a new order is a draft.
  const after = created ? "draft" : id === existing?.id ? existing.state : await orderState(ctx, id);
  let transition: "cancelled" | "confirmed" | null = null;
  if (data.cancelledAt) {
    if (after !== "cancel") {
      // Without this context Odoo answers a confirmation wizard instead of cancelling a confirmed order.
      await ctx.odoo.call("sale.order", "action_cancel", [[id]], { context: { disable_cancel_warning: true } });
      transition = "cancelled";
    }
  } else if (PAID_STATUSES.has(data.financialStatus ?? "") && after !== null && EDITABLE_STATES.has(after)) {
    await ctx.odoo.call("sale.order", "action_confirm", [[id]]);
    transition = "confirmed";
  }
  return {
    odoo: { model: "sale.order", id },
    detail: { created, lines: lines.length, linesWritten: linesEditable, transition, currency: data.currency, pricelistId: pricelist.id, ...(pricelist.created ? { pricelistCreated: true } : {}) },
  };
}

type LineCommand = [0, 0, Record<string, unknown>];

async function refuseLineChanges(ctx: WriteContext, orderId: number, name: string, wanted: LineCommand[]): Promise<void> {
  const current = await ctx.odoo.call<{ product_id: [number, string] | false; product_uom_qty: number; price_unit: number }[]>(
    "sale.order.line",
    "search_read",
    [[["order_id", "=", orderId]], ["product_id", "product_uom_qty", "price_unit"]],
  );
  const key = (productId: unknown, qty: unknown, price: unknown) => `${productId}|${Number(qty)}|${Number(price).toFixed(4)}`;
  const have = current.map((l) => key(l.product_id ? l.product_id[0] : null, l.product_uom_qty, l.price_unit)).sort();
  const want = wanted.map(([, , v]) => key(v.product_id, v.product_uom_qty, v.price_unit)).sort();
  if (have.join(",") !== want.join(",")) {
    throw new OdooError(
      "business",
      `order ${name} is confirmed in Odoo: its header was updated, but its lines changed at the provider (${want.length} lines, Odoo has ${have.length}) and Odoo does not allow rewriting a confirmed order's lines; change them in Odoo`,
    );
  }
}

async function orderState(ctx: WriteContext, id: number): Promise<string | null> {
  const rows = await ctx.odoo.call<{ state: string }[]>("sale.order", "read", [[id], ["state"]]);
  return rows[0]?.state ?? null;
}

/**
 * The order already in Odoo for this event, with its state: through the mapping (a read), else by
 * its stable reference (a search_read, archived ones included like searchOne), else null.
 */
async function existingOrder(ctx: WriteContext, externalId: string, domain: unknown[]): Promise<{ id: number; state: string } | null> {
  const mapped = await ctx.mappings.get("order", externalId);
  if (mapped?.model === "sale.order") {
    // read() leaves out a record deleted in Odoo: then it is looked for by its reference.
    const [row] = await ctx.odoo
      .call<{ id: number; state: string }[]>("sale.order", "read", [[mapped.id], ["state"]])
      .catch((err: unknown) => {
        if (err instanceof OdooError && err.category === "not_found") return [];
        throw err;
      });
    if (row) return { id: row.id, state: row.state };
  }
  const [found] = await ctx.odoo.call<{ id: number; state: string }[]>("sale.order", "search_read", [domain, ["state"]], {
    limit: 1,
    context: { active_test: false },
  });
  return found ? { id: found.id, state: found.state } : null;
}

/**
 * The order's partner record (its customer, or a guest contact for a guest checkout), the key its
 * child addresses are named after, and the address it holds.
 */
function orderPartner(orderId: string, data: OrderData): { record: RecordKey; key: string; address: Address | null } {
  if (data.customer) {
    const { externalId } = data.customer;
    return { record: { kind: "customer", externalId }, key: `customer-${externalId}`, address: data.customer.address ?? data.billingAddress };
  }
  return { record: { kind: "guest", externalId: orderId }, key: `guest-${orderId}`, address: data.billingAddress ?? data.shippingAddress };
}

/** The order's customer (or a guest contact), with what identifies it and the address it holds. */
async function resolvePartner(
  ctx: WriteContext,
  orderId: string,
  data: OrderData,
): Promise<{ id: number; key: string; address: Address | null }> {
  const { key, address } = orderPartner(orderId, data);
  if (data.customer) {
    const { externalId, ...customer } = data.customer;
    const id = await ensureCustomer(ctx, externalId, { ...customer, address });
    return { id, key, address };
  }
  // Guest checkout: a contact for this order, named after the billing address.
  const billing = address;
  const ref = externalRef(ctx, `guest-${orderId}`);
  const { id } = await upsert({ ...ctx, own: { kind: "guest", externalId: orderId } }, {
    kind: "guest",
    externalId: orderId,
    model: "res.partner",
    domain: [["ref", "=", ref]],
    values: {
      name: billing?.name || data.email || `Guest of order ${data.name}`,
      ref,
      email: data.email || false,
      phone: billing?.phone || false,
      ...(await addressValues(ctx, billing)),
    },
    update: false,
  });
  return { id, key, address: billing };
}

/** Shipping is a line of the order, on a service product the tenant's routing names. */
async function shippingCommand(
  ctx: WriteContext,
  shipping: { title: string; price: Money },
): Promise<[0, 0, Record<string, unknown>]> {
  const code = ctx.routing.shippingProductCode;
  const { id: productId } = await upsert(ctx, {
    kind: "shipping-product",
    externalId: code,
    model: "product.product",
    domain: [["default_code", "=", code]],
    values: { name: "Shipping", default_code: code, type: "service", list_price: 0 },
    update: false,
  });
  return [0, 0, { product_id: productId, name: shipping.title, product_uom_qty: 1, price_unit: toDecimal(shipping.price) }];
}

const lineVariant = (line: OrderLine): VariantSpec => ({
  externalId: line.variantExternalId,
  sku: line.sku,
  barcode: null,
  name: line.title,
  price: line.unitPrice,
  active: true,
});

/**
 * The products of the lines not mapped yet that Odoo already has (a catalog imported into Odoo,
 * not sent through the router), by code, in one search for all lines instead of one per line.
 * Archived ones count, as in searchOne; of several with one code, the first in Odoo's order.
 * `mapped`: the order's mappings as read for its hold (a product mapped since is linked by upsert).
 */
async function productsByCode(ctx: WriteContext, orderLines: OrderLine[], mapped: ReadonlyMap<string, MappingRef>): Promise<Map<string, number>> {
  const unmapped = orderLines.map((line) => {
    const variant = lineVariant(line);
    const code = productCode(ctx, variant, `line-${line.externalId}`);
    return mapped.get(mappingKey({ kind: "variant", externalId: variantKey(variant, code) }))?.model === "product.product" ? null : code;
  });
  const codes = [...new Set(unmapped.filter((c): c is string => c !== null))];
  const byCode = new Map<string, number>();
  if (codes.length === 0) return byCode;
  const rows = await ctx.odoo.call<{ id: number; default_code: string | false }[]>(
    "product.product",
    "search_read",
    [[["default_code", "in", codes]], ["default_code"]],
    { context: { active_test: false } },
  );
  for (const row of rows) if (row.default_code && !byCode.has(row.default_code)) byCode.set(row.default_code, row.id);
  return byCode;
}

async function lineCommand(ctx: WriteContext, line: OrderLine, inOdoo: ReadonlyMap<string, number>): Promise<[0, 0, Record<string, unknown>]> {
  const variant = lineVariant(line);
  const fallbackKey = `line-${line.externalId}`;
  const productId = await upsertVariant(ctx, variant, fallbackKey, false, {}, [], inOdoo.get(productCode(ctx, variant, fallbackKey)));
  const gross = toDecimal(line.unitPrice) * line.quantity;
  const discount = gross > 0 ? Math.round((toDecimal(line.discount) / gross) * 10000) / 100 : 0;
  return [
    0,
    0,
    {
      product_id: productId,
      name: line.title,
      product_uom_qty: line.quantity,
      price_unit: toDecimal(line.unitPrice),
      discount,
    },
  ];
}

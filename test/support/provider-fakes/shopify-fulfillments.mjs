// The Shopify fake's fulfilments (shopify.dev/docs/api/admin-graphql/2026-10): an order's
// fulfilment orders (one per order, at the shop's location, derived from its line items at seed
// time unless seeded), its fulfilments, and the two mutations the shipment flow calls:
// - `fulfillmentCreate(fulfillment: FulfillmentInput!)`: fulfils explicit quantities (or, with no
//   lines, everything left) of fulfilment orders of ONE order; asking more than a line's
//   `remainingQuantity`, or on a CLOSED fulfilment order, is a userError and nothing is created
//   (Shopify refuses over-fulfilment); there is no idempotency key, so a repeated call for quantities
//   still open creates a second fulfilment, as at Shopify.
// - `fulfillmentTrackingInfoUpdate(fulfillmentId, trackingInfoInput, notifyCustomer)`.
// A fulfilment order whose lines are all fulfilled becomes CLOSED; one partly fulfilled IN_PROGRESS.

const S = "scalar";
const obj = (type) => ({ object: type });
const conn = (type) => ({ connection: type });
const list = (type) => ({ list: type });

/** Schema additions (merged into the fake's SCHEMA by shopify.mjs). */
export const FULFILLMENT_SCHEMA = {
  Order: { fulfillmentOrders: conn("FulfillmentOrder"), fulfillments: list("Fulfillment"), displayFulfillmentStatus: S },
  FulfillmentOrder: { id: S, status: S, assignedLocation: obj("FulfillmentOrderAssignedLocation"), lineItems: conn("FulfillmentOrderLineItem") },
  FulfillmentOrderAssignedLocation: { name: S, location: obj("Location") },
  Location: { id: S, name: S },
  FulfillmentOrderLineItem: { id: S, totalQuantity: S, remainingQuantity: S, sku: S, lineItem: obj("LineItem") },
  Fulfillment: {
    id: S, legacyResourceId: S, name: S, status: S, createdAt: S, updatedAt: S,
    trackingInfo: list("FulfillmentTrackingInfo"), fulfillmentLineItems: conn("FulfillmentLineItem"),
  },
  FulfillmentTrackingInfo: { company: S, number: S, url: S },
  FulfillmentLineItem: { id: S, quantity: S, lineItem: obj("LineItem") },
  MutationRoot: {
    fulfillmentCreate: obj("FulfillmentCreatePayload"),
    fulfillmentTrackingInfoUpdate: obj("FulfillmentTrackingInfoUpdatePayload"),
  },
  FulfillmentCreatePayload: { fulfillment: obj("Fulfillment"), userErrors: list("UserError") },
  FulfillmentTrackingInfoUpdatePayload: { fulfillment: obj("Fulfillment"), userErrors: list("UserError") },
  UserError: { field: S, message: S },
};

let sequence = 1000;
const next = () => ++sequence;

/** Gives a seeded order its fulfilment order (all its lines, at Location 1) and an empty fulfilment list. */
export function withFulfillmentOrders(order) {
  const lineItems = Array.isArray(order.lineItems) ? order.lineItems : [];
  for (const line of lineItems) if (!line.id) line.id = `gid://shopify/LineItem/${next()}`;
  if (!Array.isArray(order.fulfillmentOrders)) {
    order.fulfillmentOrders = [{
      id: `gid://shopify/FulfillmentOrder/${next()}`,
      status: "OPEN",
      assignedLocation: { name: "Shop location", location: { id: "gid://shopify/Location/1", name: "Shop location" } },
      lineItems: lineItems.map((line) => ({
        id: `gid://shopify/FulfillmentOrderLineItem/${next()}`,
        totalQuantity: line.quantity,
        remainingQuantity: line.quantity,
        sku: line.sku ?? null,
        lineItem: line,
      })),
    }];
  }
  order.fulfillments ??= [];
  order.displayFulfillmentStatus = fulfillmentStatus(order);
  return order;
}

function fulfillmentStatus(order) {
  const lines = order.fulfillmentOrders.flatMap((fo) => fo.lineItems);
  const left = lines.reduce((n, l) => n + l.remainingQuantity, 0);
  const total = lines.reduce((n, l) => n + l.totalQuantity, 0);
  return left === 0 && total > 0 ? "FULFILLED" : left < total ? "PARTIALLY_FULFILLED" : "UNFULFILLED";
}

const userErrors = (message, field = ["fulfillment"]) => ({ fulfillment: null, userErrors: [{ field, message }] });

function findFulfillmentOrder(state, id) {
  for (const order of state.objects.orders.values()) {
    const fo = (order.fulfillmentOrders ?? []).find((f) => f.id === id);
    if (fo) return { order, fo };
  }
  return null;
}

const trackingOf = (input) => {
  const numbers = [...(input?.numbers ?? []), ...(input?.number ? [input.number] : [])];
  const urls = [...(input?.urls ?? []), ...(input?.url ? [input.url] : [])];
  return numbers.map((number, i) => ({ company: input?.company ?? null, number, url: urls[i] ?? urls[0] ?? null }));
};

function fulfillmentCreate(state, args) {
  const input = args.fulfillment;
  const groups = input?.lineItemsByFulfillmentOrder;
  if (!Array.isArray(groups) || groups.length === 0) return userErrors("Line items by fulfillment order must not be empty", ["fulfillment", "lineItemsByFulfillmentOrder"]);
  const found = groups.map((g) => findFulfillmentOrder(state, g.fulfillmentOrderId));
  if (found.some((f) => !f)) return userErrors("Fulfillment order does not exist.", ["fulfillment", "lineItemsByFulfillmentOrder", "fulfillmentOrderId"]);
  const order = found[0].order;
  if (found.some((f) => f.order !== order)) return userErrors("All fulfillment orders must belong to the same order.");
  // Check everything before changing anything: a refused call creates nothing.
  const takes = [];
  for (const [i, group] of groups.entries()) {
    const { fo } = found[i];
    if (fo.status === "CLOSED" || fo.status === "CANCELLED") return userErrors(`Fulfillment order ${fo.id} has an unfulfillable status= ${fo.status.toLowerCase()}.`);
    const wanted = Array.isArray(group.fulfillmentOrderLineItems) && group.fulfillmentOrderLineItems.length
      ? group.fulfillmentOrderLineItems
      : fo.lineItems.filter((l) => l.remainingQuantity > 0).map((l) => ({ id: l.id, quantity: l.remainingQuantity }));
    for (const w of wanted) {
      const line = fo.lineItems.find((l) => l.id === w.id);
      if (!line) return userErrors("Fulfillment order line item does not exist.");
      if (!Number.isInteger(w.quantity) || w.quantity <= 0 || w.quantity > line.remainingQuantity) {
        return userErrors("Invalid fulfillment order line item quantity requested.");
      }
      takes.push({ fo, line, quantity: w.quantity });
    }
  }
  for (const t of takes) t.line.remainingQuantity -= t.quantity;
  for (const { fo } of found) {
    const left = fo.lineItems.reduce((n, l) => n + l.remainingQuantity, 0);
    fo.status = left === 0 ? "CLOSED" : "IN_PROGRESS";
  }
  const id = next();
  const now = new Date().toISOString();
  const fulfillment = {
    id: `gid://shopify/Fulfillment/${id}`,
    legacyResourceId: String(id),
    name: `${order.name ?? "#"}-F${order.fulfillments.length + 1}`,
    status: "SUCCESS",
    createdAt: now,
    updatedAt: now,
    trackingInfo: trackingOf(input.trackingInfo),
    fulfillmentLineItems: takes.map((t) => ({ id: `gid://shopify/FulfillmentLineItem/${next()}`, quantity: t.quantity, lineItem: t.line.lineItem })),
    notifyCustomer: input.notifyCustomer === true,
  };
  order.fulfillments.push(fulfillment);
  order.displayFulfillmentStatus = fulfillmentStatus(order);
  order.updatedAt = now;
  state.counters.fulfillmentsCreated = (state.counters.fulfillmentsCreated ?? 0) + 1;
  return { fulfillment, userErrors: [] };
}

function fulfillmentTrackingInfoUpdate(state, args) {
  for (const order of state.objects.orders.values()) {
    const fulfillment = (order.fulfillments ?? []).find((f) => f.id === args.fulfillmentId);
    if (!fulfillment) continue;
    fulfillment.trackingInfo = trackingOf(args.trackingInfoInput);
    fulfillment.updatedAt = new Date().toISOString();
    state.counters.trackingUpdates = (state.counters.trackingUpdates ?? 0) + 1;
    return { fulfillment, userErrors: [] };
  }
  return { fulfillment: null, userErrors: [{ field: ["fulfillmentId"], message: "Fulfillment does not exist." }] };
}

/** The mutation resolvers by root field: `(state, args) => payload`. */
export const FULFILLMENT_MUTATIONS = { fulfillmentCreate, fulfillmentTrackingInfoUpdate };

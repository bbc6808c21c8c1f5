// The Shopify fake's `orderMarkAsPaid` (the way back, issue #17), as the Admin API documents it
// (admin-graphql mutations/ordermarkaspaid, objects/OrderMarkAsPaidPayload): allowed only when the
// order has an outstanding balance and is not already paid; it records a manual payment for that
// balance (the order becomes PAID). Otherwise, or for an unknown order, the answer is a userError
// (`{field, message}`), never an HTTP error: a second call for the same order does not pay twice.
// Counted in the shop's counters as `markedAsPaid`.

import { GraphQLError } from "./shopify-graphql.mjs";

/** Adds the mutation and its payload types to the fake's schema. */
export function addPaymentSchema(schema) {
  schema.MutationRoot ??= {};
  schema.MutationRoot.orderMarkAsPaid = { object: "OrderMarkAsPaidPayload" };
  schema.OrderMarkAsPaidPayload = { order: { object: "Order" }, userErrors: { list: "UserError" } };
  schema.UserError ??= { field: "scalar", message: "scalar" };
}

/** Statuses with no outstanding balance to mark as paid. */
const NOTHING_OUTSTANDING = new Set(["PAID", "PARTIALLY_REFUNDED", "REFUNDED", "VOIDED", "EXPIRED"]);

/** The payload of `orderMarkAsPaid`, or undefined when the root field is not this module's. */
export function resolvePaymentRoot(state, selection, variables, argValue) {
  if (selection.name !== "orderMarkAsPaid") return undefined;
  const input = argValue(selection.args.input, variables);
  const id = typeof input?.id === "string" ? input.id : "";
  const m = /^gid:\/\/shopify\/Order\/(\d+)$/.exec(id);
  if (!m) throw new GraphQLError(`Variable $input of type OrderMarkAsPaidInput! was provided invalid value for id (Invalid global id '${id}')`, { code: "INVALID_VARIABLE" });
  const order = state.objects.orders.get(m[1]);
  if (!order) return { order: null, userErrors: [{ field: ["id"], message: "Order does not exist" }] };
  if (NOTHING_OUTSTANDING.has(order.displayFinancialStatus) || order.cancelledAt) {
    return { order, userErrors: [{ field: null, message: "Order cannot be marked as paid." }] };
  }
  order.displayFinancialStatus = "PAID";
  order.updatedAt = new Date().toISOString();
  state.counters.markedAsPaid = (state.counters.markedAsPaid ?? 0) + 1;
  return { order, userErrors: [] };
}

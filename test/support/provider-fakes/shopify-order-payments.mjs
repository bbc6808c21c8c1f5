// The Shopify fake's `orderMarkAsPaid` (the way back, issue #17), as the Admin API documents it
// (admin-graphql mutations/ordermarkaspaid, objects/OrderMarkAsPaidPayload): allowed only when the
// order has an outstanding balance and is not already paid; it records a manual payment for that
// balance (the order becomes PAID). Otherwise, or for an unknown order, the answer is a userError
// (`{field, message}`), never an HTTP error: a second call for the same order does not pay twice.
// Mutations cost 10 points (shopify.dev/docs/api/usage/limits).

import { GraphQLError, argValue } from "./shopify-graphql.mjs";

export const MUTATION_COST = 10;

/** The schema's mutation root and payload types (merged into the fake's SCHEMA). */
export const PAYMENT_SCHEMA = {
  Mutation: { orderMarkAsPaid: { object: "OrderMarkAsPaidPayload" } },
  OrderMarkAsPaidPayload: { order: { object: "Order" }, userErrors: { object: "UserError" } },
  UserError: { field: "scalar", message: "scalar" },
};

/** Statuses with no outstanding balance to mark as paid. */
const NOTHING_OUTSTANDING = new Set(["PAID", "PARTIALLY_REFUNDED", "REFUNDED", "VOIDED", "EXPIRED"]);

/** Runs one mutation root field on a shop's state; returns its payload. */
export function runMutation(state, selection, variables) {
  if (selection.name !== "orderMarkAsPaid") throw new GraphQLError(`Field '${selection.name}' doesn't exist on type 'Mutation'`, { code: "undefinedField" });
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

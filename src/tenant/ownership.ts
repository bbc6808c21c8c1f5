/**
 * Field ownership (system of record) per Odoo model and field, from the tenant's routing
 * `ownership` on top of the defaults below:
 *   "provider"     the provider's value is written on create and on every update (the default for
 *                  any field not listed);
 *   "odoo"         Odoo is the system of record: the provider's value is set on create, then never
 *                  overwritten (Odoo's users change it; a way back to the provider may send it);
 *   "create-only"  the provider's value is set on create, then neither side syncs it.
 * Applied where records are written (writers/context.ts `upsertHeld`, and the writers that call
 * `write` themselves), as one pure function, `ownedValues`.
 */
import type { Routing } from "./routing";

export const FIELD_OWNERS = ["provider", "odoo", "create-only"] as const;
export type FieldOwner = (typeof FIELD_OWNERS)[number];
export type OwnershipRules = Record<string, Record<string, FieldOwner>>;

/**
 * What Odoo owns unless the tenant says otherwise: fields its users and its own configuration set
 * (payment terms, salesperson and team, pricelist, product taxes and cost), which no flow writes
 * today but a field mapping could. Product sale prices (`list_price`) stay provider-owned: the
 * shop is the catalog of record, and a price changed there is written to Odoo (set it to "odoo"
 * to keep prices managed in Odoo — then they go out to the shops, routing `outbound.price`).
 *
 * The way back (src/outbound/governance.ts): stock (stock.quant quantities), shipments (a
 * picking's state and tracking), invoice status (account.move payment_state) and account status
 * (a customer's credit and hold) are Odoo's: they go out wherever the routing lists their flow.
 * Price goes out only where Odoo owns list_price, consent only where it owns mail.blacklist.active.
 */
export const DEFAULT_OWNERSHIP: OwnershipRules = {
  "res.partner": { property_payment_term_id: "odoo", property_product_pricelist: "odoo", user_id: "odoo" },
  "product.product": { taxes_id: "odoo", standard_price: "odoo" },
  "crm.lead": { user_id: "odoo", team_id: "odoo" },
  "sale.order": { user_id: "odoo", team_id: "odoo", payment_term_id: "odoo" },
  "account.move": { invoice_user_id: "odoo", invoice_payment_term_id: "odoo", payment_state: "odoo", amount_residual: "odoo" },
  "stock.quant": { quantity: "odoo", reserved_quantity: "odoo" },
  "stock.picking": { carrier_tracking_ref: "odoo", carrier_id: "odoo", date_done: "odoo" },
  "helpdesk.ticket": { user_id: "odoo", team_id: "create-only" },
  "project.task": { user_ids: "odoo" },
};

/**
 * Variants carry their template's fields (`_inherits`): rules written for product.template apply
 * to the product.product records the router writes, unless product.product says otherwise.
 */
const INHERITS: Record<string, string> = { "product.product": "product.template" };

/** The rules in force for a tenant, per model: the defaults, then its routing (which wins). */
export function effectiveOwnership(routing: Pick<Routing, "ownership">): OwnershipRules {
  const rules: OwnershipRules = {};
  for (const source of [DEFAULT_OWNERSHIP, routing.ownership ?? {}]) {
    for (const [model, fields] of Object.entries(source)) rules[model] = { ...rules[model], ...fields };
  }
  return rules;
}

/** Who owns a field of a model for this tenant: "does Odoo own field X of model Y". */
export function fieldOwner(routing: Pick<Routing, "ownership">, model: string, field: string): FieldOwner {
  const rules = effectiveOwnership(routing);
  const parent = INHERITS[model];
  return rules[model]?.[field] ?? (parent ? rules[parent]?.[field] : undefined) ?? "provider";
}

/**
 * The values a provider event may write on a record: all of them on create; on update, those of
 * fields the provider owns (fields Odoo owns or that are create-only are left as they are).
 */
export function ownedValues(
  routing: Pick<Routing, "ownership">,
  model: string,
  values: Record<string, unknown>,
  op: "create" | "update",
): Record<string, unknown> {
  if (op === "create") return values;
  return Object.fromEntries(Object.entries(values).filter(([field]) => fieldOwner(routing, model, field) === "provider"));
}

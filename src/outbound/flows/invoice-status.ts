/**
 * invoiceStatus: an invoice posted, partly paid, paid or reversed in Odoo -> the deal it came from
 * (HubSpot deal properties, Salesforce opportunity fields) and, for a shop order paid in Odoo (bank
 * transfer, cash on delivery), Shopify `orderMarkAsPaid`.
 *
 * Entity: the `account.move` id (customer invoices and credit notes). A credit note speaks for the
 * invoice it reverses (`reversed_entry_id`): the deal shows that invoice's status, so both converge
 * on the same values whichever of the two changed last.
 *
 * The way to the provider's record: the invoice's sale orders (`sale.order` whose `invoice_ids`
 * hold it: the orders of its lines' `sale_line_ids`; else the orders named in `invoice_origin`),
 * then, per target, the mapping the inbound writers recorded: a deal -> the order's opportunity
 * (`opportunity_id`, crm.lead, kind "deal"), a shop order -> the order itself (kind "order").
 *
 * Ledger object keys (src/outbound/flow.ts LedgerEntry):
 * - HubSpot:    `deal:<deal id>:<property>`          value: the property's text ("paid", "60")
 * - Salesforce: `opportunity:<Opportunity Id>:<field>` value: the field's JSON value ("paid", 60)
 * - Shopify:    `order:<order GID>:paid`               value: true (marked as paid, or found paid)
 *
 * A deal of several invoices shows the one that changed last (each invoice is its own entity).
 */
import type { CanonicalEvent } from "../../events/canonical";
import { updateHubSpotObject } from "../../providers/hubspot-api";
import { ProviderApiError } from "../../providers/provider-api";
import { updateSalesforceRecord } from "../../providers/salesforce-api";
import { markOrderAsPaid } from "../../providers/shopify-api";
import type { OdooClient } from "../../odoo/client";
import type { EchoProbe, OutboundContext, OutboundFlow, OutboundResult, OutboundTarget, OutboundWrite, WatchedModel } from "../flow";
import { skippedWrite } from "../flow";

/** What the deal shows: the canonical fields a routing's `properties` may name. */
export const INVOICE_STATUS_FIELDS = ["status", "amountDue", "amountPaid", "currency", "number"] as const;
export type InvoiceStatusField = (typeof INVOICE_STATUS_FIELDS)[number];

/**
 * Property names when the routing's `properties` is empty (documented in the README). When it
 * names any, exactly those fields are sent (a portal has only the properties its admin created).
 */
export const DEFAULT_INVOICE_PROPERTIES: Record<"hubspot" | "salesforce", Partial<Record<InvoiceStatusField, string>>> = {
  hubspot: { status: "odoo_invoice_status", amountDue: "odoo_amount_due", amountPaid: "odoo_amount_paid" },
  salesforce: { status: "Odoo_Invoice_Status__c", amountDue: "Odoo_Amount_Due__c", amountPaid: "Odoo_Amount_Paid__c" },
};

/** posted | partial | paid | reversed | blocked (18+: do not chase) | cancelled | draft */
export type InvoiceStatus = "draft" | "posted" | "partial" | "paid" | "reversed" | "blocked" | "cancelled";

/** The invoice as read from Odoo (the fields the decision needs). */
export interface InvoiceState {
  name: string | null;
  state: string;
  paymentState: string | null;
  amountTotal: number;
  amountResidual: number;
  currency: string | null;
}

export interface InvoiceStatusValues {
  status: InvoiceStatus;
  amountDue: number;
  amountPaid: number;
  currency: string | null;
  number: string | null;
}

const round2 = (x: number) => Math.round((x + Number.EPSILON) * 100) / 100;

/**
 * The canonical status of an invoice (pure). `in_payment` counts as paid (the payment is
 * registered, only its bank matching is pending: odoo-outbound.md §6); `invoicing_legacy` (paid
 * before accounting was installed) too. A reversed invoice owes nothing and was not paid.
 */
export function invoiceStatusOf(invoice: InvoiceState): InvoiceStatusValues {
  const base = { currency: invoice.currency, number: invoice.name };
  if (invoice.state === "cancel") return { ...base, status: "cancelled", amountDue: 0, amountPaid: 0 };
  if (invoice.state !== "posted") return { ...base, status: "draft", amountDue: 0, amountPaid: 0 };
  const due = round2(Math.max(0, invoice.amountResidual));
  const paid = round2(Math.max(0, invoice.amountTotal - due));
  switch (invoice.paymentState) {
    case "paid":
    case "in_payment":
    case "invoicing_legacy":
      return { ...base, status: "paid", amountDue: 0, amountPaid: round2(invoice.amountTotal) };
    case "reversed":
      return { ...base, status: "reversed", amountDue: 0, amountPaid: 0 };
    case "partial":
      return { ...base, status: "partial", amountDue: due, amountPaid: paid };
    case "blocked":
      return { ...base, status: "blocked", amountDue: due, amountPaid: paid };
    default:
      return { ...base, status: "posted", amountDue: due, amountPaid: paid };
  }
}

export type DealProvider = keyof typeof DEFAULT_INVOICE_PROPERTIES;

/**
 * The provider's property/field name -> value for a deal (pure): the routing's names, else the
 * provider's defaults. HubSpot properties are text ("60"); Salesforce fields typed (60, "paid").
 * Unknown canonical names in the routing are returned apart, so the flow can say so.
 */
export function dealValuesOf(
  values: InvoiceStatusValues,
  provider: DealProvider,
  routed: Record<string, string>,
): { values: Record<string, string | number | null>; unknown: string[] } {
  const names = Object.keys(routed).length ? routed : (DEFAULT_INVOICE_PROPERTIES[provider] as Record<string, string>);
  const out: Record<string, string | number | null> = {};
  const unknown: string[] = [];
  for (const [field, name] of Object.entries(names)) {
    if (!(INVOICE_STATUS_FIELDS as readonly string[]).includes(field)) {
      unknown.push(field);
      continue;
    }
    const value = values[field as InvoiceStatusField];
    // HubSpot holds every property as text and echoes numbers as it stores them ("60", "60.5").
    out[name] = typeof value === "number" && provider === "hubspot" ? String(value) : value;
  }
  return { values: out, unknown };
}

const INVOICE_TYPES = ["out_invoice", "out_refund"];
const MOVE_FIELDS = ["name", "move_type", "state", "payment_state", "amount_total", "amount_residual", "currency_id", "invoice_origin", "reversed_entry_id"];

type Row = Record<string, unknown>;
const many2oneId = (value: unknown): number | null => (Array.isArray(value) && typeof value[0] === "number" ? value[0] : typeof value === "number" ? value : null);
const many2oneName = (value: unknown): string | null => (Array.isArray(value) && typeof value[1] === "string" ? value[1] : null);
const textOf = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);
const numberOf = (value: unknown): number => (typeof value === "number" && Number.isFinite(value) ? value : 0);

async function readMove(odoo: OdooClient, id: number): Promise<Row | null> {
  // search_read, not read: a deleted move is an empty answer (read raises MissingError on 17+).
  const [row] = await odoo.call<Row[]>("account.move", "search_read", [[["id", "=", id]]], { fields: MOVE_FIELDS });
  return row ?? null;
}

/** The sale orders of an invoice, with their opportunity when sale_crm is installed. */
async function ordersOf(odoo: OdooClient, move: Row): Promise<{ id: number; opportunityId: number | null }[]> {
  const fields = await odoo.call<Record<string, unknown>>("sale.order", "fields_get", [["opportunity_id"]], { attributes: ["type"] });
  const read = ["name", ...("opportunity_id" in fields ? ["opportunity_id"] : [])];
  // sale.order.invoice_ids is searchable (_search_invoice_ids): the orders of the invoice lines' sale_line_ids.
  let orders = await odoo.call<Row[]>("sale.order", "search_read", [[["invoice_ids", "in", [move.id]]]], { fields: read });
  const origins = (textOf(move.invoice_origin) ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  if (!orders.length && origins.length) orders = await odoo.call<Row[]>("sale.order", "search_read", [[["name", "in", origins]]], { fields: read });
  return orders.map((o) => ({ id: o.id as number, opportunityId: many2oneId(o.opportunity_id) }));
}

export const invoiceStatusFlow: OutboundFlow<"invoiceStatus"> = {
  name: "invoiceStatus",

  // account.move fields are the same in 16.0-19.0: payment_state and amount_residual are stored
  // computes (rules fire on reconciliation), `blocked` is a payment_state value from 18.0.
  watches(): WatchedModel[] {
    return [
      {
        model: "account.move",
        triggerFields: ["payment_state", "state", "amount_residual"],
        fields: ["move_type", "state", "payment_state", "amount_residual"],
        domain: [["move_type", "in", INVOICE_TYPES]],
        entityOf: (record) => {
          const id = record.id ?? record._id;
          return typeof id === "number" && (record.move_type === undefined || INVOICE_TYPES.includes(String(record.move_type))) ? String(id) : null;
        },
      },
    ];
  },

  async send(ctx) {
    const moveId = Number(ctx.externalId);
    const changed = await readMove(ctx.odoo, moveId);
    if (!changed || !INVOICE_TYPES.includes(String(changed.move_type))) {
      return { writes: [], odoo: changed ? { model: "account.move", id: moveId } : null, detail: { skipped: changed ? "not a customer invoice or credit note" : "no longer in Odoo" } };
    }
    // A credit note speaks for the invoice it reverses.
    const reversedId = changed.move_type === "out_refund" ? many2oneId(changed.reversed_entry_id) : null;
    const invoice = reversedId ? await readMove(ctx.odoo, reversedId) : changed.move_type === "out_invoice" ? changed : null;
    if (!invoice) return { writes: [], odoo: { model: "account.move", id: moveId }, detail: { skipped: "a credit note that reverses no invoice" } };
    const values = invoiceStatusOf({
      name: textOf(invoice.name),
      state: String(invoice.state),
      paymentState: textOf(invoice.payment_state),
      amountTotal: numberOf(invoice.amount_total),
      amountResidual: numberOf(invoice.amount_residual),
      currency: many2oneName(invoice.currency_id),
    });
    const orders = await ordersOf(ctx.odoo, invoice);
    const writes: OutboundWrite[] = [];
    for (const target of ctx.targets) writes.push(...(await sendTo(ctx, target, values, orders)));
    return { writes, odoo: { model: "account.move", id: invoice.id as number }, detail: { status: values.status, amountDue: values.amountDue, orders: orders.map((o) => o.id) } } satisfies OutboundResult;
  },

  echoOf(event: CanonicalEvent, provider: string): EchoProbe | null {
    // A HubSpot deal property change (partial deal event, src/providers/hubspot.ts) of a property
    // this flow writes: matched against the ledger by value, so a user's later edit is not an echo.
    if (provider !== "hubspot" || event.kind !== "deal" || !("changes" in event.data) || !event.data.changes) return null;
    const entries = Object.entries(event.data.changes);
    if (entries.length !== 1) return null;
    const [property, value] = entries[0]!;
    return { objectKey: `deal:${event.externalId}:${property}`, value: value === null ? null : String(value) };
  },
};

async function sendTo(ctx: OutboundContext<"invoiceStatus">, target: OutboundTarget, values: InvoiceStatusValues, orders: { id: number; opportunityId: number | null }[]): Promise<OutboundWrite[]> {
  const mappings = ctx.mappings(target.sourceId);
  const skipped = (objectKey: string, reason: string): OutboundWrite => skippedWrite(target, objectKey, reason);
  if (target.provider === "hubspot" || target.provider === "salesforce") {
    const deals = new Set<string>();
    for (const order of orders) {
      if (!order.opportunityId) continue;
      const deal = await mappings.externalIdOf("deal", { model: "crm.lead", id: order.opportunityId });
      if (deal) deals.add(deal);
    }
    if (!deals.size) return [skipped("deal", `no ${target.provider} deal is mapped to the opportunity of the invoice's sale order(s)`)];
    const { values: fields, unknown } = dealValuesOf(values, target.provider, ctx.config.properties);
    const out: OutboundWrite[] = unknown.map((f) => skipped(`properties.${f}`, `"${f}" is not an invoice status field (${INVOICE_STATUS_FIELDS.join(", ")})`));
    for (const deal of deals) out.push(...(await writeDeal(ctx, target, deal, fields)));
    return out;
  }
  if (target.provider === "shopify") {
    const out: OutboundWrite[] = [];
    for (const order of orders) {
      const shopOrder = await mappings.externalIdOf("order", { model: "sale.order", id: order.id });
      if (!shopOrder) continue;
      out.push(await markPaid(ctx, target, shopOrder, values));
    }
    return out.length ? out : [skipped("order", "no shop order is mapped to the invoice's sale order(s)")];
  }
  return [skipped("invoiceStatus", `${target.provider} does not take invoice status (hubspot, salesforce, shopify do)`)];
}

/** One deal or opportunity: the fields whose ledger value differs, in one PATCH. */
async function writeDeal(ctx: OutboundContext<"invoiceStatus">, target: OutboundTarget, dealId: string, fields: Record<string, string | number | null>): Promise<OutboundWrite[]> {
  const prefix = target.provider === "hubspot" ? `deal:${dealId}` : `opportunity:${dealId}`;
  const keyOf = (name: string) => `${prefix}:${name}`;
  const known = await ctx.ledger.get(target.sourceId, Object.keys(fields).map(keyOf));
  const changed = Object.fromEntries(Object.entries(fields).filter(([name, value]) => !known.has(keyOf(name)) || known.get(keyOf(name))!.value !== value));
  const base = { to: target.sourceId, provider: target.provider };
  const unchanged: OutboundWrite[] = Object.entries(fields)
    .filter(([name]) => !(name in changed))
    .map(([name, value]) => ({ ...base, objectKey: keyOf(name), value, status: "unchanged" }));
  if (!Object.keys(changed).length) return unchanged;
  try {
    if (target.provider === "hubspot") await updateHubSpotObject(target.session, "deals", dealId, changed as Record<string, string | null>);
    else await updateSalesforceRecord(target.session, "Opportunity", dealId, changed);
  } catch (err) {
    // A deal deleted in the CRM: nothing to show the status on.
    if (err instanceof ProviderApiError && err.category === "not_found") return [...unchanged, { ...base, objectKey: prefix, value: null, status: "skipped", reason: `the ${target.provider} deal ${dealId} no longer exists` }];
    throw err;
  }
  const link = target.provider === "hubspot" ? dealId : `${target.session.baseUrl}/${dealId}`;
  await ctx.ledger.put(Object.entries(changed).map(([name, value]) => ({ sourceId: target.sourceId, objectKey: keyOf(name), value, eventId: ctx.eventId, link })));
  return [...unchanged, ...Object.entries(changed).map(([name, value]): OutboundWrite => ({ ...base, objectKey: keyOf(name), value, status: "sent", link }))];
}

/** A shop order paid in Odoo: marked as paid once (the ledger, then Shopify's own financial status). */
async function markPaid(ctx: OutboundContext<"invoiceStatus">, target: OutboundTarget, shopOrder: string, values: InvoiceStatusValues): Promise<OutboundWrite> {
  const gid = shopOrder.startsWith("gid://") ? shopOrder : `gid://shopify/Order/${shopOrder}`;
  const objectKey = `order:${gid}:paid`;
  const base = { to: target.sourceId, provider: target.provider, objectKey };
  if (values.status !== "paid") return { ...base, value: null, status: "skipped", reason: `the invoice is ${values.status} in Odoo (only a paid invoice marks the order paid)` };
  const known = await ctx.ledger.get(target.sourceId, [objectKey]);
  if (known.get(objectKey)?.value === true) return { ...base, value: true, status: "unchanged" };
  const result = await markOrderAsPaid(target.session, gid);
  if (result.outcome === "not_found") return { ...base, value: null, status: "skipped", reason: `the Shopify order ${gid} no longer exists` };
  if (result.outcome === "not_payable") return { ...base, value: null, status: "skipped", reason: `the Shopify order is ${result.financialStatus}: nothing to mark as paid` };
  await ctx.ledger.put([{ sourceId: target.sourceId, objectKey, value: true, eventId: ctx.eventId, link: gid }]);
  return { ...base, value: true, status: result.outcome === "marked" ? "sent" : "unchanged", link: gid, ...(result.outcome === "already_paid" ? { reason: "Shopify already had it paid" } : {}) };
}

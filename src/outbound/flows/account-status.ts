/**
 * accountStatus: a customer's amount due, overdue amount and credit hold -> Zendesk organization
 * (or user) fields and HubSpot company (or contact) properties, so support and sales see that an
 * account is behind on payments.
 *
 * Entity: the commercial `res.partner` id (the company, or a person without one). Watched: its
 * customer invoices and credit notes (`account.move`: payments change `amount_residual` and
 * `payment_state`; partner balances are not stored, so they never trigger themselves) and the
 * partner's credit limit.
 *
 * Computed from Odoo's posted customer moves in one search_read (`amount_residual_signed`: the
 * company currency, credit notes negative): amountDue = their sum; overdue = the invoices due
 * before today (`invoice_date_due`, UTC), except those `blocked` (18+: "do not chase").
 * Credit hold: Odoo (16.0-19.0) has no hold flag; its credit limit (`credit_limit`, active when
 * above 0: `use_partner_credit_limit`) only warns. The router derives creditHold = a limit is set
 * and the amount due is above it.
 *
 * Ledger object keys (src/outbound/flow.ts LedgerEntry):
 * - Zendesk: `organization:<id>:<field key>` or `user:<id>:<field key>`  value: the field's JSON value
 * - HubSpot: `company:<id>:<property>` or `contact:<id>:<property>`       value: the property's text
 *
 * No `echoOf`: HubSpot reports a company or contact property the router does not map as a thin
 * event (an id, no value: src/providers/hubspot.ts), and only a value can prove an echo. Such an
 * event is read back and written like any company change: the inbound writers set only the fields
 * they map, so the `odoo_*` properties never reach Odoo.
 */
import { updateHubSpotObject } from "../../providers/hubspot-api";
import { ProviderApiError } from "../../providers/provider-api";
import { updateZendeskFields } from "../../providers/zendesk-api";
import type { OdooClient } from "../../odoo/client";
import type { OutboundContext, OutboundFlow, OutboundTarget, OutboundWrite, WatchedModel } from "../flow";

export const ACCOUNT_STATUS_FIELDS = ["amountDue", "overdue", "creditHold", "creditLimit", "currency"] as const;
export type AccountStatusField = (typeof ACCOUNT_STATUS_FIELDS)[number];

/** Field names when the routing's `fields` is empty (documented in the README); else exactly those named. */
export const DEFAULT_ACCOUNT_FIELDS: Record<string, string> = { amountDue: "odoo_amount_due", overdue: "odoo_overdue", creditHold: "odoo_credit_hold" };

/** A posted customer move as read from Odoo. */
export interface ReceivableMove {
  moveType: string;
  /** Amount due in the company currency, signed (credit notes negative). */
  residualSigned: number;
  /** YYYY-MM-DD, or null. */
  dueDate: string | null;
  paymentState: string | null;
}

export interface AccountStatusValues {
  amountDue: number;
  overdue: number;
  creditHold: boolean;
  creditLimit: number | null;
  currency: string | null;
}

const round2 = (x: number) => Math.round((x + Number.EPSILON) * 100) / 100;

/** The account status of a customer (pure): `today` is YYYY-MM-DD, `creditLimit` 0/null = none. */
export function accountStatusOf(moves: ReceivableMove[], creditLimit: number | null, today: string, currency: string | null): AccountStatusValues {
  let due = 0;
  let overdue = 0;
  for (const move of moves) {
    due += move.residualSigned;
    const late = move.moveType === "out_invoice" && move.residualSigned > 0 && move.dueDate !== null && move.dueDate < today && move.paymentState !== "blocked";
    if (late) overdue += move.residualSigned;
  }
  const limit = creditLimit && creditLimit > 0 ? round2(creditLimit) : null;
  const amountDue = round2(due);
  return { amountDue, overdue: round2(Math.min(overdue, Math.max(amountDue, 0))), creditHold: limit !== null && amountDue > limit, creditLimit: limit, currency };
}

/** The provider's field names -> values (pure); unknown canonical names returned apart. */
export function accountValuesOf(values: AccountStatusValues, provider: "zendesk" | "hubspot", routed: Record<string, string>): { values: Record<string, string | number | boolean | null>; unknown: string[] } {
  const names = Object.keys(routed).length ? routed : DEFAULT_ACCOUNT_FIELDS;
  const out: Record<string, string | number | boolean | null> = {};
  const unknown: string[] = [];
  for (const [field, name] of Object.entries(names)) {
    if (!(ACCOUNT_STATUS_FIELDS as readonly string[]).includes(field)) {
      unknown.push(field);
      continue;
    }
    const value = values[field as AccountStatusField];
    // HubSpot holds text and echoes it as stored ("1234.5", "true"); Zendesk decimal and checkbox fields take JSON numbers and booleans.
    out[name] = provider === "hubspot" && value !== null ? String(value) : value;
  }
  return { values: out, unknown };
}

type Row = Record<string, unknown>;
const many2oneId = (value: unknown): number | null => (Array.isArray(value) && typeof value[0] === "number" ? value[0] : typeof value === "number" ? value : null);
const many2oneName = (value: unknown): string | null => (Array.isArray(value) && typeof value[1] === "string" ? value[1] : null);

const CUSTOMER_MOVES = ["out_invoice", "out_refund"];

async function readAccount(odoo: OdooClient, partnerId: number, today: string): Promise<{ values: AccountStatusValues; found: boolean }> {
  // Group-restricted fields (credit_limit): the router's Odoo user needs accounting read rights (odoo-outbound.md §6).
  // search_read, not read: a deleted partner is an empty answer (read raises MissingError on 17+).
  const [partner] = await odoo.call<Row[]>("res.partner", "search_read", [[["id", "=", partnerId]]], { fields: ["credit_limit"], context: { active_test: false } });
  if (!partner) return { found: false, values: accountStatusOf([], null, today, null) };
  const moves = await odoo.call<Row[]>(
    "account.move",
    "search_read",
    [[["commercial_partner_id", "=", partnerId], ["state", "=", "posted"], ["move_type", "in", CUSTOMER_MOVES], ["amount_residual", "!=", 0]]],
    { fields: ["move_type", "amount_residual_signed", "invoice_date_due", "payment_state", "company_currency_id"] },
  );
  const currency = moves.map((m) => many2oneName(m.company_currency_id)).find((c) => c !== null) ?? null;
  const receivables = moves.map((m) => ({
    moveType: String(m.move_type),
    residualSigned: typeof m.amount_residual_signed === "number" ? m.amount_residual_signed : 0,
    dueDate: typeof m.invoice_date_due === "string" ? m.invoice_date_due : null,
    paymentState: typeof m.payment_state === "string" ? m.payment_state : null,
  }));
  const limit = typeof partner.credit_limit === "number" ? partner.credit_limit : null;
  return { found: true, values: accountStatusOf(receivables, limit, today, currency) };
}

export const accountStatusFlow: OutboundFlow<"accountStatus"> = {
  name: "accountStatus",

  // The same fields in 16.0-19.0: commercial_partner_id is a stored related field of account.move,
  // credit_limit a company-dependent field of res.partner (a write to it touches the partner).
  watches(): WatchedModel[] {
    return [
      {
        model: "account.move",
        triggerFields: ["payment_state", "state", "amount_residual"],
        fields: ["move_type", "state", "commercial_partner_id"],
        domain: [["move_type", "in", CUSTOMER_MOVES]],
        entityOf: (record) => {
          const partner = many2oneId(record.commercial_partner_id);
          return partner ? String(partner) : null;
        },
      },
      {
        model: "res.partner",
        triggerFields: ["credit_limit"],
        fields: ["commercial_partner_id"],
        domain: [],
        entityOf: (record) => {
          const partner = many2oneId(record.commercial_partner_id) ?? (typeof record.id === "number" ? record.id : typeof record._id === "number" ? record._id : null);
          return partner ? String(partner) : null;
        },
      },
    ];
  },

  async send(ctx) {
    const partnerId = Number(ctx.externalId);
    const today = new Date().toISOString().slice(0, 10);
    const { values, found } = await readAccount(ctx.odoo, partnerId, today);
    if (!found) return { writes: [], odoo: null, detail: { skipped: "the partner is no longer in Odoo" } };
    const writes: OutboundWrite[] = [];
    for (const target of ctx.targets) writes.push(...(await sendTo(ctx, target, partnerId, values)));
    return { writes, odoo: { model: "res.partner", id: partnerId }, detail: { ...values } };
  },

};

/** Where the account status goes at one target: the mapped provider record of the partner. */
async function recordOf(ctx: OutboundContext<"accountStatus">, target: OutboundTarget, partnerId: number): Promise<{ type: "organization" | "user" | "company" | "contact"; id: string } | null> {
  const mappings = ctx.mappings(target.sourceId);
  const ref = { model: "res.partner", id: partnerId };
  const company = await mappings.externalIdOf("company", ref);
  if (company) return { type: target.provider === "zendesk" ? "organization" : "company", id: company };
  const customer = await mappings.externalIdOf("customer", ref);
  if (customer) return { type: target.provider === "zendesk" ? "user" : "contact", id: customer };
  return null;
}

async function sendTo(ctx: OutboundContext<"accountStatus">, target: OutboundTarget, partnerId: number, status: AccountStatusValues): Promise<OutboundWrite[]> {
  const base = { to: target.sourceId, provider: target.provider };
  if (target.provider !== "zendesk" && target.provider !== "hubspot") {
    return [{ ...base, objectKey: "accountStatus", value: null, status: "skipped", reason: `${target.provider} does not take account status (zendesk, hubspot do)` }];
  }
  const record = await recordOf(ctx, target, partnerId);
  if (!record) return [{ ...base, objectKey: "account", value: null, status: "skipped", reason: `no ${target.provider} record is mapped to res.partner ${partnerId}` }];
  const { values, unknown } = accountValuesOf(status, target.provider, ctx.config.fields);
  const out: OutboundWrite[] = unknown.map((f) => ({ ...base, objectKey: `fields.${f}`, value: null, status: "skipped", reason: `"${f}" is not an account status field (${ACCOUNT_STATUS_FIELDS.join(", ")})` }));
  const keyOf = (name: string) => `${record.type}:${record.id}:${name}`;
  const known = await ctx.ledger.get(target.sourceId, Object.keys(values).map(keyOf));
  const changed = Object.fromEntries(Object.entries(values).filter(([name, value]) => !known.has(keyOf(name)) || known.get(keyOf(name))!.value !== value));
  for (const [name, value] of Object.entries(values)) if (!(name in changed)) out.push({ ...base, objectKey: keyOf(name), value, status: "unchanged" });
  if (!Object.keys(changed).length) return out;
  try {
    if (target.provider === "zendesk") await updateZendeskFields(target.session, record.type === "organization" ? "organizations" : "users", record.id, changed);
    else await updateHubSpotObject(target.session, record.type === "company" ? "companies" : "contacts", record.id, changed as Record<string, string | null>);
  } catch (err) {
    if (err instanceof ProviderApiError && err.category === "not_found") return [...out, { ...base, objectKey: `${record.type}:${record.id}`, value: null, status: "skipped", reason: `the ${target.provider} ${record.type} ${record.id} no longer exists` }];
    throw err;
  }
  await ctx.ledger.put(Object.entries(changed).map(([name, value]) => ({ sourceId: target.sourceId, objectKey: keyOf(name), value, eventId: ctx.eventId, link: record.id })));
  return [...out, ...Object.entries(changed).map(([name, value]): OutboundWrite => ({ ...base, objectKey: keyOf(name), value, status: "sent", link: record.id }))];
}

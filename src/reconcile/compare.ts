/**
 * Two-sided comparison: what the provider says now about a record against what Odoo holds. Odoo is
 * read in batches (`search_read` with `id in [...]`, one call per model per page), through the
 * writers' mappings (external id -> Odoo id).
 *
 *   missing_in_odoo  no mapping, or the mapped record is gone from Odoo
 *   amount_differs   order total vs sale.order.amount_total, invoice amount due vs
 *                    account.move.amount_residual, payment amount vs account.payment.amount
 *   state_differs    cancelled / paid / voided upstream, not so in Odoo
 */
import type { CanonicalEvent, Money } from "../events/canonical";
import { currencyExponent, toDecimal } from "../events/canonical";
import type { OdooClient } from "../odoo/client";
import type { FoundException } from "../db/reconciliations";

/**
 * Kinds whose record the writers map under the event's own kind and external id. A product is
 * mapped per variant (kind "variant", writers/product.ts), so its presence cannot be read this way:
 * products are fed, not compared.
 */
export const COMPARED_KINDS: ReadonlySet<string> = new Set(["order", "invoice", "payment", "refund", "customer", "company", "deal", "ticket"]);

/** The provider's values of one record, as kept for a comparison (small: stored while a write settles). */
export interface ListedValues {
  kind: string;
  externalId: string;
  /** What a person recognises the record by (order name, invoice number). */
  label: string | null;
  amount: Money | null;
  /** cancelled | paid | void | refunded | null (nothing that Odoo must show) */
  state: string | null;
}

/** The values compared, from a full canonical event; null for kinds that are only checked for presence. */
export function listedValues(event: CanonicalEvent): ListedValues {
  const base = { kind: event.kind, externalId: event.externalId };
  const data = event.data as Record<string, unknown>;
  switch (event.kind) {
    case "order": {
      const d = data as { name: string; total: Money; cancelledAt: string | null; financialStatus: string | null };
      return { ...base, label: d.name, amount: d.total, state: d.cancelledAt ? "cancelled" : d.financialStatus === "paid" ? "paid" : null };
    }
    case "invoice": {
      const d = data as { number: string | null; amountDue: Money | null; status: string | null };
      const status = d.status?.toLowerCase() ?? null;
      return { ...base, label: d.number, amount: d.amountDue, state: status === "paid" ? "paid" : status === "void" || status === "voided" ? "void" : null };
    }
    case "payment": {
      const d = data as { amount: Money; status: string; reference: string | null };
      return { ...base, label: d.reference, amount: d.amount, state: d.status === "refunded" ? "refunded" : null };
    }
    default:
      return { ...base, label: null, amount: null, state: null };
  }
}

/** Per Odoo model: the fields read, the amount field and how to judge the state. */
const MODELS: Record<string, { fields: string[]; amount: string | null; stateDiffers(state: string, row: Record<string, unknown>): boolean }> = {
  "sale.order": {
    fields: ["name", "amount_total", "state"],
    amount: "amount_total",
    stateDiffers: (state, row) => (state === "cancelled" ? row.state !== "cancel" : state === "paid" ? !["sale", "done"].includes(String(row.state)) : false),
  },
  "account.move": {
    fields: ["name", "amount_residual", "state", "payment_state"],
    amount: "amount_residual",
    stateDiffers: (state, row) =>
      state === "paid" ? !["paid", "in_payment", "reversed"].includes(String(row.payment_state)) : state === "void" ? row.state !== "cancel" : false,
  },
  "account.payment": {
    fields: ["name", "amount", "state"],
    amount: "amount",
    stateDiffers: () => false,
  },
};

export interface CompareResult {
  found: FoundException[];
  /** Odoo calls made (reads only). */
  odooCalls: number;
}

/**
 * Compares records with Odoo. `mapped` has the Odoo record of each external id that has one;
 * records of the same model are read in one `search_read` per chunk of ids.
 */
export async function compareWithOdoo(
  odoo: OdooClient,
  records: ListedValues[],
  mapped: (kind: string) => Map<string, { model: string; id: number }>,
  chunkSize = 200,
): Promise<CompareResult> {
  const found: FoundException[] = [];
  const byModel = new Map<string, { record: ListedValues; id: number }[]>();
  for (const record of records) {
    const ref = mapped(record.kind).get(record.externalId);
    if (!ref) {
      found.push({ kind: record.kind, externalId: record.externalId, type: "missing_in_odoo", odoo: null, providerValue: providerValue(record), odooValue: null });
      continue;
    }
    byModel.set(ref.model, [...(byModel.get(ref.model) ?? []), { record, id: ref.id }]);
  }
  let odooCalls = 0;
  for (const [model, items] of byModel) {
    const spec = MODELS[model] ?? { fields: ["display_name"], amount: null, stateDiffers: () => false };
    for (let i = 0; i < items.length; i += chunkSize) {
      const chunk = items.slice(i, i + chunkSize);
      const rows = await odoo.call<Record<string, unknown>[]>(model, "search_read", [[["id", "in", chunk.map((c) => c.id)]]], {
        fields: spec.fields,
        // An archived record is still in Odoo: it is not "missing".
        context: { active_test: false },
      });
      odooCalls++;
      const byId = new Map(rows.map((r) => [r.id as number, r]));
      for (const { record, id } of chunk) {
        const row = byId.get(id);
        const odooRef = { model, id };
        if (!row) {
          found.push({ kind: record.kind, externalId: record.externalId, type: "missing_in_odoo", odoo: odooRef, providerValue: providerValue(record), odooValue: null });
          continue;
        }
        if (spec.amount && record.amount && amountsDiffer(record.amount, row[spec.amount])) {
          found.push({
            kind: record.kind,
            externalId: record.externalId,
            type: "amount_differs",
            odoo: odooRef,
            providerValue: providerValue(record),
            odooValue: { name: row.name ?? null, amount: row[spec.amount] ?? null },
          });
        }
        if (record.state && spec.stateDiffers(record.state, row)) {
          found.push({
            kind: record.kind,
            externalId: record.externalId,
            type: "state_differs",
            odoo: odooRef,
            providerValue: providerValue(record),
            odooValue: { name: row.name ?? null, state: row.state ?? null, ...(row.payment_state !== undefined ? { paymentState: row.payment_state } : {}) },
          });
        }
      }
    }
  }
  return { found, odooCalls };
}

function providerValue(record: ListedValues): Record<string, unknown> {
  return {
    label: record.label,
    amount: record.amount ? toDecimal(record.amount) : null,
    currency: record.amount?.currency ?? null,
    state: record.state,
  };
}

/** Equal when they round to the same minor unit of the currency (Odoo's floats carry noise). */
function amountsDiffer(listed: Money, odooValue: unknown): boolean {
  if (typeof odooValue !== "number") return true;
  const exponent = currencyExponent(listed.currency);
  return Math.round(odooValue * 10 ** exponent) !== listed.amount;
}

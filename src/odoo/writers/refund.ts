/**
 * Refunds (Stripe charge.refunded, Shopify refunds/create, Square refunds, PayPal capture refunds)
 * -> a posted customer credit note against the invoice the money was paid on, and the money sent
 * back registered on it (an outbound payment through Odoo's wizard):
 * - a refund of the whole invoice goes through Odoo's reversal wizard (account.move.reversal,
 *   refund_moves), which copies the invoice's lines and taxes and links them to the order;
 * - a partial refund is a credit note of one line for the refunded amount (the provider does not
 *   say which lines, or how the amount splits over taxes).
 * Without an invoice (payment recorded on the customer's account) the refund is an outbound
 * payment on that account. Providers that resend a refund with a growing cumulative amount (Stripe
 * before API 2022-11-15) get a credit note for the difference only: credit notes carry the refund's
 * reference "[<source>:<refund id>]" in their reason, which is how they are counted and how a
 * retry after a lost response finds them.
 */
import type { RefundData } from "../../events/canonical";
import { OdooError } from "../errors";
import { externalRef, type WriteContext, type WriteResult } from "./context";
import {
  mappedOrWait,
  memoField,
  orderInvoices,
  ordersAreWritten,
  paymentTerms,
  readMoves,
  readOrder,
  registerPayment,
  unallocatedPayment,
  type OpenMove,
  type PaymentTerms,
} from "./payment-registration";

/** Statuses meaning the money went back (Stripe's legacy cumulative ones included). */
export const COMPLETED_REFUND_STATUSES = new Set(["succeeded", "completed", "refunded", "partially_refunded"]);

const CENT = 0.005;

interface Origin {
  invoice: OpenMove | null;
  partnerId: number | null;
  via: string;
}

export async function writeRefund(
  ctx: WriteContext,
  externalId: string,
  data: RefundData,
  occurredAt: string,
): Promise<WriteResult> {
  const ref = externalRef(ctx, externalId);
  const marker = `[${ref}]`;
  const origin = await refundOrigin(ctx, data, externalId);
  const terms = await paymentTerms(ctx, data.amount, occurredAt, ref);
  if (!origin.invoice) {
    const id = await outboundOnAccount(ctx, origin.partnerId, terms, data.reason);
    await ctx.mappings.put("refund", externalId, { model: "account.payment", id });
    return { odoo: { model: "account.payment", id }, detail: { creditNotes: 0, amount: terms.amount, via: origin.via } };
  }

  const invoice = origin.invoice;
  let notes = await creditNotesOf(ctx, invoice.id, marker);
  const credited = notes.reduce((sum, n) => sum + n.amount_total, 0);
  const missing = Math.round((terms.amount - credited) * 100) / 100;
  let created: "reversal" | "partial" | null = null;
  if (missing > CENT) {
    const reason = `${marker}${data.reason ? ` ${data.reason}` : ""}`;
    const whole = credited <= CENT && Math.abs(missing - invoice.amount_total) <= CENT;
    if (whole) await reverseWhole(ctx, invoice, reason, terms.date);
    else await creditPart(ctx, invoice, reason, missing, terms);
    created = whole ? "reversal" : "partial";
    notes = await creditNotesOf(ctx, invoice.id, marker);
  }
  // Drafts left by this or an interrupted attempt are posted; money is sent back on what is open.
  for (const note of notes.filter((n) => n.state === "draft")) await ctx.odoo.call("account.move", "action_post", [[note.id]]);
  const posted = await readMoves(ctx, notes.map((n) => n.id));
  const field = await memoField(ctx);
  let paid = 0;
  for (const note of posted.filter((n) => n.state === "posted" && n.amount_residual > CENT)) {
    await registerPayment(ctx, [note.id], { ...terms, amount: note.amount_residual, memo: `${ref} ${note.name}` });
    paid++;
  }
  const last = posted.at(-1)!;
  await ctx.mappings.put("refund", externalId, { model: "account.move", id: last.id });
  return {
    odoo: { model: "account.move", id: last.id },
    detail: { creditNotes: posted.map((n) => n.name), created, refundPayments: paid, memoField: field, invoice: invoice.name, via: origin.via },
  };
}

/** The invoice the refunded money was paid on (through the order, or the payment). */
async function refundOrigin(ctx: WriteContext, data: RefundData, externalId: string): Promise<Origin> {
  const who = `refund ${externalId}`;
  if (data.order && (ordersAreWritten(ctx.provider) || (await ctx.mappings.get("order", data.order.externalId)))) {
    const order = await readOrder(ctx, await mappedOrWait(ctx, data.order, "sale.order", who));
    const invoice = (await orderInvoices(ctx, order)).find((m) => m.state === "posted") ?? null;
    const partner = order.partner_invoice_id || order.partner_id;
    return { invoice, partnerId: partner[0], via: `order ${order.name}` };
  }
  if (data.payment) {
    const payment = await ctx.mappings.get(data.payment.kind, data.payment.externalId);
    const paymentId = await mappedOrWait(ctx, data.payment, "account.payment", who);
    const [row] = await ctx.odoo.call<{ partner_id: [number, string] | false; reconciled_invoice_ids: number[] }[]>(
      "account.payment",
      "read",
      [[paymentId], ["partner_id", "reconciled_invoice_ids"]],
    );
    const invoices = await readMoves(ctx, row?.reconciled_invoice_ids ?? []);
    const invoice = invoices.find((m) => m.state === "posted") ?? null;
    return { invoice, partnerId: row?.partner_id ? row.partner_id[0] : null, via: `payment ${data.payment.externalId}` };
  }
  return { invoice: null, partnerId: null, via: "no order or payment at the provider" };
}

/** The credit notes of this refund on this invoice (not cancelled), oldest first. */
async function creditNotesOf(ctx: WriteContext, invoiceId: number, marker: string): Promise<OpenMove[]> {
  const rows = await ctx.odoo.call<(OpenMove & { ref: string | false })[]>("account.move", "search_read", [
    [
      ["reversed_entry_id", "=", invoiceId],
      ["move_type", "=", "out_refund"],
      ["state", "!=", "cancel"],
      ["ref", "ilike", marker],
    ],
    ["name", "state", "amount_total", "amount_residual", "partner_id", "ref"],
  ], { order: "id asc" });
  // ilike treats "_" as a wildcard: keep only exact marker matches.
  return rows.filter((r) => typeof r.ref === "string" && r.ref.includes(marker));
}

/** Odoo's own "Credit Note" button: a draft reversal of every line of the invoice. */
async function reverseWhole(ctx: WriteContext, invoice: OpenMove, reason: string, date: string): Promise<void> {
  const context = { active_model: "account.move", active_ids: [invoice.id] };
  const wizardId = await ctx.odoo.call<number>(
    "account.move.reversal",
    "create",
    [{ reason, date }],
    { context },
  );
  await ctx.odoo.call("account.move.reversal", "refund_moves", [[wizardId]], { context });
}

/** A draft credit note of one line for part of the invoice, created in one call. */
async function creditPart(
  ctx: WriteContext,
  invoice: OpenMove,
  reason: string,
  amount: number,
  terms: { currencyId: number | null; date: string },
): Promise<void> {
  if (!invoice.partner_id) throw new OdooError("business", `invoice ${invoice.name} has no customer to credit`);
  await ctx.odoo.call("account.move", "create", [
    {
      move_type: "out_refund",
      partner_id: invoice.partner_id[0],
      reversed_entry_id: invoice.id,
      ref: `Reversal of: ${invoice.name}, ${reason}`,
      invoice_date: terms.date,
      ...(terms.currencyId ? { currency_id: terms.currencyId } : {}),
      invoice_line_ids: [[0, 0, { name: `Refund ${reason}`, quantity: 1, price_unit: amount }]],
    },
  ]);
}

/** Money sent back with no invoice to credit: outbound payments on the customer's account. */
async function outboundOnAccount(
  ctx: WriteContext,
  partnerId: number | null,
  terms: PaymentTerms,
  reason: string | null,
): Promise<number> {
  // Cumulative refunds: one payment per increase, memos "<ref>", "<ref> (2)", ...
  const field = await memoField(ctx);
  const candidates = await ctx.odoo.call<({ id: number; amount: number; state: string } & Record<string, unknown>)[]>(
    "account.payment",
    "search_read",
    [[[field, "=like", `${terms.memo}%`], ["payment_type", "=", "outbound"], ["state", "not in", ["cancel", "canceled", "rejected"]]], [field, "amount", "state"]],
    { order: "id asc" },
  );
  const earlier = candidates.filter((p) => p[field] === terms.memo || String(p[field]).startsWith(`${terms.memo} (`));
  // A draft is an interrupted earlier attempt: post it rather than pay again.
  for (const p of earlier.filter((p) => p.state === "draft")) await ctx.odoo.call("account.payment", "action_post", [[p.id]]);
  const missing = Math.round((terms.amount - earlier.reduce((sum, p) => sum + p.amount, 0)) * 100) / 100;
  if (missing <= CENT) {
    if (earlier.length === 0) throw new OdooError("business", `refund ${terms.memo} has no amount to record`);
    return earlier.at(-1)!.id;
  }
  const memo = earlier.length === 0 ? terms.memo : `${terms.memo} (${earlier.length + 1})`;
  return unallocatedPayment(ctx, "outbound", partnerId, { ...terms, amount: missing, memo }, reason);
}

/**
 * Refunds (Stripe charge.refunded, Shopify refunds/create, Square refunds, PayPal capture refunds)
 * -> a posted customer credit note against the invoice the money was paid on, and the money sent
 * back recorded as outbound payments:
 * - a refund of the whole invoice goes through Odoo's reversal wizard (account.move.reversal,
 *   refund_moves), which copies the invoice's lines and taxes and links them to the order;
 * - a partial refund is a credit note of one untaxed line for the refunded amount (the provider
 *   does not say which lines, or how the amount splits over taxes).
 * Without an invoice (payment recorded on the customer's account) the refund is an outbound
 * payment on that account. Providers that resend a refund with a growing cumulative amount (Stripe
 * before API 2022-11-15) get a credit note for the difference only.
 *
 * What a refund made is found again by its reference, never by amounts left open (Odoo 18+ may
 * record a payment without lowering the amount due): credit notes carry "[<source>:<refund id>]"
 * in their reference, outbound payments "<source>:<refund id>" at the start of their memo. A retry
 * stays on the path an earlier attempt took (credit note or customer account).
 */
import type { RefundData } from "../../events/canonical";
import { DependencyWaitError, OdooError } from "../errors";
import { externalRef, mappedOrWait, type WriteContext, type WriteResult } from "./context";
import {
  actionRecordId,
  isOpen,
  mappedOrder,
  memoField,
  MOVE_FIELDS,
  paymentTerms,
  readMoves,
  readOrder,
  registerPayment,
  unallocatedPayment,
  writeExtraValues,
  type OpenMove,
  type WindowAction,
} from "./payment-registration";

/** Statuses meaning the money went back (Stripe's legacy cumulative ones included). */
export const COMPLETED_REFUND_STATUSES = new Set(["succeeded", "completed", "refunded", "partially_refunded"]);

const CENT = 0.005;
const cents = (x: number) => Math.round(x * 100) / 100;

interface Origin {
  invoice: OpenMove | null;
  partnerId: number | null;
  via: string;
}

/** A credit note of this refund; `name` is null for one made in this attempt (Odoo names it on posting). */
type CreditNote = Omit<OpenMove, "name"> & { name: string | null };

/** The draft credit note just made for `amount` of `invoice` (refund_moves or creditPart). */
const newCreditNote = (id: number, invoice: OpenMove, amount: number): CreditNote => ({
  id,
  name: null,
  move_type: "out_refund",
  state: "draft",
  payment_state: "not_paid",
  amount_total: amount,
  amount_residual: amount,
  partner_id: invoice.partner_id,
  currency_id: invoice.currency_id,
});

interface SentBack {
  id: number;
  amount: number;
  state: string;
  partner_id: [number, string] | false;
}

export async function writeRefund(
  ctx: WriteContext,
  externalId: string,
  data: RefundData,
  occurredAt: string,
): Promise<WriteResult> {
  const ref = externalRef(ctx, externalId);
  const marker = `[${ref}]`;
  const terms = await paymentTerms(ctx, data.amount, occurredAt, ref);
  // What this refund made before: by an earlier event of it (mapped; a provider resending a
  // growing cumulative amount), or by an earlier attempt whose answer was lost. A first attempt
  // of an unmapped refund can have made nothing: it does not search.
  const madeBefore = ctx.earlierAttempt || (await ctx.mappings.get("refund", externalId)) !== null;
  let notes: CreditNote[] = madeBefore ? await creditNotesOf(ctx, marker) : [];
  const { sent, next } = madeBefore ? await sentBackFor(ctx, ref) : { sent: [], next: 1 };
  // An earlier attempt that sent money back on the customer's account fixed the path.
  const origin = notes.length === 0 && sent.length > 0 ? null : await refundOrigin(ctx, data, externalId);
  const invoice = notes.length > 0 ? null : (origin?.invoice ?? null);
  const via = origin?.via ?? "the customer's account (as an earlier attempt chose)";

  let created: "reversal" | "partial" | null = null;
  let settledOnPost = false;
  let madeNow: number | null = null;
  if (notes.length > 0 || invoice) {
    const credited = notes.reduce((sum, n) => sum + n.amount_total, 0);
    const missing = cents(terms.amount - credited);
    if (missing > CENT) {
      const target = invoice ?? (await creditedInvoice(ctx, notes));
      const reason = `${marker}${data.reason ? ` ${data.reason}` : ""}`;
      const whole = credited <= CENT && Math.abs(missing - target.amount_total) <= CENT;
      const made = whole ? await reverseWhole(ctx, target, reason) : await creditPart(ctx, target, reason, missing, terms.currencyId);
      created = whole ? "reversal" : "partial";
      madeNow = made;
      // The new credit note is a draft of the invoice's customer and currency for `missing`
      // (posted below); an answer that does not name it is looked up by the marker.
      notes = made !== null ? [...notes, newCreditNote(made, target, missing)] : await creditNotesOf(ctx, marker);
      // Posting reconciles a credit note with the invoice it reverses as far as that invoice is
      // still due (account.move._post -> _reconcile_reversed_moves, 17.0+; modules change it): a
      // note of an invoice with nothing left to pay stays wholly open, any other is read again.
      if (made === null || target.amount_residual > CENT) settledOnPost = true;
    }
    // Drafts left by this or an interrupted attempt are posted (account.move.action_post answers
    // false): a note found as a draft may have been settled on posting too.
    const drafts = notes.filter((n) => n.state === "draft");
    for (const note of drafts) await ctx.odoo.call("account.move", "action_post", [[note.id]]);
    if (drafts.some((n) => n.id !== madeNow)) settledOnPost = true;
    notes = settledOnPost
      ? await readMoves(ctx, notes.map((n) => n.id))
      : notes.map((n) => (n.state === "draft" ? { ...n, state: "posted", payment_state: "not_paid", amount_residual: n.amount_total } : n));
  }

  // The money sent back: what the provider refunded, less what earlier attempts recorded.
  const toSend = cents(terms.amount - sent.reduce((sum, p) => sum + p.amount, 0));
  let paymentId: number | null = null;
  if (toSend > CENT) {
    const open = notes.filter((n) => isOpen(n)).at(-1);
    const memo = next === 1 ? ref : `${ref} (${next})`;
    paymentId = open
      ? await registerPayment(ctx, [open.id], { ...terms, amount: toSend, memo })
      : await unallocatedPayment(ctx, "outbound", partnerOf(notes, origin, sent), { ...terms, amount: toSend, memo }, data.reason);
  }

  // The refund's record: its newest credit note, else the money sent back on the account.
  const last = notes.at(-1);
  const recordId = last?.id ?? paymentId ?? sent.at(-1)?.id;
  if (recordId === undefined) {
    throw new OdooError("business", `refund ${externalId}: nothing to record (amount ${terms.amount}, nothing credited or sent back)`);
  }
  const odoo = { model: last ? "account.move" : "account.payment", id: recordId };
  await ctx.mappings.put("refund", externalId, odoo);
  // Made by this attempt (a credit note or money sent back), or found again from an earlier one.
  await writeExtraValues(ctx, odoo.id, odoo.model, created !== null || paymentId !== null ? "create" : "update");
  return {
    odoo,
    detail: {
      // A credit note made now is named by Odoo when posted (not read back): its id stands in.
      creditNotes: notes.map((n) => n.name ?? `account.move ${n.id}`),
      created,
      sentBack: toSend > CENT ? toSend : 0,
      via,
    },
  };
}

/** The invoice the refunded money was paid on (through the order, or the payment). */
async function refundOrigin(ctx: WriteContext, data: RefundData, externalId: string): Promise<Origin> {
  const who = `refund ${externalId}`;
  const orderId = data.order ? await mappedOrder(ctx, data.order, who) : null;
  if (data.order && orderId !== null) {
    // Under the order's lock: a payment of the order may be creating or posting its invoice.
    const byOrder = await ctx.locks.hold([{ kind: "order", externalId: data.order.externalId }], async (): Promise<Origin | null> => {
      const invoice = (await postedInvoicesOfOrder(ctx, orderId))[0] ?? null;
      // Its invoice says whom it bills (and its origin, the order's name): the order is read only without one.
      if (invoice) return { invoice, partnerId: invoice.partner_id ? invoice.partner_id[0] : null, via: `order ${invoice.invoice_origin || data.order!.externalId}` };
      const order = await readOrder(ctx, orderId);
      const partner = order.partner_invoice_id || order.partner_id;
      // The order is invoiced when its payment is written: until the payment is in Odoo, credit
      // nothing (once it is, its invoice — or the customer's account it went to — decides).
      if (ctx.routing.orderInvoicing === "on_payment" && data.payment) {
        if (!(await ctx.mappings.get(data.payment.kind, data.payment.externalId))) {
          throw new DependencyWaitError(`${who} waits for payment ${data.payment.externalId} of order ${order.name} to be written first`, null, {
            kind: data.payment.kind,
            externalId: data.payment.externalId,
            needs: "written",
          });
        }
        return null;
      }
      return { invoice: null, partnerId: partner[0], via: `order ${order.name}` };
    });
    if (byOrder) return byOrder;
  }
  if (data.payment) {
    const paymentId = await mappedOrWait(ctx, data.payment, "account.payment", who);
    if (paymentId !== null) {
      const [row] = await ctx.odoo.call<{ partner_id: [number, string] | false; reconciled_invoice_ids: number[] }[]>(
        "account.payment",
        "read",
        [[paymentId], ["partner_id", "reconciled_invoice_ids"]],
      );
      const invoices = await readMoves(ctx, row?.reconciled_invoice_ids ?? []);
      const invoice = invoices.find((m) => m.state === "posted" && m.move_type === "out_invoice") ?? null;
      return { invoice, partnerId: row?.partner_id ? row.partner_id[0] : null, via: `payment ${data.payment.externalId}` };
    }
  }
  return { invoice: null, partnerId: null, via: "no order or payment in Odoo" };
}

/**
 * The order's posted customer invoices, oldest first, in one search instead of reading the order's
 * invoice_ids then the moves: sale.order.invoice_ids is computed from the order lines' invoice
 * lines (account.move.line.sale_line_ids, addons/sale/models/account_move_line.py, 16.0-19.0).
 */
async function postedInvoicesOfOrder(ctx: WriteContext, orderId: number): Promise<(OpenMove & { invoice_origin: string | false })[]> {
  return ctx.odoo.call("account.move", "search_read", [
    [
      ["line_ids.sale_line_ids.order_id", "=", orderId],
      ["move_type", "=", "out_invoice"],
      ["state", "=", "posted"],
    ],
    [...MOVE_FIELDS, "invoice_origin"],
  ], { order: "id asc" });
}

/** This refund's credit notes (not cancelled), oldest first, on whichever invoice. */
async function creditNotesOf(ctx: WriteContext, marker: string): Promise<OpenMove[]> {
  const rows = await ctx.odoo.call<(OpenMove & { ref: string | false })[]>(
    "account.move",
    "search_read",
    [
      [
        ["move_type", "=", "out_refund"],
        ["state", "!=", "cancel"],
        ["ref", "ilike", marker],
      ],
      [...MOVE_FIELDS, "ref"],
    ],
    { order: "id asc" },
  );
  // ilike treats "_" as a wildcard: keep only exact marker matches.
  return rows.filter((r) => typeof r.ref === "string" && r.ref.includes(marker));
}

/**
 * The outbound payments recorded for this refund: memo "<ref>", "<ref> (2)", ... `sent` are those
 * in force (their amounts count); `next` numbers a new one after every earlier one, cancelled
 * ones included, so a memo is never reused.
 */
async function sentBackFor(ctx: WriteContext, ref: string): Promise<{ sent: SentBack[]; next: number }> {
  const field = await memoField(ctx);
  const rows = await ctx.odoo.call<(SentBack & Record<string, unknown>)[]>(
    "account.payment",
    "search_read",
    [
      [
        [field, "=like", `${ref}%`],
        ["payment_type", "=", "outbound"],
      ],
      [field, "amount", "state", "partner_id"],
    ],
    { order: "id asc" },
  );
  // "=like" treats "_" as a wildcard: only memos that really start with the reference count.
  const suffix = (memo: unknown) =>
    memo === ref ? 1 : String(memo).startsWith(ref) ? Number(/^ \((\d+)\)$/.exec(String(memo).slice(ref.length))?.[1] ?? 0) : 0;
  const ours = rows.filter((p) => suffix(p[field]) > 0);
  const sent = ours.filter((p) => !["cancel", "canceled", "rejected"].includes(p.state));
  // A draft is an interrupted earlier attempt: post it rather than send the money again.
  for (const p of sent.filter((p) => p.state === "draft")) await ctx.odoo.call("account.payment", "action_post", [[p.id]]);
  return { sent, next: Math.max(0, ...ours.map((p) => suffix(p[field]))) + 1 };
}

/** The invoice earlier credit notes of this refund reversed (for a later cumulative increase). */
async function creditedInvoice(ctx: WriteContext, notes: CreditNote[]): Promise<OpenMove> {
  const [row] = await ctx.odoo.call<{ reversed_entry_id: [number, string] | false }[]>("account.move", "read", [
    [notes[0]!.id],
    ["reversed_entry_id"],
  ]);
  const [invoice] = row?.reversed_entry_id ? await readMoves(ctx, [row.reversed_entry_id[0]]) : [];
  if (!invoice) throw new OdooError("business", `credit note ${notes[0]!.name ?? notes[0]!.id} no longer names the invoice it reverses`);
  return invoice;
}

/** Who the money goes back to: the credit note's customer, the origin's, or an earlier payment's. */
function partnerOf(notes: CreditNote[], origin: Origin | null, sent: SentBack[]): number | null {
  const note = notes.at(-1)?.partner_id;
  if (note) return note[0];
  if (origin?.partnerId) return origin.partnerId;
  const earlier = sent.find((p) => p.partner_id)?.partner_id;
  return earlier ? earlier[0] : null;
}

/**
 * Odoo's own "Credit Note" button: a draft reversal of every line of the invoice. Dated by Odoo
 * (today in its time zone): a date after that would make the reversal wait to be auto-posted.
 */
async function reverseWhole(ctx: WriteContext, invoice: OpenMove, reason: string): Promise<number | null> {
  const context = { active_model: "account.move", active_ids: [invoice.id] };
  const wizardId = await ctx.odoo.call<number>("account.move.reversal", "create", [{ reason }], { context });
  // refund_moves answers the window action of the reversal it made (res_id for one move).
  return actionRecordId(await ctx.odoo.call<WindowAction | boolean>("account.move.reversal", "refund_moves", [[wizardId]], { context }));
}

/** A draft credit note of one line for part of the invoice, created in one call. */
async function creditPart(ctx: WriteContext, invoice: OpenMove, reason: string, amount: number, currencyId: number | null): Promise<number> {
  if (!invoice.partner_id) throw new OdooError("business", `invoice ${invoice.name} has no customer to credit`);
  // A credit note is in its invoice's currency: an amount in another one is never written as if it were.
  if (currencyId && invoice.currency_id && invoice.currency_id[0] !== currencyId) {
    throw new OdooError("business", `refund ${reason}: the refund is not in the currency of invoice ${invoice.name} (${invoice.currency_id[1]}); credit it in Odoo`);
  }
  return ctx.odoo.call<number>("account.move", "create", [
    {
      move_type: "out_refund",
      partner_id: invoice.partner_id[0],
      reversed_entry_id: invoice.id,
      ref: `Reversal of: ${invoice.name}, ${reason}`,
      ...(currencyId ? { currency_id: currencyId } : {}),
      // No taxes: the refunded amount is what the customer got back (Odoo would add default ones).
      invoice_line_ids: [[0, 0, { name: `Refund ${reason}`, quantity: 1, price_unit: amount, tax_ids: [[6, 0, []]] }]],
    },
  ]);
}

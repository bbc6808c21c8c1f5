/**
 * Payments (Stripe payment_intent.succeeded, Shopify order transactions, Square payments, PayPal
 * captures) -> a posted `account.payment` whose memo is "<source>:<payment id>":
 * - with an invoice (Stripe) or an order with an open invoice: registered against that invoice
 *   through Odoo's payment wizard, which reconciles it (the invoice becomes in_payment/paid);
 * - with an order that has no invoice yet: the order is confirmed, invoiced and the invoice posted
 *   first when the tenant's routing says `orderInvoicing: "on_payment"`; otherwise
 * - on the customer's account, unallocated (an outstanding credit in Odoo), also when the invoice
 *   has nothing left to pay: received money is never dropped.
 * Only received money is written: flowFor acknowledges pending/failed payments without a write.
 */
import type { PaymentData } from "../../events/canonical";
import { OdooError } from "../errors";
import { externalRef, mappedOrWait, type WriteContext, type WriteResult } from "./context";
import {
  ensurePosted,
  invoiceOrder,
  isOpen,
  mappedOrder,
  orderInvoices,
  paymentByMemo,
  paymentTerms,
  readMoves,
  readOrder,
  registerPayment,
  unallocatedPayment,
  writeExtraValues,
  type OpenMove,
} from "./payment-registration";

/** Statuses meaning the money was received (a later full refund does not undo the receipt). */
export const RECEIVED_PAYMENT_STATUSES = new Set(["succeeded", "completed", "paid", "refunded", "partially_refunded"]);

/** Where the money goes: an open (posted) invoice, or the customer's account, and why. */
interface Target {
  invoiceId: number | null;
  partnerId: number | null;
  via: string;
}

export async function writePayment(
  ctx: WriteContext,
  externalId: string,
  data: PaymentData,
  occurredAt: string,
): Promise<WriteResult> {
  const memo = externalRef(ctx, externalId);
  // Registered before? By this event's earlier delivery (mapped), or by an earlier attempt whose
  // answer was lost: only an earlier attempt can have made one, so only then is it searched for.
  const mapped = await ctx.mappings.get("payment", externalId);
  const existing = mapped?.model === "account.payment" ? mapped.id : ctx.earlierAttempt ? await paymentByMemo(ctx, memo) : null;
  if (existing !== null) {
    // A draft is an interrupted earlier attempt (created, not yet posted): post it now.
    const posted = await ensurePosted(ctx, existing);
    await ctx.mappings.put("payment", externalId, { model: "account.payment", id: existing });
    // A draft was made by an interrupted attempt: finishing it completes its creation.
    await writeExtraValues(ctx, existing, "account.payment", posted ? "create" : "update");
    return { odoo: { model: "account.payment", id: existing }, detail: { registered: false, alreadyRegistered: true, postedNow: posted } };
  }

  const terms = await paymentTerms(ctx, data.amount, occurredAt, memo);
  const target = await paymentTarget(ctx, data, externalId);
  let id: number | null = null;
  let refused: string | null = null;
  if (target.invoiceId !== null) {
    try {
      id = await registerPayment(ctx, [target.invoiceId], terms);
    } catch (err) {
      // Odoo refused to register it against the invoice: the money is still recorded (below).
      if (!(err instanceof OdooError && err.category === "business")) throw err;
      refused = err.message;
    }
  }
  id ??= await unallocatedPayment(ctx, "inbound", target.partnerId, terms, data.reference);
  await ctx.mappings.put("payment", externalId, { model: "account.payment", id });
  await writeExtraValues(ctx, id, "account.payment", "create");
  return {
    odoo: { model: "account.payment", id },
    detail: {
      registered: true,
      amount: terms.amount,
      invoiceId: refused ? null : target.invoiceId,
      onAccount: refused !== null || target.invoiceId === null,
      ...(refused ? { registrationRefused: refused } : {}),
      via: target.via,
    },
  };
}

/**
 * What the payment settles: its invoice, its order's invoice, or only its customer's account.
 * Under the lock of the invoice or order: a draft invoice is posted (and an order invoiced) by one
 * writer at a time. Odoo refusing to invoice or post leaves the money on the customer's account.
 */
async function paymentTarget(ctx: WriteContext, data: PaymentData, externalId: string): Promise<Target> {
  const who = `payment ${externalId}`;
  const invoiceRef = data.invoice;
  const invoiceId = invoiceRef ? await mappedOrWait(ctx, invoiceRef, "account.move", who) : null;
  if (invoiceRef && invoiceId !== null) {
    return ctx.locks.hold([{ kind: invoiceRef.kind, externalId: invoiceRef.externalId }], async () => {
      const [invoice] = await readMoves(ctx, [invoiceId]);
      return settle(ctx, invoice ? [invoice] : [], `invoice ${invoiceRef.externalId}`, null, null);
    });
  }
  const orderRef = data.order;
  const orderId = orderRef ? await mappedOrder(ctx, orderRef, who) : null;
  if (orderRef && orderId !== null) {
    // Two payments of one order must not both create its invoice.
    return ctx.locks.hold([{ kind: "order", externalId: orderRef.externalId }], async () => {
      const order = await readOrder(ctx, orderId);
      const partner = order.partner_invoice_id || order.partner_id;
      const invoice = ctx.routing.orderInvoicing === "on_payment" ? () => invoiceOrder(ctx, order) : null;
      return settle(ctx, await orderInvoices(ctx, order), `order ${order.name}`, partner[0], invoice);
    });
  }
  const customerId = data.customer ? await mappedOrWait(ctx, data.customer, "res.partner", who) : null;
  if (data.customer && customerId !== null) return { invoiceId: null, partnerId: customerId, via: `customer ${data.customer.externalId}` };
  return { invoiceId: null, partnerId: null, via: "no customer, order or invoice in Odoo" };
}

/** Picks the invoice to pay among `invoices` (posting a draft, or invoicing when allowed). */
async function settle(
  ctx: WriteContext,
  invoices: OpenMove[],
  via: string,
  partnerId: number | null,
  invoiceNow: (() => Promise<number>) | null,
): Promise<Target> {
  const partnerOf = (m: OpenMove | undefined) => (m?.partner_id ? m.partner_id[0] : partnerId);
  const open = invoices.find(isOpen);
  if (open) return { invoiceId: open.id, partnerId: partnerOf(open), via };
  try {
    const draft = invoices.find((m) => m.state === "draft");
    if (draft) {
      await ctx.odoo.call("account.move", "action_post", [[draft.id]]);
      return { invoiceId: draft.id, partnerId: partnerOf(draft), via: `${via} (draft invoice posted)` };
    }
    if (invoices.length === 0 && invoiceNow) return { invoiceId: await invoiceNow(), partnerId, via: `${via} (invoiced on payment)` };
  } catch (err) {
    if (!(err instanceof OdooError && err.category === "business")) throw err;
    return { invoiceId: null, partnerId: partnerOf(invoices[0]), via: `${via}: ${err.message} — recorded on the customer's account` };
  }
  const reason = invoices.length > 0 ? "nothing left to pay on its invoice" : "not invoiced";
  return { invoiceId: null, partnerId: partnerOf(invoices[0]), via: `${via} (${reason}: recorded on the customer's account)` };
}

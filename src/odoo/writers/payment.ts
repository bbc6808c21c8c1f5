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
import { externalRef, type WriteContext, type WriteResult } from "./context";
import {
  invoiceOrder,
  mappedOrWait,
  orderInvoices,
  ordersAreWritten,
  paymentByMemo,
  paymentTerms,
  readMoves,
  readOrder,
  registerPayment,
  unallocatedPayment,
} from "./payment-registration";

/** Statuses meaning the money was received (a later full refund does not undo the receipt). */
export const RECEIVED_PAYMENT_STATUSES = new Set(["succeeded", "completed", "paid", "refunded", "partially_refunded"]);

type Target =
  | { invoiceId: number; partnerId: number | null; via: string }
  | { invoiceId: null; partnerId: number | null; via: string };

export async function writePayment(
  ctx: WriteContext,
  externalId: string,
  data: PaymentData,
  occurredAt: string,
): Promise<WriteResult> {
  const memo = externalRef(ctx, externalId);
  // Registered before (this event's earlier delivery, or an attempt whose response was lost)?
  const mapped = await ctx.mappings.get("payment", externalId);
  const existing = mapped?.model === "account.payment" ? mapped.id : await paymentByMemo(ctx, memo);
  if (existing !== null) {
    await ctx.mappings.put("payment", externalId, { model: "account.payment", id: existing });
    return { odoo: { model: "account.payment", id: existing }, detail: { registered: false, alreadyRegistered: true } };
  }

  const terms = await paymentTerms(ctx, data.amount, occurredAt, memo);
  const target = await paymentTarget(ctx, data, externalId);
  let id: number;
  if (target.invoiceId !== null) {
    const [invoice] = await readMoves(ctx, [target.invoiceId]);
    if (invoice && invoice.state === "posted" && invoice.amount_residual <= 0) {
      // Nothing left to pay (paid in Odoo by a user, or a second charge): the money is still
      // received, so it is recorded on the customer's account, an outstanding credit to look at.
      const partnerId = invoice.partner_id ? invoice.partner_id[0] : target.partnerId;
      id = await unallocatedPayment(ctx, "inbound", partnerId, terms, data.reference);
      await ctx.mappings.put("payment", externalId, { model: "account.payment", id });
      return {
        odoo: { model: "account.payment", id },
        detail: { registered: true, amount: terms.amount, invoiceAlreadyPaid: invoice.name, onAccount: true, via: target.via },
      };
    }
    if (invoice && invoice.state === "draft") await ctx.odoo.call("account.move", "action_post", [[invoice.id]]);
    id = await registerPayment(ctx, [target.invoiceId], terms);
  } else {
    id = await unallocatedPayment(ctx, "inbound", target.partnerId, terms, data.reference);
  }
  await ctx.mappings.put("payment", externalId, { model: "account.payment", id });
  return {
    odoo: { model: "account.payment", id },
    detail: { registered: true, amount: terms.amount, invoiceId: target.invoiceId, via: target.via },
  };
}

/** What the payment settles: its invoice, its order's invoice, or only its customer's account. */
async function paymentTarget(ctx: WriteContext, data: PaymentData, externalId: string): Promise<Target> {
  const who = `payment ${externalId}`;
  if (data.invoice) {
    const invoiceId = await mappedOrWait(ctx, data.invoice, "account.move", who);
    return { invoiceId, partnerId: null, via: `invoice ${data.invoice.externalId}` };
  }
  if (data.order && (ordersAreWritten(ctx.provider) || (await ctx.mappings.get("order", data.order.externalId)))) {
    const orderId = await mappedOrWait(ctx, data.order, "sale.order", who);
    const orderRef = data.order;
    // Under the order's lock: two payments of one order must not both create its invoice.
    return ctx.withEntity("order", orderRef.externalId, async () => {
      const order = await readOrder(ctx, orderId);
      const via = `order ${order.name}`;
      const invoices = await orderInvoices(ctx, order);
      const open = invoices.find((m) => m.state === "posted" && m.amount_residual > 0) ?? invoices.find((m) => m.state === "draft");
      if (open) return { invoiceId: open.id, partnerId: null, via };
      if (invoices.length > 0) return { invoiceId: invoices[0]!.id, partnerId: null, via }; // all paid: reported, not paid twice
      if (ctx.routing.orderInvoicing === "on_payment") return { invoiceId: await invoiceOrder(ctx, order), partnerId: null, via };
      const partner = order.partner_invoice_id || order.partner_id;
      return { invoiceId: null, partnerId: partner[0], via: `${via} (not invoiced: recorded on the customer's account)` };
    });
  }
  if (data.customer) {
    const partnerId = await mappedOrWait(ctx, data.customer, "res.partner", who);
    return { invoiceId: null, partnerId, via: `customer ${data.customer.externalId}` };
  }
  return { invoiceId: null, partnerId: null, via: "no customer, order or invoice at the provider" };
}

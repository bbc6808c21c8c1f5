/**
 * Money moving in Odoo the way its users move it: through the payment registration wizard
 * (`account.payment.register`, addons/account/wizard/account_payment_register.py) when there is an
 * invoice or credit note to settle, and a plain posted `account.payment` when there is not.
 *
 * Every payment the router creates carries its stable reference as the payment's memo, which is how
 * a retry after a lost response finds it instead of paying twice. The memo field is `ref` in Odoo 17
 * (the payment `_inherits` its journal entry) and `memo` from 18 on.
 */
import { toDecimal, type Money } from "../../events/canonical";
import { searchOne } from "../client";
import { OdooError } from "../errors";
import { hasField, mappedOrWait, type WriteContext } from "./context";
import { currencyCode, currencyId } from "./currency";
import { ownedValues } from "../../tenant/ownership";

export interface PaymentTerms {
  /** In the payment's currency. */
  amount: number;
  currencyId: number | null;
  journalId: number | null;
  /** YYYY-MM-DD */
  date: string;
  memo: string;
}

/** The name of account.payment's memo field on this tenant's Odoo. */
export async function memoField(ctx: WriteContext): Promise<"memo" | "ref"> {
  return (await hasField(ctx, "account.payment", "memo")) ? "memo" : "ref";
}

/** The payment the router already made under this memo (its lost-response twin), if any. */
export async function paymentByMemo(ctx: WriteContext, memo: string): Promise<number | null> {
  return searchOne(ctx.odoo, "account.payment", [[await memoField(ctx), "=", memo]]);
}

/** Terms of a provider amount: currency resolved by ISO code, journal from the tenant's routing. */
export async function paymentTerms(ctx: WriteContext, money: Money, occurredAt: string, memo: string): Promise<PaymentTerms> {
  const code = currencyCode(ctx, money.currency);
  return {
    amount: toDecimal(money),
    currencyId: code ? await currencyId(ctx, code) : null,
    journalId: ctx.routing.paymentJournals[ctx.provider] ?? ctx.routing.paymentJournals.default ?? null,
    date: occurredAt.slice(0, 10),
    memo,
  };
}

export interface WindowAction {
  res_id?: number;
  domain?: unknown[];
}

/**
 * The record a wizard's window action opens (the payment, invoice or credit note it made): its
 * res_id, or the one id of its domain; null when the action does not say (a module replaced it).
 */
export function actionRecordId(action: WindowAction | boolean | null): number | null {
  if (typeof action !== "object" || action === null) return null;
  if (action.res_id) return action.res_id;
  const ids = (action.domain ?? []).find((t): t is [string, string, number[]] => Array.isArray(t) && t[0] === "id" && t[1] === "in");
  return ids && ids[2].length === 1 ? ids[2][0]! : null;
}

/**
 * Registers a payment against posted invoices (or credit notes) through Odoo's wizard, so Odoo
 * creates, posts and reconciles it exactly as a user clicking "Register Payment" would. The new
 * payment's id comes from the action the wizard returns (its res_id for one payment), and its memo
 * is the wizard's `communication`: paying one move, the wizard is in edit mode and writes its own
 * values (`_create_payment_vals_from_wizard`: 'ref' (16/17) / 'memo' (18+) = self.communication;
 * addons/account/wizard/account_payment_register.py), so the payment is not read back.
 */
export async function registerPayment(ctx: WriteContext, moveIds: number[], terms: PaymentTerms): Promise<number> {
  const context = { active_model: "account.move", active_ids: moveIds };
  const wizardId = await ctx.odoo.call<number>(
    "account.payment.register",
    "create",
    [
      {
        amount: terms.amount,
        payment_date: terms.date,
        communication: terms.memo,
        ...(terms.currencyId ? { currency_id: terms.currencyId } : {}),
        ...(terms.journalId ? { journal_id: terms.journalId } : {}),
      },
    ],
    { context },
  );
  const action = await ctx.odoo.call<WindowAction | boolean>("account.payment.register", "action_create_payments", [[wizardId]], {
    context,
  });
  const paymentId = actionRecordId(action) ?? (await paymentByMemo(ctx, terms.memo));
  if (!paymentId) {
    // Created (the call succeeded) but not identifiable: retrying must not pay again.
    throw new OdooError("retryable", `Odoo registered payment "${terms.memo}" but did not say which one; looking again`);
  }
  return paymentId;
}

/**
 * A posted payment settling nothing yet: received (inbound) from or sent (outbound) to a customer.
 * Odoo offers it as an outstanding credit/debit when an invoice of that customer is posted.
 * The caller has already looked for one an earlier attempt made (by its memo) when there can be
 * one: this creates and posts a new one.
 */
export async function unallocatedPayment(
  ctx: WriteContext,
  direction: "inbound" | "outbound",
  partnerId: number | null,
  terms: PaymentTerms,
  reference: string | null,
): Promise<number> {
  const id = await ctx.odoo.call<number>("account.payment", "create", [
    {
      payment_type: direction,
      partner_type: "customer",
      partner_id: partnerId ?? false,
      amount: terms.amount,
      date: terms.date,
      [await memoField(ctx)]: terms.memo,
      payment_reference: reference || false,
      ...(terms.currencyId ? { currency_id: terms.currencyId } : {}),
      ...(terms.journalId ? { journal_id: terms.journalId } : {}),
    },
  ]);
  // A new payment is a draft: posted without reading its state (a lost answer leaves a draft the
  // next attempt finds by its memo and posts: ensurePosted).
  await ctx.odoo.call("account.payment", "action_post", [[id]]);
  return id;
}

/** Posts the payment if it is still a draft (an interrupted attempt); true when it did. */
export async function ensurePosted(ctx: WriteContext, id: number): Promise<boolean> {
  const [row] = await ctx.odoo.call<{ state: string }[]>("account.payment", "read", [[id], ["state"]]);
  if (row?.state !== "draft") return false;
  await ctx.odoo.call("account.payment", "action_post", [[id]]);
  return true;
}

/**
 * The tenant's field mappings for this kind, written on the record the event produced (`op`
 * "create" when this attempt made it; on a record found again, only provider-owned fields).
 */
export async function writeExtraValues(ctx: WriteContext, id: number, model: string, op: "create" | "update"): Promise<void> {
  const values = ownedValues(ctx.routing, model, ctx.extraValues, op);
  if (Object.keys(values).length > 0) await ctx.odoo.call(model, "write", [[id], values]);
}

export interface OpenMove {
  id: number;
  name: string;
  move_type: string;
  state: string;
  payment_state: string;
  amount_total: number;
  amount_residual: number;
  partner_id: [number, string] | false;
  currency_id: [number, string] | false;
}

export const MOVE_FIELDS = ["name", "move_type", "state", "payment_state", "amount_total", "amount_residual", "partner_id", "currency_id"];

/**
 * Posted with something left to pay. The payment state counts too: from Odoo 18 a payment without
 * a journal entry marks the invoice in_payment without lowering its amount due.
 */
export const isOpen = (m: Pick<OpenMove, "state" | "amount_residual" | "payment_state">) =>
  m.state === "posted" && m.amount_residual > 0.005 && !["in_payment", "paid", "reversed"].includes(m.payment_state);

export async function readMoves(ctx: WriteContext, ids: number[]): Promise<OpenMove[]> {
  if (ids.length === 0) return [];
  return ctx.odoo.call<OpenMove[]>("account.move", "read", [ids, MOVE_FIELDS]);
}

/** Providers whose order events are thin (no lines): their orders never reach Odoo to wait for. */
const THIN_ORDER_PROVIDERS = new Set(["square"]);

/**
 * The sale.order a payment or refund names, once written (waiting until then); null when it never
 * will be: the provider's order events are thin, or the tenant's routing ignores orders.
 */
export async function mappedOrder(ctx: WriteContext, ref: { kind: string; externalId: string }, waiter: string): Promise<number | null> {
  if (THIN_ORDER_PROVIDERS.has(ctx.provider)) {
    const mapped = await ctx.mappings.get(ref.kind, ref.externalId);
    return mapped?.model === "sale.order" ? mapped.id : null;
  }
  return mappedOrWait(ctx, ref, "sale.order", waiter);
}

interface OrderRow {
  id: number;
  name: string;
  state: string;
  partner_id: [number, string];
  partner_invoice_id: [number, string] | false;
  invoice_ids: number[];
}

export async function readOrder(ctx: WriteContext, orderId: number): Promise<OrderRow> {
  const [order] = await ctx.odoo.call<OrderRow[]>("sale.order", "read", [
    [orderId],
    ["name", "state", "partner_id", "partner_invoice_id", "invoice_ids"],
  ]);
  if (!order) throw new OdooError("not_found", `sale.order ${orderId} is gone from Odoo`);
  return order;
}

/** The order's customer invoices that are not cancelled, oldest first. */
export async function orderInvoices(ctx: WriteContext, order: OrderRow): Promise<OpenMove[]> {
  if (order.invoice_ids.length === 0) return [];
  const rows = await ctx.odoo.call<OpenMove[]>("account.move", "read", [order.invoice_ids, MOVE_FIELDS]);
  return rows.filter((m) => m.move_type === "out_invoice" && m.state !== "cancel").sort((a, b) => a.id - b.id);
}

/**
 * Invoices an order the way Odoo's "Create Invoice" button does (sale.advance.payment.inv,
 * regular invoice of what is left to invoice), confirming the quotation first, then posts it.
 * Called under the order's entity lock, so two payments of one order create one invoice.
 */
export async function invoiceOrder(ctx: WriteContext, order: OrderRow): Promise<number> {
  if (order.state === "cancel") {
    throw new OdooError("business", `order ${order.name} is cancelled in Odoo: its payment is not registered against it`);
  }
  if (order.state !== "sale") await ctx.odoo.call("sale.order", "action_confirm", [[order.id]]);
  const context = { active_model: "sale.order", active_ids: [order.id] };
  const wizardId = await ctx.odoo.call<number>(
    "sale.advance.payment.inv",
    "create",
    [{ advance_payment_method: "delivered", sale_order_ids: [[6, 0, [order.id]]] }],
    { context },
  );
  const action = await ctx.odoo.call<WindowAction | boolean>("sale.advance.payment.inv", "create_invoices", [[wizardId]], { context });
  // Odoo (16.0+) answers the invoice it made (action_view_invoice, opened on its form): a new
  // draft, posted without reading it back. Only an answer that does not say is looked up.
  let draftId = actionRecordId(action);
  if (draftId === null) {
    const invoices = await orderInvoices(ctx, await readOrder(ctx, order.id));
    draftId = invoices.find((m) => m.state === "draft")?.id ?? null;
  }
  if (draftId === null) throw new OdooError("business", `Odoo created no invoice for order ${order.name}`);
  await ctx.odoo.call("account.move", "action_post", [[draftId]]);
  return draftId;
}

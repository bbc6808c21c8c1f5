/**
 * Invoices (Stripe invoice.paid / invoice.payment_failed, and any provider sending full invoice
 * data) -> `account.move` of type out_invoice, found by `ref` = "<source>:<invoice id>". The
 * customer must already be in Odoo (written from its own customer event): until it is, the write
 * is retried (the customer's event may simply arrive later). Open or paid invoices are posted;
 * a posted invoice's lines are Odoo's (like a confirmed order's), so later events only post it.
 * Payments are registered against it by their own events (payment.ts).
 */
import { toDecimal, type InvoiceData } from "../../events/canonical";
import { DependencyWaitError, OdooError } from "../errors";
import { externalRef, mappedOrWait, upsert, type WriteContext, type WriteResult } from "./context";
import { currencyCode, currencyId } from "./currency";

const POSTED_STATUSES = new Set(["open", "paid"]);

export async function writeInvoice(ctx: WriteContext, externalId: string, data: InvoiceData): Promise<WriteResult> {
  const who = `invoice ${data.number ?? externalId}`;
  if (!data.customer) throw new DependencyWaitError(`${who} waits for its customer to be written to Odoo first`);
  const customerId = await mappedOrWait(ctx, data.customer, "res.partner", who);
  if (customerId === null) {
    throw new OdooError("business", `${who} needs its customer, whose events the tenant's routing ignores (flows.customer)`);
  }
  const ref = externalRef(ctx, externalId);
  const mapped = await ctx.mappings.get("invoice", externalId);
  const state = mapped ? await moveState(ctx, mapped.id) : null;
  // The invoice is in the provider's currency (its lines' amounts are): without currency_id Odoo
  // would read them in the company currency while the payments and credit notes are not.
  const code = currencyCode(ctx, data.currency, data.total?.currency, data.lines[0]?.unitPrice.currency);
  const header = {
    move_type: "out_invoice",
    ...(code ? { currency_id: await currencyId(ctx, code) } : {}),
    partner_id: customerId,
    ref,
    payment_reference: data.number || false,
    invoice_date: data.issuedAt ? data.issuedAt.slice(0, 10) : false,
    invoice_date_due: data.dueAt ? data.dueAt.slice(0, 10) : false,
  };
  const lines = data.lines.map((line) => [
    0,
    0,
    { name: line.description, quantity: line.quantity, price_unit: toDecimal(line.unitPrice) },
  ]);
  const draft = state === null || state === "draft";
  const { id, created } = await upsert(ctx, {
    kind: "invoice",
    externalId,
    model: "account.move",
    domain: [["ref", "=", ref], ["move_type", "=", "out_invoice"]],
    values: draft ? { ...header, invoice_line_ids: [[5, 0, 0], ...lines] } : { payment_reference: header.payment_reference },
    update: true,
    // Unmapped on a first attempt: nothing can have made it, so it is created without a search
    // (an answer lost then is found by its ref on the next attempt).
    ...(mapped || ctx.earlierAttempt ? {} : { found: null }),
  });
  let posted = false;
  // A new invoice is a draft, and writing one does not change its state: read only one found by its ref.
  const current = created ? "draft" : mapped?.id === id && state !== null ? state : await moveState(ctx, id);
  if (POSTED_STATUSES.has(data.status ?? "") && current === "draft") {
    await ctx.odoo.call("account.move", "action_post", [[id]]);
    posted = true;
  }
  return { odoo: { model: "account.move", id }, detail: { created, lines: lines.length, posted } };
}

async function moveState(ctx: WriteContext, id: number): Promise<string | null> {
  const rows = await ctx.odoo.call<{ state: string }[]>("account.move", "read", [[id], ["state"]]);
  return rows[0]?.state ?? null;
}

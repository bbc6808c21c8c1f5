/**
 * Xero sends no payment webhooks: a payment shows as an INVOICE update. The invoice read from the
 * API lists its payments; each becomes a payment event of its own entity, registered in Odoo
 * against the invoice once the invoice is posted. Reading the invoice again (another update) does
 * not pay twice: the payment's version is the same, a duplicate.
 */
import { expect, it } from "vitest";
import { xeroContact, xeroDate, xeroInvoice } from "../support/accounting-objects";
import { postXeroChanges, putAccountingSource, xeroOrganisation } from "../support/accounting-sources";
import { createTenant, odooSearchRead } from "../support/router";

type Move = { state: string; amount_total: number; amount_residual: number; ref: string };
type Payment = { amount: number; state: string; partner_id: [number, string] };

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
}

it("a Xero invoice webhook writes the invoice and registers the payments the invoice lists, once", async () => {
  const t = await createTenant();
  const organisation = await xeroOrganisation();
  const contact = crypto.randomUUID();
  const invoice = crypto.randomUUID();
  const payment = crypto.randomUUID();
  const updated = Date.now() - 60_000;
  await organisation.seed({
    Contacts: [xeroContact(contact, { UpdatedDateUTC: xeroDate(updated) })],
    Invoices: [
      xeroInvoice(invoice, contact, {
        CurrencyCode: "USD",
        AmountDue: 16,
        AmountPaid: 30,
        Payments: [{ PaymentID: payment, Date: xeroDate(Date.UTC(2026, 11, 2)), Amount: 30, Reference: "Bank transfer", CurrencyRate: 1, HasAccount: false, HasValidationErrors: false }],
        UpdatedDateUTC: xeroDate(updated),
      }),
    ],
  });
  expect((await putAccountingSource(t, "xero", "xero", organisation.api)).status).toBe(201);
  const eventDateUtc = new Date(updated).toISOString().replace("Z", "");
  await postXeroChanges(t, "xero", organisation.tenantId, [
    { category: "CONTACT", id: contact, eventDateUtc },
    { category: "INVOICE", id: invoice, eventDateUtc },
  ]);

  const payments = await until(() => odooSearchRead<Payment>(t, "account.payment", ["amount", "state", "partner_id"]), (rows) => rows.length > 0);
  expect(payments.map((p) => p.amount)).toEqual([30]);
  const [move] = await until(() => odooSearchRead<Move>(t, "account.move", ["state", "amount_total", "amount_residual", "ref"]), (rows) => rows[0]?.amount_residual === 16);
  expect(move).toMatchObject({ state: "posted", amount_total: 46, amount_residual: 16, ref: `xero:${invoice}` });

  // Another update of the invoice (its reference changed): read again, the payment is not paid twice.
  await organisation.seed({ Invoices: [xeroInvoice(invoice, contact, { CurrencyCode: "USD", Reference: "PO 12", AmountDue: 16, AmountPaid: 30, Payments: [{ PaymentID: payment, Date: xeroDate(Date.UTC(2026, 11, 2)), Amount: 30, Reference: "Bank transfer" }] })] });
  await postXeroChanges(t, "xero", organisation.tenantId, [{ category: "INVOICE", id: invoice, type: "UPDATE", eventDateUtc: new Date().toISOString().replace("Z", "") }]);
  await until(async () => (await organisation.counters()).requests.filter((r) => r.includes("/Invoices?")).length, (n) => n >= 2);
  await new Promise((r) => setTimeout(r, 1500));
  expect((await odooSearchRead<Payment>(t, "account.payment", ["amount"])).map((p) => p.amount)).toEqual([30]);
});

/**
 * QuickBooks' main flow reaching Odoo: signed thin webhooks (ids only) for a customer, an item, an
 * invoice and its payment; each object is read from the QuickBooks API (the fake at
 * quickbooks.api.intuit.com) and written: the partner, the product, the invoice as a posted
 * account.move (QBO invoices are open or paid: posted per the invoice flow), and the payment
 * registered against it.
 */
import { expect, it } from "vitest";
import { qboCustomer, qboInvoice, qboItem, qboPayment } from "../support/accounting-objects";
import { postQuickBooksChanges, putAccountingSource, quickbooksCompany } from "../support/accounting-sources";
import { createTenant, odooSearchRead, waitForStatus, type TestTenant } from "../support/router";

async function deliveredAll(t: TestTenant, response: Response) {
  expect(response.status).toBe(202);
  const reply = (await response.json()) as { eventId?: string; events?: { eventId: string }[] };
  const ids = reply.events ? reply.events.map((e) => e.eventId) : [reply.eventId!];
  for (const id of ids) {
    const event = await waitForStatus(t, id, ["delivered", "dead", "ignored"], 30_000);
    expect(event.status, JSON.stringify(event.error)).toBe("delivered");
  }
}

it("a QuickBooks invoice webhook becomes a posted invoice in Odoo, and its payment webhook a payment registered against it", async () => {
  const t = await createTenant();
  const company = await quickbooksCompany();
  const lastUpdated = new Date(Date.now() - 60_000).toISOString();
  await company.seed({
    Customer: [qboCustomer("1", { MetaData: { LastUpdatedTime: lastUpdated } })],
    Item: [qboItem("2", { MetaData: { LastUpdatedTime: lastUpdated } })],
    Invoice: [qboInvoice("3", "1", "2", 27, { MetaData: { LastUpdatedTime: lastUpdated } })],
  });
  expect((await putAccountingSource(t, "qbo", "quickbooks", company.api)).status).toBe(201);

  await deliveredAll(
    t,
    await postQuickBooksChanges(t, "qbo", company.realmId, [
      { name: "Customer", id: "1", lastUpdated },
      { name: "Item", id: "2", lastUpdated },
      { name: "Invoice", id: "3", lastUpdated },
    ]),
  );

  const partners = await odooSearchRead<{ id: number; name: string; email: string; ref: string }>(t, "res.partner", ["name", "email", "ref"]);
  const partner = partners.find((p) => p.ref === `qbo:${company.realmId}:1`);
  expect(partner).toMatchObject({ name: "Amy Lauterbach", email: "birds@intuit.com" });
  const products = await odooSearchRead<{ default_code: string; list_price: number }>(t, "product.product", ["default_code", "list_price"]);
  expect(products.find((p) => p.default_code === "ROCK-2")).toMatchObject({ list_price: 12.5 });
  type Move = { id: number; move_type: string; state: string; partner_id: [number, string]; amount_total: number; amount_residual: number; payment_reference: string; ref: string };
  const moves = () => odooSearchRead<Move>(t, "account.move", ["move_type", "state", "partner_id", "amount_total", "amount_residual", "payment_reference", "ref"]);
  const [invoice] = await moves();
  expect(invoice).toMatchObject({ move_type: "out_invoice", state: "posted", amount_total: 27, payment_reference: "103", ref: `qbo:${company.realmId}:3` });
  expect(invoice!.partner_id[0]).toBe(partner!.id);

  // The customer pays 20.00 of the 27.00: QuickBooks records the payment and lowers the balance.
  const paidAt = new Date().toISOString();
  await company.seed({ Payment: [qboPayment("4", "1", "3", 20, { MetaData: { LastUpdatedTime: paidAt } })] });
  await deliveredAll(t, await postQuickBooksChanges(t, "qbo", company.realmId, [{ name: "Payment", id: "4", lastUpdated: paidAt }]));

  const payments = await odooSearchRead<{ amount: number; state: string; partner_id: [number, string] }>(t, "account.payment", ["amount", "state", "partner_id"]);
  expect(payments.map((p) => [p.amount, p.partner_id[0]])).toEqual([[20, partner!.id]]);
  const [after] = await moves();
  expect(after).toMatchObject({ amount_residual: 7 });
  // Every read went through the documented API: one query per entity, minorversion pinned.
  const counters = await company.counters();
  expect(counters.throttled).toBe(0);
  expect(counters.requests.every((r) => r.startsWith(`GET /v3/company/${company.realmId}/query?`) && r.includes("minorversion=75"))).toBe(true);
});

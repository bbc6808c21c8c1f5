/**
 * Xero's main flow reaching Odoo: signed thin webhooks (CONTACT, INVOICE: ids only) are read from
 * the Xero API (the fake at api.xero.com, with the xero-tenant-id header) and written: the contact
 * as a partner, the AUTHORISED sales invoice as a posted account.move in its currency with its
 * lines and the tax Xero computed.
 */
import { expect, it } from "vitest";
import { xeroContact, xeroDate, xeroInvoice } from "../support/accounting-objects";
import { postXeroChanges, putAccountingSource, xeroOrganisation } from "../support/accounting-sources";
import { createTenant, odooSearchRead, waitForStatus } from "../support/router";

it("Xero contact and invoice webhooks become a partner and a posted invoice in Odoo", async () => {
  const t = await createTenant();
  const organisation = await xeroOrganisation();
  const contact = crypto.randomUUID();
  const invoice = crypto.randomUUID();
  const updated = Date.now() - 60_000;
  await organisation.seed({
    Contacts: [xeroContact(contact, { UpdatedDateUTC: xeroDate(updated) })],
    Invoices: [xeroInvoice(invoice, contact, { CurrencyCode: "USD", UpdatedDateUTC: xeroDate(updated) })],
  });
  expect((await putAccountingSource(t, "xero", "xero", organisation.api)).status).toBe(201);

  const eventDateUtc = new Date(updated).toISOString().replace("Z", "");
  const response = await postXeroChanges(t, "xero", organisation.tenantId, [
    { category: "CONTACT", id: contact, eventDateUtc },
    { category: "INVOICE", id: invoice, eventDateUtc },
  ]);
  // Xero's protocol: 200 with no body, whatever is done with the events.
  expect(response.status).toBe(200);
  expect(await response.text()).toBe("");

  type Move = { move_type: string; state: string; partner_id: [number, string]; amount_total: number; amount_residual: number; payment_reference: string; ref: string; currency_id: [number, string] };
  const moves = async () => odooSearchRead<Move>(t, "account.move", ["move_type", "state", "partner_id", "amount_total", "amount_residual", "payment_reference", "ref", "currency_id"]);
  // Xero's reply carries no event ids: wait until Odoo has the posted invoice.
  const deadline = Date.now() + 30_000;
  while ((await moves()).every((m) => m.state !== "posted") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));

  const partners = await odooSearchRead<{ id: number; name: string; email: string; ref: string; company_name: string | false }>(t, "res.partner", ["name", "email", "ref", "company_name"]);
  const partner = partners.find((p) => p.ref === `xero:${contact}`);
  expect(partner).toMatchObject({ name: "Katherine Warren", email: "kat.warren@ridgeway.example", company_name: "Ridgeway University" });
  const [move] = await moves();
  expect(move).toMatchObject({ move_type: "out_invoice", state: "posted", amount_total: 46, amount_residual: 46, ref: `xero:${invoice}`, payment_reference: `INV-${invoice.slice(0, 4)}` });
  expect(move!.partner_id[0]).toBe(partner!.id);
  expect(move!.currency_id[1]).toBe("USD");
  const counters = await organisation.counters();
  expect(counters.throttled).toBe(0);
  expect(counters.requests.some((r) => r.startsWith("GET /api.xro/2.0/Invoices?") && r.includes(`IDs=${invoice}`))).toBe(true);
});

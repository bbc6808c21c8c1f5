import { describe, expect, it } from "vitest";
import { canonicalEventSchema } from "../../src/events/canonical";
import { xeroApi } from "../../src/providers/xero-api";
import { xeroContact, xeroDate, xeroInvoice } from "../support/accounting-objects";
import { control, sessionOn } from "../support/provider-api-session";
import xero from "../support/provider-fakes/xero.mjs";

async function connected() {
  const tenantId = crypto.randomUUID();
  const base = `https://api.xero.com/__fake/tenants/${tenantId}`;
  const { refreshToken } = await control<{ refreshToken: string }>(xero, `${base}/connect`, { clientId: "app", clientSecret: "shh" });
  return { base, ...sessionOn(xero, xeroApi, { clientId: "app", clientSecret: "shh", refreshToken, tenantId }) };
}

describe("Xero hydration", () => {
  it("reads contacts and invoices by IDs, at most 50 a call, with the invoices' line items", async () => {
    const { base, session } = await connected();
    const contact = crypto.randomUUID();
    const invoices = Array.from({ length: 60 }, () => crypto.randomUUID());
    await control(xero, `${base}/objects`, { Contacts: [xeroContact(contact)], Invoices: invoices.map((id) => xeroInvoice(id, contact)) });

    const result = await xeroApi.hydrate!(session, [
      { kind: "customer", resource: "Contacts", externalId: contact },
      ...invoices.map((id) => ({ kind: "invoice" as const, resource: "Invoices", externalId: id })),
    ]);

    const counters = await control<{ calls: number; requests: string[] }>(xero, `${base}/counters`);
    expect(counters.calls).toBe(3);
    for (const hydrated of result.values()) if (hydrated.status === "found") canonicalEventSchema.parse(hydrated.event);
    const invoice = result.get(invoices[59]!);
    expect(invoice?.status === "found" && invoice.event).toMatchObject({
      provider: "xero",
      kind: "invoice",
      externalId: invoices[59],
      data: {
        status: "open",
        customer: { kind: "customer", externalId: contact },
        currency: "NZD",
        total: { amount: 4600, currency: "NZD" },
        amountDue: { amount: 4600, currency: "NZD" },
        lines: [
          { description: "Consulting", sku: "CONS", quantity: 2, unitPrice: { amount: 2000, currency: "NZD" } },
          { description: "Tax", quantity: 1, unitPrice: { amount: 600, currency: "NZD" } },
        ],
        issuedAt: "2026-12-01T00:00:00.000Z",
        dueAt: "2026-12-31T00:00:00.000Z",
      },
    });
    const customer = result.get(contact);
    expect(customer?.status === "found" && customer.event).toMatchObject({
      kind: "customer",
      data: { email: "kat.warren@ridgeway.example", firstName: "Katherine", lastName: "Warren", company: "Ridgeway University", phone: "415 555-1234", address: { street: "P O Box 8799", city: "Ridge Heights", zip: "42811", countryCode: "NZ" } },
    });
  });

  it("says deleted for an archived contact, a deleted draft invoice and an id Xero does not know; void for a voided invoice", async () => {
    const { base, session } = await connected();
    const [archived, deletedDraft, voided, unknown] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    await control(xero, `${base}/objects`, {
      Contacts: [xeroContact(archived, { ContactStatus: "ARCHIVED" })],
      Invoices: [xeroInvoice(deletedDraft, archived, { Status: "DELETED" }), xeroInvoice(voided, archived, { Status: "VOIDED", AmountDue: 0 })],
    });
    const result = await xeroApi.hydrate!(session, [
      { kind: "customer", resource: "Contacts", externalId: archived },
      { kind: "invoice", resource: "Invoices", externalId: deletedDraft },
      { kind: "invoice", resource: "Invoices", externalId: voided },
      { kind: "invoice", resource: "Invoices", externalId: unknown },
    ]);
    expect(result.get(archived)).toEqual({ status: "deleted" });
    expect(result.get(deletedDraft)).toEqual({ status: "deleted" });
    expect(result.get(unknown)).toEqual({ status: "deleted" });
    const v = result.get(voided);
    expect(v?.status === "found" && v.event).toMatchObject({ kind: "invoice", data: { status: "void" } });
  });
});

describe("Xero hydration of a bill", () => {
  it("fails that one ref (a bill is not a customer invoice) and reads the others", async () => {
    const { base, session } = await connected();
    const contact = crypto.randomUUID();
    const [bill, sale] = [crypto.randomUUID(), crypto.randomUUID()];
    await control(xero, `${base}/objects`, { Invoices: [xeroInvoice(bill, contact, { Type: "ACCPAY" }), xeroInvoice(sale, contact)] });
    const result = await xeroApi.hydrate!(session, [
      { kind: "invoice", resource: "Invoices", externalId: bill },
      { kind: "invoice", resource: "Invoices", externalId: sale },
    ]);
    const failed = result.get(bill);
    expect(failed?.status === "failed" && failed.error).toMatchObject({ category: "data" });
    expect(failed?.status === "failed" && failed.error.message).toContain("ACCPAY");
    expect(result.get(sale)?.status).toBe("found");
  });
});

describe("Xero hydration of a paid invoice", () => {
  it("hands over the payments the invoice lists as related payment events", async () => {
    const { base, session } = await connected();
    const [contact, invoice, payment] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    const paidOn = Date.UTC(2026, 11, 2);
    await control(xero, `${base}/objects`, {
      Invoices: [xeroInvoice(invoice, contact, { Status: "PAID", AmountDue: 0, AmountPaid: 46, Payments: [{ PaymentID: payment, Date: xeroDate(paidOn), Amount: 46, Reference: "DD" }] })],
    });
    const result = await xeroApi.hydrate!(session, [{ kind: "invoice", resource: "Invoices", externalId: invoice }]);
    const found = result.get(invoice);
    if (found?.status !== "found") throw new Error("expected the invoice");
    expect(found.event).toMatchObject({ data: { status: "paid", amountDue: { amount: 0 } } });
    expect(found.related?.map((r) => [r.deliveryId, canonicalEventSchema.parse(r.event).kind, r.event.externalId])).toEqual([[`${payment}@${paidOn}`, "payment", payment]]);
    expect(found.related?.[0]?.event).toMatchObject({ version: paidOn, occurredAt: "2026-12-02T00:00:00.000Z", data: { amount: { amount: 4600, currency: "NZD" }, status: "succeeded", invoice: { kind: "invoice", externalId: invoice } } });
  });
});

import { describe, expect, it } from "vitest";
import type { NormalizedEvent } from "../../src/providers/provider";
import { xeroApi } from "../../src/providers/xero-api";
import { xeroContact, xeroDate, xeroInvoice } from "../support/accounting-objects";
import { control, sessionOn } from "../support/provider-api-session";
import xero from "../support/provider-fakes/xero.mjs";

describe("Xero change listing (If-Modified-Since + page)", () => {
  it("pages through the changed contacts and sales invoices, with each invoice's payments", async () => {
    const tenantId = crypto.randomUUID();
    const base = `https://api.xero.com/__fake/tenants/${tenantId}`;
    const { refreshToken } = await control<{ refreshToken: string }>(xero, `${base}/connect`, { clientId: "app", clientSecret: "shh" });
    const contact = crypto.randomUUID();
    const archived = crypto.randomUUID();
    const paid = crypto.randomUUID();
    const paymentId = crypto.randomUUID();
    const twoHoursAgo = xeroDate(Date.now() - 2 * 3_600_000);
    await control(xero, `${base}/objects`, {
      Contacts: [xeroContact(contact), xeroContact(archived, { ContactStatus: "ARCHIVED" }), xeroContact(crypto.randomUUID(), { UpdatedDateUTC: twoHoursAgo })],
      Invoices: [
        ...Array.from({ length: 149 }, () => xeroInvoice(crypto.randomUUID(), contact)),
        xeroInvoice(paid, contact, { Status: "PAID", AmountDue: 0, AmountPaid: 46, Payments: [{ PaymentID: paymentId, Date: xeroDate(Date.UTC(2026, 11, 2)), Amount: 46, Reference: "DD", CurrencyRate: 1, HasAccount: false, HasValidationErrors: false }] }),
        xeroInvoice(crypto.randomUUID(), contact, { Type: "ACCPAY" }),
        xeroInvoice(crypto.randomUUID(), contact, { UpdatedDateUTC: twoHoursAgo }),
      ],
    });
    const { session } = sessionOn(xero, xeroApi, { clientId: "app", clientSecret: "shh", refreshToken, tenantId });

    const events: NormalizedEvent[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await xeroApi.listChanges!(session, { since: Date.now() - 3_600_000, until: Date.now() + 60_000, cursor }, ["customer", "invoice", "payment"]);
      events.push(...page.events);
      cursor = page.cursor;
      pages += 1;
    } while (cursor !== null && pages < 10);

    expect(pages).toBe(3); // contacts, then invoices pages 1 and 2
    const contacts = events.filter((e) => e.event.kind === "customer");
    expect(contacts.map((e) => [e.event.externalId, e.event.action]).sort()).toEqual([[archived, "delete"], [contact, "upsert"]].sort());
    expect(events.filter((e) => e.event.kind === "invoice")).toHaveLength(150);
    const payments = events.filter((e) => e.event.kind === "payment");
    expect(payments).toHaveLength(1);
    expect(payments[0]!.deliveryId).toBe(`${paymentId}@${Date.UTC(2026, 11, 2)}`);
    expect(payments[0]!.event).toMatchObject({ externalId: paymentId, data: { amount: { amount: 4600, currency: "NZD" }, invoice: { kind: "invoice", externalId: paid }, customer: { kind: "customer", externalId: contact }, reference: "DD" } });
    const counters = await control<{ requests: string[] }>(xero, `${base}/counters`);
    expect(counters.requests.every((r) => r.includes("page="))).toBe(true);
  });
});

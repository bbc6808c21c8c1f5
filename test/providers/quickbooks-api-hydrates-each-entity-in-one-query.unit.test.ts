import { describe, expect, it } from "vitest";
import { canonicalEventSchema } from "../../src/events/canonical";
import { quickbooksApi } from "../../src/providers/quickbooks-api";
import { qboCustomer, qboInvoice, qboItem, qboPayment, uniqueRealm } from "../support/accounting-objects";
import { control, sessionOn } from "../support/provider-api-session";
import quickbooks from "../support/provider-fakes/quickbooks.mjs";

const FAKE = "https://quickbooks.api.intuit.com/__fake/realms";

async function connectedRealm() {
  const realmId = uniqueRealm();
  const { refreshToken } = await control<{ refreshToken: string }>(quickbooks, `${FAKE}/${realmId}/connect`, { clientId: "app", clientSecret: "shh" });
  const credentials = { clientId: "app", clientSecret: "shh", refreshToken, realmId };
  return { realmId, ...sessionOn(quickbooks, quickbooksApi, credentials) };
}

describe("QuickBooks hydration", () => {
  it("reads every referenced Customer, Item, Invoice and Payment with one query per entity type", async () => {
    const { realmId, session } = await connectedRealm();
    await control(quickbooks, `${FAKE}/${realmId}/objects`, {
      Customer: [qboCustomer("1"), qboCustomer("5", { DisplayName: "Gone Ltd" })],
      Item: [qboItem("2")],
      Invoice: [qboInvoice("3", "1", "2", 7)],
      Payment: [qboPayment("4", "1", "3", 20)],
    });
    await control(quickbooks, `${FAKE}/${realmId}/delete`, { entity: "Customer", id: "5" });
    const ref = (resource: string, id: string, kind: "customer" | "invoice" | "payment" | "product") => ({ kind, resource, externalId: `${realmId}:${id}` });

    const result = await quickbooksApi.hydrate!(session, [
      ref("Customer", "1", "customer"),
      ref("Customer", "5", "customer"),
      ref("Item", "2", "product"),
      ref("Invoice", "3", "invoice"),
      ref("Invoice", "99", "invoice"),
      ref("Payment", "4", "payment"),
    ]);

    const counters = await control<{ calls: number; requests: string[] }>(quickbooks, `${FAKE}/${realmId}/counters`);
    expect(counters.calls).toBe(4);
    expect(counters.requests.every((r) => r.includes("minorversion=75"))).toBe(true);
    // Every fetched object is a valid canonical event.
    for (const hydrated of result.values()) if (hydrated.status === "found") canonicalEventSchema.parse(hydrated.event);
    expect(result.get(`${realmId}:5`)).toEqual({ status: "deleted" });
    expect(result.get(`${realmId}:99`)).toEqual({ status: "deleted" });

    const customer = result.get(`${realmId}:1`);
    expect(customer?.status === "found" && customer.event).toMatchObject({
      provider: "quickbooks",
      kind: "customer",
      externalId: `${realmId}:1`,
      data: { email: "birds@intuit.com", firstName: "Amy", lastName: "Lauterbach", company: "Amy's Bird Sanctuary", address: { city: "Bayshore", stateCode: "CA", countryCode: "US" } },
    });
    const invoice = result.get(`${realmId}:3`);
    expect(invoice?.status === "found" && invoice.event).toMatchObject({
      kind: "invoice",
      data: {
        number: "103",
        status: "open",
        customer: { kind: "customer", externalId: `${realmId}:1` },
        currency: "USD",
        total: { amount: 2700, currency: "USD" },
        amountDue: { amount: 700, currency: "USD" },
        lines: [
          { description: "Garden rocks", quantity: 2, unitPrice: { amount: 1250, currency: "USD" } },
          { description: "Tax", quantity: 1, unitPrice: { amount: 200, currency: "USD" } },
        ],
        issuedAt: "2026-12-01",
        dueAt: "2026-12-31",
      },
    });
    const payment = result.get(`${realmId}:4`);
    expect(payment?.status === "found" && payment.event).toMatchObject({
      kind: "payment",
      data: { amount: { amount: 2000, currency: "USD" }, status: "succeeded", invoice: { kind: "invoice", externalId: `${realmId}:3` }, customer: { kind: "customer", externalId: `${realmId}:1` }, reference: "CHK-4" },
    });
    const item = result.get(`${realmId}:2`);
    expect(item?.status === "found" && item.event).toMatchObject({
      kind: "product",
      data: { title: "Garden Rocks", active: true, variants: [{ externalId: `${realmId}:2`, sku: "ROCK-2", price: { amount: 1250 } }] },
    });
  });

  it("says a voided invoice is void and a fully paid one paid", async () => {
    const { realmId, session } = await connectedRealm();
    await control(quickbooks, `${FAKE}/${realmId}/objects`, {
      Invoice: [
        qboInvoice("7", "1", "2", 0),
        qboInvoice("8", "1", "2", 0, { PrivateNote: "Voided", TotalAmt: 0, TxnTaxDetail: { TotalTax: 0 }, Line: [{ Amount: 0, DetailType: "SalesItemLineDetail", SalesItemLineDetail: { ItemRef: { value: "2" }, Qty: 0, UnitPrice: 0 } }] }),
      ],
    });
    const result = await quickbooksApi.hydrate!(session, [
      { kind: "invoice", resource: "Invoice", externalId: `${realmId}:7` },
      { kind: "invoice", resource: "Invoice", externalId: `${realmId}:8` },
    ]);
    const status = (id: string) => {
      const h = result.get(`${realmId}:${id}`);
      return h?.status === "found" && h.event.kind === "invoice" && !("thin" in h.event.data) ? h.event.data.status : null;
    };
    expect(status("7")).toBe("paid");
    expect(status("8")).toBe("void");
  });
});

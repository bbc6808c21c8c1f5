/// <reference types="vite/client" />
import { describe, expect, it } from "vitest";
import { canonicalEventSchema } from "../../src/events/canonical";
import { salesforce } from "../../src/providers/salesforce";
import { MalformedPayloadError, type Normalized, type SourceConfig } from "../../src/providers/provider";
import opportunityXml from "../fixtures/salesforce/opportunity.xml?raw";
import accountAndContactXml from "../fixtures/salesforce/account-and-contact.xml?raw";

type Options = { organizationId: string; currency?: string };
const source = (options: Partial<Options> = {}): SourceConfig<Options> => ({
  tenantId: "acme",
  sourceId: "sf",
  provider: "salesforce",
  secrets: ["none"],
  options: { organizationId: "00D5w000004qGTOEA2", ...options },
});
const normalize = (xml: string, options: Partial<Options> = {}): Normalized =>
  salesforce.normalize({ body: new TextEncoder().encode(xml), headers: new Headers(), method: "POST", url: "https://router.test/webhooks/acme/sf", receivedAt: 0 }, source(options));
const events = (result: Normalized) => {
  if (result.outcome !== "events") throw new Error(`expected events, got ${JSON.stringify(result)}`);
  return result.events.map((e) => ({ deliveryId: e.deliveryId, event: canonicalEventSchema.parse(e.event) }));
};

describe("Salesforce outbound message normalization", () => {
  it("turns an Opportunity into a deal keyed by its Id, deduped on the Notification Id, versioned by SystemModstamp", () => {
    const [e] = events(normalize(opportunityXml, { currency: "usd" }));
    expect(e!.deliveryId).toBe("04l5w00005286hAAAQ");
    expect(e!.event).toMatchObject({
      provider: "salesforce",
      kind: "deal",
      type: "deal.updated",
      topic: "Opportunity",
      externalId: "0065w000023STAmAAO",
      version: Date.parse("2020-05-09T03:04:32.000Z"),
      action: "upsert",
      data: {
        title: "Backpackers, Inc. (Sample)",
        amount: { amount: 4_500_000, currency: "USD" },
        stage: "Negotiation/Review",
        status: "open",
        company: { kind: "company", externalId: "0015w00002BFDeLAAX" },
        contact: { kind: "customer", externalId: "0035w000035gg9GAAQ" },
        closeDate: "2020-07-11",
        changes: null,
      },
    });
  });

  it("derives won/lost from IsClosed and IsWon, reads CurrencyIsoCode and exponent amounts", () => {
    const won = opportunityXml
      .replace("<sf:IsClosed>false</sf:IsClosed>", "<sf:IsClosed>true</sf:IsClosed><sf:CurrencyIsoCode>EUR</sf:CurrencyIsoCode>")
      .replace("<sf:IsWon>false</sf:IsWon>", "<sf:IsWon>true</sf:IsWon>")
      .replace("<sf:Amount>45000.0</sf:Amount>", "<sf:Amount>1.2E7</sf:Amount>");
    expect(events(normalize(won))[0]!.event.data).toMatchObject({ status: "won", amount: { amount: 1_200_000_000, currency: "EUR" } });
    const lost = opportunityXml.replace("<sf:IsClosed>false</sf:IsClosed>", "<sf:IsClosed>true</sf:IsClosed>");
    expect(events(normalize(lost))[0]!.event.data).toMatchObject({ status: "lost" });
  });

  it("maps Account to company and Contact to customer, one event per notification, and drops Lead", () => {
    const out = events(normalize(accountAndContactXml));
    expect(out.map((e) => [e.deliveryId, e.event.kind, e.event.externalId])).toEqual([
      ["04l5w00005287aBAAQ", "company", "0015w00002BFDeLAAX"],
      ["04l5w00005287aCAAQ", "customer", "0035w000035gg9GAAQ"],
    ]);
    expect(out[0]!.event.data).toEqual({
      name: "Edge Communications & Co",
      domain: "edgecomm.example.test",
      email: null,
      phone: "(512) 555-0100",
      vat: null,
      address: {
        name: null,
        company: "Edge Communications & Co",
        street: "312 Constitution Place",
        street2: "Suite 400",
        city: "Austin",
        zip: "78701",
        stateCode: "TX",
        countryCode: "US",
        phone: "(512) 555-0100",
      },
    });
    expect(out[1]!.event.data).toMatchObject({
      email: "rose.gonzalez@example.test",
      firstName: "Rose",
      lastName: "Gonzalez",
      phone: "(512) 555-0101",
      company: null,
      address: { name: "Rose Gonzalez", city: "Austin", countryCode: "US", stateCode: "TX" },
      parentCompany: { kind: "company", externalId: "0015w00002BFDeLAAX" },
    });
    expect(out[1]!.event.version).toBe(Date.parse("2026-11-20T10:16:30.000Z"));
  });

  it("marks a record with IsDeleted true as a deletion", () => {
    const deleted = opportunityXml.replace("<sf:IsDeleted>false</sf:IsDeleted>", "<sf:IsDeleted>true</sf:IsDeleted>");
    expect(events(normalize(deleted))[0]!.event).toMatchObject({ action: "delete", type: "deal.deleted" });
  });

  it("acknowledges a message with only unrouted sObjects as ignored", () => {
    const leadOnly = accountAndContactXml.replace(/<Notification>\s*<Id>04l5w00005287aB[\s\S]*?<\/Notification>\s*<Notification>\s*<Id>04l5w00005287aC[\s\S]*?<\/Notification>/, "");
    expect(normalize(leadOnly)).toMatchObject({ outcome: "ignored", deliveryId: "04l5w00005287aDAAQ", reason: expect.stringContaining("Lead") });
  });

  it("falls back to LastModifiedDate, and rejects a routed record with neither timestamp", () => {
    const noModstamp = opportunityXml.replace(/<sf:SystemModstamp>.*<\/sf:SystemModstamp>/, "");
    expect(events(normalize(noModstamp))[0]!.event.version).toBe(Date.parse("2020-05-09T03:04:32.000Z"));
    const neither = noModstamp.replace(/<sf:LastModifiedDate>.*<\/sf:LastModifiedDate>/, "");
    expect(() => normalize(neither)).toThrow(MalformedPayloadError);
  });
});

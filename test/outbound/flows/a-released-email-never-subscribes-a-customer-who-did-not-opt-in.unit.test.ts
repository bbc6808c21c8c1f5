import { describe, expect, it } from "vitest";
import { decideHubSpotConsent, decideShopifyConsent } from "../../../src/outbound/flows/consent";

const released = "2026-12-07T12:00:00Z";
const customer = (marketingState: string, marketingUpdatedAt: string | null = "2026-12-01T00:00:00Z") => ({
  marketingState,
  marketingOptInLevel: "SINGLE_OPT_IN",
  marketingUpdatedAt,
});

describe("an email released from Odoo's blacklist", () => {
  it("re-subscribes only a customer the router itself unsubscribed after they had opted in", () => {
    const suspended = { marketingOptInLevel: "CONFIRMED_OPT_IN", unsubscribedAt: "2026-12-05T00:00:00Z" };
    expect(decideShopifyConsent({ blacklisted: false, odooChangedAt: released, customer: customer("UNSUBSCRIBED", "2026-12-05T00:00:00Z"), suspended })).toEqual({
      write: "SUBSCRIBED",
      marketingOptInLevel: "CONFIRMED_OPT_IN",
    });
  });

  it("never subscribes a customer who never opted in", () => {
    for (const state of ["NOT_SUBSCRIBED", "PENDING", "INVALID", "REDACTED"]) {
      const decision = decideShopifyConsent({ blacklisted: false, odooChangedAt: released, customer: customer(state), suspended: null });
      expect(decision).toHaveProperty("skip");
      expect((decision as { skip: string }).skip).toContain("never subscribed without an opt-in");
    }
  });

  it("never subscribes a customer who unsubscribed in Shopify themselves", () => {
    // No opt-in suspended by the router: the UNSUBSCRIBED is the customer's own.
    expect(decideShopifyConsent({ blacklisted: false, odooChangedAt: released, customer: customer("UNSUBSCRIBED"), suspended: null })).toHaveProperty("skip");
    // Suspended by the router, but the customer changed the consent in Shopify since.
    const suspended = { marketingOptInLevel: "SINGLE_OPT_IN", unsubscribedAt: "2026-12-02T00:00:00Z" };
    const decision = decideShopifyConsent({ blacklisted: false, odooChangedAt: released, customer: customer("UNSUBSCRIBED", "2026-12-04T00:00:00Z"), suspended });
    expect(decision).toEqual({ skip: expect.stringContaining("only the customer opts in again") });
  });

  it("leaves a subscribed customer as is", () => {
    expect(decideShopifyConsent({ blacklisted: false, odooChangedAt: released, customer: customer("SUBSCRIBED"), suspended: null })).toEqual({
      unchanged: "the customer is subscribed",
    });
  });

  it("never re-subscribes a HubSpot contact", () => {
    expect(decideHubSpotConsent({ blacklisted: false, optedOut: true })).toHaveProperty("skip");
    expect(decideHubSpotConsent({ blacklisted: false, optedOut: false })).toHaveProperty("unchanged");
  });
});

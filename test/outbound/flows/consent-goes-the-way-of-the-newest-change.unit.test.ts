import { describe, expect, it } from "vitest";
import { decideHubSpotConsent, decideShopifyConsent } from "../../../src/outbound/flows/consent";
import { decideBlacklist } from "../../../src/odoo/writers/email-consent";

describe("Odoo's blacklist -> Shopify", () => {
  const blacklistedAt = "2026-12-07T12:00:00Z";

  it("unsubscribes a subscribed customer and remembers the opt-in it suspends", () => {
    const decision = decideShopifyConsent({
      blacklisted: true,
      odooChangedAt: blacklistedAt,
      customer: { marketingState: "SUBSCRIBED", marketingOptInLevel: "SINGLE_OPT_IN", marketingUpdatedAt: "2026-11-01T00:00:00Z" },
      suspended: null,
    });
    expect(decision).toEqual({ write: "UNSUBSCRIBED", suspend: { marketingOptInLevel: "SINGLE_OPT_IN", unsubscribedAt: blacklistedAt } });
  });

  it("sends nothing when Shopify's consent changed after Odoo's entry", () => {
    const decision = decideShopifyConsent({
      blacklisted: true,
      odooChangedAt: blacklistedAt,
      customer: { marketingState: "SUBSCRIBED", marketingOptInLevel: "SINGLE_OPT_IN", marketingUpdatedAt: "2026-12-07T12:05:00Z" },
      suspended: null,
    });
    expect(decision).toEqual({ skip: expect.stringContaining("newest wins") });
  });

  it("leaves a customer who gets no marketing as is (no UNSUBSCRIBED claiming a past opt-in)", () => {
    const decision = decideShopifyConsent({
      blacklisted: true,
      odooChangedAt: blacklistedAt,
      customer: { marketingState: "NOT_SUBSCRIBED", marketingOptInLevel: null, marketingUpdatedAt: null },
      suspended: null,
    });
    expect(decision).toEqual({ unchanged: "the customer receives no email marketing (NOT_SUBSCRIBED)" });
    expect(decideHubSpotConsent({ blacklisted: true, optedOut: false })).toEqual({ write: "UNSUBSCRIBE_ALL" });
    expect(decideHubSpotConsent({ blacklisted: true, optedOut: true })).toHaveProperty("unchanged");
  });
});

describe("a provider's consent -> Odoo's blacklist", () => {
  const row = (active: boolean, changedAt = "2026-12-07T12:00:00Z") => ({ id: 1, active, changedAt });

  it("blacklists on an unsubscribe newer than Odoo's entry, or when Odoo has none", () => {
    expect(decideBlacklist({ state: "unsubscribed", updatedAt: "2026-12-07T12:00:01Z" }, row(false))).toEqual({ action: "add" });
    expect(decideBlacklist({ state: "unsubscribed", updatedAt: "2020-01-01T00:00:00Z" }, null)).toEqual({ action: "add" });
  });

  it("releases on a subscribe newer than Odoo's entry", () => {
    expect(decideBlacklist({ state: "subscribed", updatedAt: "2026-12-08T00:00:00Z" }, row(true))).toEqual({ action: "remove" });
  });

  it("changes nothing when Odoo's entry is as new or newer", () => {
    expect(decideBlacklist({ state: "unsubscribed", updatedAt: "2026-12-07T11:00:00Z" }, row(false))).toMatchObject({ action: null, reason: expect.stringContaining("newest wins") });
    expect(decideBlacklist({ state: "subscribed", updatedAt: "2026-12-07T12:00:00Z" }, row(true))).toMatchObject({ action: null });
  });

  it("never writes what Odoo already holds, nor a state that says nothing about an opt-out", () => {
    expect(decideBlacklist({ state: "unsubscribed", updatedAt: "2027-01-01T00:00:00Z" }, row(true))).toEqual({ action: null, reason: "Odoo already blacklists the address" });
    expect(decideBlacklist({ state: "subscribed", updatedAt: "2027-01-01T00:00:00Z" }, null)).toEqual({ action: null, reason: "Odoo does not blacklist the address" });
    expect(decideBlacklist({ state: "not_subscribed", updatedAt: "2027-01-01T00:00:00Z" }, row(true))).toMatchObject({ action: null });
    expect(decideBlacklist({ state: "unsubscribed", updatedAt: null }, row(false))).toMatchObject({ action: null });
  });
});

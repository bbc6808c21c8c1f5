/**
 * The Odoo check's kinds come from the providers' declared topics: a kind a source only sends as
 * thin events (QuickBooks, Xero, Square orders) is not a flow it can write until the source has an
 * API connection to read the objects, and the check says so (`needsApi`) instead of claiming it.
 */
import { describe, expect, it } from "vitest";
import { kindsOf } from "../../src/odoo/check";
import { WRITTEN_KINDS } from "../../src/tenant/routing";

describe("the Odoo check's kinds", () => {
  it("lists QuickBooks' and Xero's thin-only kinds as needing the source's API connection, not as flows", () => {
    expect(kindsOf([{ provider: "quickbooks", api: false }, { provider: "xero", api: false }])).toEqual({
      kinds: [],
      needsApi: [
        { provider: "quickbooks", kinds: ["customer", "product", "payment", "invoice"] },
        { provider: "xero", kinds: ["customer", "invoice"] },
      ],
    });
  });

  it("counts a thin-only kind once another source writes it from its webhooks", () => {
    const { kinds, needsApi } = kindsOf([{ provider: "square", api: false }, { provider: "shopify", api: false }]);
    expect(kinds).toEqual(["customer", "product", "order", "payment", "refund"]);
    expect(needsApi).toEqual([]);
    expect(kindsOf([{ provider: "square", api: false }])).toEqual({
      kinds: ["customer", "payment", "refund"],
      needsApi: [{ provider: "square", kinds: ["order"] }],
    });
  });

  it("writes full and partial kinds (Stripe, HubSpot) without an API connection", () => {
    expect(kindsOf([{ provider: "stripe", api: false }]).kinds).toEqual(["customer", "product", "payment", "refund", "invoice"]);
    expect(kindsOf([{ provider: "hubspot", api: false }])).toEqual({ kinds: ["customer", "company", "deal"], needsApi: [] });
  });

  it("checks every flow for a tenant without sources or with a configurable provider", () => {
    expect(kindsOf([]).kinds).toEqual([...WRITTEN_KINDS]);
    expect(kindsOf([{ provider: "xero", api: false }, { provider: "generic-hmac", api: false }])).toEqual({ kinds: [...WRITTEN_KINDS], needsApi: [] });
  });
});

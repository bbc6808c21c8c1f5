import { describe, expect, it } from "vitest";
import { ProviderApiError } from "../../src/providers/provider-api";
import { shopifyApi, shopifyShipmentState } from "../../src/providers/shopify-api";
import fake from "../support/provider-fakes/shopify.mjs";
import { control, sessionOn, uniqueId } from "../support/api-session-on-fake";

describe("a broken answer to a fulfilment read is a classed error, never a crash", () => {
  it.each([
    [{ status: 200, body: "garbage" }, "data"],
    [{ status: 200, body: "html" }, "data"],
    [{ status: 503, body: "html" }, "transient"],
    [{ status: 200, body: "json", json: { data: { order: { id: "gid://shopify/Order/42", fulfillmentOrders: { nodes: "nope" }, fulfillments: [] } } } }, "data"],
  ])("%j -> %s", async (fault, category) => {
    const shop = `${uniqueId("broken")}.myshopify.com`;
    await control(fake, `https://${shop}/__fake/seed`, { accessToken: "shpat_x", orders: [{ legacyResourceId: "42", lineItems: [{ sku: "MUG", quantity: 1 }] }] });
    await control(fake, `https://${shop}/__fake/faults`, { faults: [fault] });
    const failure = await shopifyShipmentState(sessionOn(fake, shopifyApi, { shop, accessToken: "shpat_x" }), "42").catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ProviderApiError);
    expect((failure as ProviderApiError).category).toBe(category);
    expect((failure as ProviderApiError).message).not.toContain("shpat_x");
  });
});

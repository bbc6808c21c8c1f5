import { describe, expect, it } from "vitest";
import { ProviderApiError } from "../../src/providers/provider-api";
import { shopifyApi, shopifyCreateFulfillment, shopifyShipmentState } from "../../src/providers/shopify-api";
import fake from "../support/provider-fakes/shopify.mjs";
import { control, sessionOn, uniqueId } from "../support/api-session-on-fake";

describe("Shopify fulfilments through the API client", () => {
  it("reads open fulfilment orders, fulfils part of a line, and asking more than remains is a refusal (data), creating nothing", async () => {
    const shop = `${uniqueId("ful")}.myshopify.com`;
    await control(fake, `https://${shop}/__fake/seed`, {
      accessToken: "shpat_x",
      orders: [{ legacyResourceId: "42", name: "#42", lineItems: [{ id: "gid://shopify/LineItem/1", sku: "MUG", quantity: 5 }] }],
    });
    const session = sessionOn(fake, shopifyApi, { shop, accessToken: "shpat_x" });
    const state = await shopifyShipmentState(session, "42");
    expect(state!.fulfillments).toEqual([]);
    const [fo] = state!.fulfillmentOrders;
    expect(fo!.lines).toEqual([{ id: expect.any(String), lineItemId: "gid://shopify/LineItem/1", sku: "MUG", variantId: null, remainingQuantity: 5 }]);

    const tracking = { company: "DHL", numbers: ["JD1"], urls: ["https://track.example/JD1"] };
    const made = await shopifyCreateFulfillment(session, { orderId: "42", allocations: [{ fulfillmentOrderId: fo!.id, lines: [{ id: fo!.lines[0]!.id, quantity: 2 }] }], tracking, notifyCustomer: true });
    expect(made).toMatchObject({ status: "SUCCESS", trackingNumbers: ["JD1"], lines: { "gid://shopify/LineItem/1": 2 } });

    const over = await shopifyCreateFulfillment(session, { orderId: "42", allocations: [{ fulfillmentOrderId: fo!.id, lines: [{ id: fo!.lines[0]!.id, quantity: 4 }] }], tracking, notifyCustomer: true }).catch((e: unknown) => e);
    expect(over).toBeInstanceOf(ProviderApiError);
    expect((over as ProviderApiError).category).toBe("data");
    expect((over as ProviderApiError).message).toMatch(/Invalid fulfillment order line item quantity requested/);
    const after = await shopifyShipmentState(session, "42");
    expect(after!.fulfillments).toHaveLength(1);
    expect(after!.fulfillmentOrders[0]!.lines[0]!.remainingQuantity).toBe(3);
  });

  it("an order Shopify does not have is null", async () => {
    const shop = `${uniqueId("ful")}.myshopify.com`;
    await control(fake, `https://${shop}/__fake/seed`, { accessToken: "shpat_x" });
    expect(await shopifyShipmentState(sessionOn(fake, shopifyApi, { shop, accessToken: "shpat_x" }), "999")).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { outcomeOf } from "../../src/delivery/outbound-delivery";
import type { OutboundWrite } from "../../src/outbound/flow";

const write = (status: OutboundWrite["status"], extra: Partial<OutboundWrite> = {}): OutboundWrite => ({
  to: "shop",
  provider: "shopify",
  objectKey: "inventory:1@1",
  value: { available: 3 },
  status,
  ...extra,
});

describe("an outbound result is delivered with its links only when something was sent", () => {
  it("a sent write: delivered, direction outbound, the writes and the provider record's link", () => {
    const outcome = outcomeOf("stock", {
      writes: [write("sent", { link: "https://admin.shopify.com/store/x/products/1" }), write("unchanged", { objectKey: "inventory:1@2" })],
      odoo: { model: "product.product", id: 42 },
    });
    expect(outcome).toMatchObject({
      status: "delivered",
      odoo: { model: "product.product", id: 42 },
      detail: {
        direction: "outbound",
        flow: "stock",
        links: [{ to: "shop", provider: "shopify", objectKey: "inventory:1@1", link: "https://admin.shopify.com/store/x/products/1" }],
      },
    });
    expect((outcome.detail as { writes: unknown[] }).writes).toHaveLength(2);
  });

  it("every write unchanged or skipped: ignored, saying the provider already holds the values", () => {
    const outcome = outcomeOf("stock", { writes: [write("unchanged"), write("skipped", { reason: "no SKU" })], odoo: null });
    expect(outcome.status).toBe("ignored");
    expect(outcome.status === "ignored" && outcome.reason).toBe("stock: nothing sent: 1 unchanged (the provider already holds these values), 1 skipped (no SKU)");
  });
});

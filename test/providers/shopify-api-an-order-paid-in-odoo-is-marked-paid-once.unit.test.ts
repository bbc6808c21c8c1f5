import { describe, expect, it } from "vitest";
import { markOrderAsPaid, shopifyApi } from "../../src/providers/shopify-api";
import { control, sessionOn, uniqueId } from "../support/api-session-on-fake";
import shopifyFake from "../support/provider-fakes/shopify.mjs";

async function shop(orders: Record<string, unknown>[], bucket?: Record<string, number>) {
  const domain = `${uniqueId("shop")}.myshopify.com`;
  await control(shopifyFake, `https://${domain}/__fake/seed`, { accessToken: "shpat_x", orders, ...(bucket ? { bucket } : {}) });
  return { domain, session: sessionOn(shopifyFake, shopifyApi, { shop: domain, accessToken: "shpat_x" }) };
}
const counters = (domain: string) => control<{ calls: number; markedAsPaid?: number; throttled: number }>(shopifyFake, `https://${domain}/__fake/counters`);

describe("markOrderAsPaid (orderMarkAsPaid, look before write)", () => {
  it("marks a pending order paid once; asked again, it reads the status and sends no mutation", async () => {
    const { domain, session } = await shop([{ legacyResourceId: "1", displayFinancialStatus: "PENDING", updatedAt: "2026-12-01T10:00:00Z" }]);
    expect(await markOrderAsPaid(session, "gid://shopify/Order/1")).toEqual({ outcome: "marked", financialStatus: "PAID" });
    expect(await markOrderAsPaid(session, "gid://shopify/Order/1")).toEqual({ outcome: "already_paid", financialStatus: "PAID" });
    expect(await counters(domain)).toMatchObject({ calls: 3, markedAsPaid: 1 });
  });

  it("an order already paid, refunded or voided in Shopify is left as it is; an unknown one is not_found", async () => {
    const { domain, session } = await shop([
      { legacyResourceId: "2", displayFinancialStatus: "PARTIALLY_REFUNDED" },
      { legacyResourceId: "3", displayFinancialStatus: "VOIDED" },
    ]);
    expect(await markOrderAsPaid(session, "gid://shopify/Order/2")).toEqual({ outcome: "already_paid", financialStatus: "PARTIALLY_REFUNDED" });
    expect(await markOrderAsPaid(session, "gid://shopify/Order/3")).toEqual({ outcome: "not_payable", financialStatus: "VOIDED" });
    expect(await markOrderAsPaid(session, "gid://shopify/Order/4")).toEqual({ outcome: "not_found" });
    expect((await counters(domain)).markedAsPaid ?? 0).toBe(0);
  });

  it("a mutation the cost bucket cannot hold is THROTTLED (HTTP 200): a transient error, nothing marked", async () => {
    // 10 points restore at 1 a second: the status read (1 point) leaves too little for the mutation (10).
    const { domain, session } = await shop([{ legacyResourceId: "5", displayFinancialStatus: "AUTHORIZED" }], { maximumAvailable: 10, restoreRate: 1 });
    await expect(markOrderAsPaid(session, "gid://shopify/Order/5")).rejects.toMatchObject({ category: "transient" });
    expect(await counters(domain)).toMatchObject({ throttled: 1 });
    expect((await counters(domain)).markedAsPaid ?? 0).toBe(0);
  });
});

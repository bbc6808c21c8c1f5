// Shopify answers a query its cost bucket cannot hold with HTTP 200 + THROTTLED. A gate that
// follows the `throttleStatus` of every answer (and the requested cost the client declares) never
// gets that answer; an unpaced client does, and then waits what the restore rate says.
import { describe, expect, it } from "vitest";
import { createApiSession } from "../../src/connections/api-session";
import { ProviderApiError } from "../../src/providers/provider-api";
import { shopifyApi } from "../../src/providers/shopify-api";
import { costBucketGate, openGate, type RecordingGate } from "../support/api-gates";
import { uniqueId } from "../support/shopify";
import { graphqlOrder, seedShop, shopCounters, shopifyFakeFetch } from "../support/shopify-graphql";

const money = (amount: string) => ({ shopMoney: { amount, currencyCode: "USD" } });
/** 30 orders of 20 lines each: every page of 5 costs nearly what it requests. */
const orders = Array.from({ length: 30 }, (_, i) =>
  graphqlOrder({
    legacyResourceId: String(7000 + i),
    updatedAt: new Date(Date.parse("2026-11-20T12:00:00Z") + i * 1000).toISOString(),
    lineItems: Array.from({ length: 20 }, (_, j) => ({
      id: `gid://shopify/LineItem/${7000 * 100 + i * 20 + j}`, sku: `S-${j}`, name: `Line ${j}`, quantity: 1,
      product: { legacyResourceId: "1" }, variant: { legacyResourceId: "2" },
      originalUnitPriceSet: money("1.00"), totalDiscountSet: money("0.00"),
    })),
    totalPriceSet: money("20.00"),
  }),
);
const window = { since: Date.parse("2026-11-20T00:00:00Z"), until: Date.parse("2026-11-21T00:00:00Z") };

async function listAll(shop: string, gate: RecordingGate) {
  const session = createApiSession({ api: shopifyApi, credentials: { shop, accessToken: "shpat_gate" }, gate, fetch: shopifyFakeFetch });
  let cursor: string | null = null;
  let listed = 0;
  do {
    const page = await shopifyApi.listChanges!(session, { ...window, cursor }, ["order"]);
    listed += page.events.length;
    cursor = page.cursor;
  } while (cursor);
  return listed;
}

describe("Shopify cost bucket", () => {
  it("is never exceeded when the gate follows throttleStatus", async () => {
    const shop = `${uniqueId("paced")}.myshopify.com`;
    // A 1000-point bucket restoring 2000 points/s (short waits for the test); the client's own
    // limits assume 100/s until the first answer says otherwise.
    await seedShop(shop, { accessToken: "shpat_gate", orders, bucket: { maximumAvailable: 1000, restoreRate: 2000 } });
    const gate = costBucketGate(shopifyApi.limits);

    expect(await listAll(shop, gate)).toBe(30);
    const counters = await shopCounters(shop);
    expect(counters.throttled).toBe(0);
    expect(counters.calls).toBe(6);
    // The gate did have to wait: the pages together request far more than the bucket holds.
    expect(counters.pointsRequested).toBeGreaterThan(1000 * 3);
    expect(gate.waitedMs).toBeGreaterThan(0);
    // Every answer reported the bucket, and the gate was told.
    expect(gate.released.every((r) => r.signal?.bucket?.size === 1000 && r.signal.bucket.restorePerSecond === 2000)).toBe(true);
    // The cost each call declared is what Shopify computed as requested.
    expect(gate.costs.reduce((a, b) => a + b, 0)).toBe(counters.pointsRequested);
  });

  it("is exceeded by an unpaced client, whose THROTTLED answer says how long to wait", async () => {
    const shop = `${uniqueId("unpaced")}.myshopify.com`;
    await seedShop(shop, { accessToken: "shpat_gate", orders, bucket: { maximumAvailable: 1000, restoreRate: 100 } });
    const gate = openGate();

    const error = await listAll(shop, gate).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ProviderApiError);
    expect(error).toMatchObject({ category: "transient", status: 200 });
    expect((await shopCounters(shop)).throttled).toBe(1);
    // ceil((requested - currentlyAvailable) / restoreRate), from the THROTTLED answer itself.
    const throttled = gate.released.at(-1)!.signal!;
    const requested = gate.costs.at(-1)!;
    const expected = Math.ceil((requested - throttled.bucket!.available) / 100);
    expect(expected).toBeGreaterThan(1);
    expect(throttled.retryAfterSeconds).toBe(expected);
    expect((error as ProviderApiError).retryAfterSeconds).toBe(expected);
  });
});

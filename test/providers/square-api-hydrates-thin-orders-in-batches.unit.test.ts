// Thin Square order events are read with POST /v2/orders/batch-retrieve, at most 100 ids a call;
// an id Square does not return is deleted upstream; a found order is a full canonical order with
// the webhook's externalId and version.
import { describe, expect, it } from "vitest";
import { createApiSession } from "../../src/connections/api-session";
import { canonicalEventSchema } from "../../src/events/canonical";
import { square } from "../../src/providers/square";
import { squareApi, SQUARE_VERSION } from "../../src/providers/square-api";
import orderUpdated from "../fixtures/square/order-updated.json";
import { openGate } from "../support/api-gates";
import { uniqueId } from "../support/shopify";
import { seedSquare, squareCounters, squareFakeFetch, squareOrder } from "../support/square-orders";

const session = (token: string) => createApiSession({ api: squareApi, credentials: { accessToken: token }, gate: openGate(), fetch: squareFakeFetch });

describe("Square order hydration", () => {
  it("reads the order behind a thin webhook as a full order of the same entity and version", async () => {
    const token = uniqueId("sq-one");
    await seedSquare(token, { locations: [{ id: "FPYCBCHYMXFK1" }], orders: [squareOrder()] });
    const thin = square.normalize(
      { body: new TextEncoder().encode(JSON.stringify(orderUpdated)), headers: new Headers(), method: "POST", url: "", receivedAt: 0 },
      { tenantId: "t", sourceId: "s", provider: "square", secrets: [], options: { publicUrl: "https://router.test/x" } },
    );
    if (thin.outcome !== "events") throw new Error("not normalized");
    const event = thin.events[0]!.event;
    expect(squareApi.hydrates).toContain((event.data as { resource: string }).resource);

    const hydrated = await squareApi.hydrate!(session(token), [{ kind: "order", externalId: event.externalId, resource: "order_updated" }]);
    const found = hydrated.get(event.externalId);
    if (found?.status !== "found") throw new Error("order not found");
    const order = canonicalEventSchema.parse(found.event);
    expect(order).toMatchObject({ kind: "order", externalId: event.externalId, version: event.version, action: "upsert" });
    expect(order.data).toMatchObject({
      name: "WEB-1001",
      currency: "USD",
      email: "jane.roe@example.test",
      customer: { externalId: "QPTXM8PQNX3Q726ZYHPMNP46XC", email: "jane.roe@example.test" },
      shippingAddress: { name: "Jane Roe", street: "1 Test Street", city: "Ottawa", stateCode: "ON", countryCode: "CA" },
      lines: [{ externalId: "8uSwfzvUImn3IRrvciqlXC", variantExternalId: "BSOL4BB6RCMX6SH4KQIFWZDP", title: "Coffee Mug (Large)", quantity: 2, unitPrice: { amount: 1200, currency: "USD" }, discount: { amount: 240, currency: "USD" } }],
      total: { amount: 2160, currency: "USD" },
      financialStatus: "paid",
      cancelledAt: null,
    });
    expect((await squareCounters(token)).squareVersions).toEqual([SQUARE_VERSION]);
  });

  it("reads 150 orders in 2 calls and reports the ones Square no longer has as deleted", async () => {
    const token = uniqueId("sq-many");
    const orders = Array.from({ length: 150 }, (_, i) => squareOrder({ id: `ORDER${String(i).padStart(4, "0")}`, version: i + 1 }));
    await seedSquare(token, { locations: [{ id: "FPYCBCHYMXFK1" }], orders, deleted: ["ORDER0007", "ORDER0120"] });

    const refs = orders.map((o) => ({ kind: "order" as const, externalId: o.id, resource: "order_updated" }));
    const hydrated = await squareApi.hydrate!(session(token), refs);

    expect(hydrated.size).toBe(150);
    expect(hydrated.get("ORDER0007")).toEqual({ status: "deleted" });
    expect(hydrated.get("ORDER0120")).toEqual({ status: "deleted" });
    const found = hydrated.get("ORDER0042");
    expect(found?.status === "found" && found.event).toMatchObject({ externalId: "ORDER0042", version: 43 });
    expect((await squareCounters(token)).batchRetrieveIds).toEqual([100, 50]);
  });

  it("reads the cancelled and the unpaid as such", async () => {
    const token = uniqueId("sq-states");
    await seedSquare(token, {
      locations: [{ id: "FPYCBCHYMXFK1" }],
      orders: [
        squareOrder({ id: "CANCELLED1", state: "CANCELED", closed_at: "2020-04-17T10:00:00Z" }),
        squareOrder({ id: "OPEN1", tenders: [], net_amount_due_money: { amount: 2160, currency: "USD" } }),
      ],
    });
    const hydrated = await squareApi.hydrate!(session(token), [
      { kind: "order", externalId: "CANCELLED1", resource: "order_updated" },
      { kind: "order", externalId: "OPEN1", resource: "order_created" },
    ]);
    const data = (id: string) => {
      const h = hydrated.get(id);
      return h?.status === "found" ? (h.event.data as Record<string, unknown>) : null;
    };
    expect(data("CANCELLED1")).toMatchObject({ cancelledAt: "2020-04-17T10:00:00Z" });
    expect(data("OPEN1")).toMatchObject({ financialStatus: "pending", cancelledAt: null });
  });
});

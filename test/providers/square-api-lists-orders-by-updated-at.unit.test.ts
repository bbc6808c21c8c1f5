// Square's order listing: POST /v2/orders/search filtered and sorted by updated_at, over the
// configured locations or every location of the seller (10 a search), paged by cursor.
import { describe, expect, it } from "vitest";
import { createApiSession } from "../../src/connections/api-session";
import { squareApi } from "../../src/providers/square-api";
import { openGate } from "../support/api-gates";
import { uniqueId } from "../support/shopify";
import { seedSquare, squareCounters, squareFakeFetch, squareOrder } from "../support/square-orders";

const at = (minute: number) => new Date(Date.parse("2026-11-20T12:00:00Z") + minute * 60_000).toISOString();

async function listAll(credentials: Record<string, unknown>, since: number, until: number) {
  const session = createApiSession({ api: squareApi, credentials, gate: openGate(), fetch: squareFakeFetch });
  const listed = [];
  let cursor: string | null = null;
  do {
    const page = await squareApi.listChanges!(session, { since, until, cursor }, ["order", "customer"]);
    listed.push(...page.events);
    cursor = page.cursor;
  } while (cursor);
  return listed;
}

describe("Square order listing", () => {
  it("lists the orders updated in the window across all the seller's locations, oldest first", async () => {
    const token = uniqueId("sq-list");
    // 12 locations (two searches of at most 10), 260 orders one minute apart spread over them.
    const locations = Array.from({ length: 12 }, (_, i) => ({ id: `LOC${i}` }));
    const orders = Array.from({ length: 260 }, (_, i) => squareOrder({ id: `O${String(i).padStart(4, "0")}`, location_id: `LOC${i % 12}`, updated_at: at(i), version: 3 }));
    await seedSquare(token, { locations, orders, ratePerSecond: 100 });

    const listed = await listAll({ accessToken: token }, Date.parse(at(10)), Date.parse(at(250)));
    const ids = listed.map((e) => e.event.externalId).sort();
    expect(ids).toEqual(orders.slice(10, 250).map((o) => o.id));
    expect(new Set(ids).size).toBe(240);
    expect(listed[0]).toMatchObject({ deliveryId: `${listed[0]!.event.externalId}@3`, event: { kind: "order", version: 3 } });
    // Oldest first within each location group.
    const firstGroup = listed.filter((e) => Number(e.event.externalId.slice(1)) % 12 < 10).map((e) => e.event.occurredAt);
    expect(firstGroup).toEqual([...firstGroup].sort());
    const counters = await squareCounters(token);
    expect(counters.byPath["GET /v2/locations"]).toBe(1);
    // LOC0-9: 200 orders in the window -> 2 pages of 100; LOC10-11: 40 -> 1 page.
    expect(counters.byPath["POST /v2/orders/search"]).toBe(3);
  });

  it("searches only the configured locations, without asking for the list", async () => {
    const token = uniqueId("sq-locs");
    await seedSquare(token, {
      locations: [{ id: "A" }, { id: "B" }],
      orders: [squareOrder({ id: "IN-A", location_id: "A", updated_at: at(1) }), squareOrder({ id: "IN-B", location_id: "B", updated_at: at(2) })],
    });
    const listed = await listAll({ accessToken: token, locationIds: ["B"] }, Date.parse(at(0)), Date.parse(at(5)));
    expect(listed.map((e) => e.event.externalId)).toEqual(["IN-B"]);
    expect((await squareCounters(token)).byPath["GET /v2/locations"]).toBeUndefined();
  });
});

// Square stock writes against the fake: item variations by SKU, absolute physical counts with a
// required idempotency key: a replay of the same request applies nothing again, the same key with
// another body is refused (a data error), and an out-of-range occurred_at is refused.
import { describe, expect, it } from "vitest";
import { createApiSession } from "../../src/connections/api-session";
import { ProviderApiError } from "../../src/providers/provider-api";
import { squareApi, squareSetCounts, squareVariationsBySku } from "../../src/providers/square-api";
import squareFake from "../support/provider-fakes/square.mjs";
import { openGate } from "../support/api-gates";
import { seedSquare, squareFakeFetch } from "../support/square-orders";
import { uniqueId } from "../support/shopify";

async function seller() {
  const token = uniqueId("sq-stock");
  await seedSquare(token, {
    locations: [{ id: "L1" }, { id: "L2" }],
    catalog: [
      { id: "VAR-MUG", item_variation_data: { sku: "MUG-RED", item_id: "ITEM-1" } },
      { id: "VAR-TEE", item_variation_data: { sku: "TEE-M", item_id: "ITEM-2" } },
    ],
    counts: [{ catalog_object_id: "VAR-MUG", location_id: "L1", quantity: 4 }],
  });
  const session = createApiSession({ api: squareApi, credentials: { accessToken: token }, gate: openGate(), fetch: squareFakeFetch });
  const inventory = async () =>
    (await squareFake.fetch(new Request(`https://connect.squareup.com/__fake/inventory?token=${token}`))).json() as Promise<{ counts: Record<string, string>; applied: number; replays: number }>;
  return { session, inventory };
}

describe("Square physical counts", () => {
  it("finds variations by SKU and sets absolute counts once per idempotency key", async () => {
    const { session, inventory } = await seller();
    const found = await squareVariationsBySku(session, ["MUG-RED", "TEE-M", "NONE"]);
    expect(Object.fromEntries(found)).toEqual({ "MUG-RED": ["VAR-MUG"], "TEE-M": ["VAR-TEE"] });

    const occurredAt = new Date().toISOString();
    const counts = [
      { catalogObjectId: "VAR-MUG", locationId: "L1", quantity: 9, occurredAt },
      { catalogObjectId: "VAR-MUG", locationId: "L2", quantity: 3, occurredAt },
    ];
    await squareSetCounts(session, counts, "key-1", "odoo-router-event-1");
    await squareSetCounts(session, counts, "key-1", "odoo-router-event-1");
    expect(await inventory()).toEqual({ counts: { "VAR-MUG@L1": "9", "VAR-MUG@L2": "3" }, applied: 2, replays: 1 });

    const reused = await squareSetCounts(session, [{ ...counts[0]!, quantity: 1 }], "key-1", "odoo-router-event-1").catch((e: unknown) => e);
    expect(reused).toBeInstanceOf(ProviderApiError);
    expect(reused).toMatchObject({ category: "data", status: 400 });
    expect((reused as Error).message).toContain("IDEMPOTENCY_KEY_REUSED");

    const old = new Date(Date.now() - 25 * 3600_000).toISOString();
    const stale = await squareSetCounts(session, [{ ...counts[0]!, occurredAt: old }], "key-2", "odoo-router-event-2").catch((e: unknown) => e);
    expect(stale).toMatchObject({ category: "data", status: 400 });
    expect((await inventory()).counts["VAR-MUG@L1"]).toBe("9");
  });
});

import { expect, it } from "vitest";
import { attemptDetail, createTenant, getEvent, odooRecords, postShopify, waitForStatus } from "../support/router";
import { shopifyOrderOfThreeLinesShippedElsewhere } from "../support/shopify";


/**
 * An order of 3 lines with a new customer, a delivery address of its own and a shipping line
 * creates 7 records (customer, delivery contact, 3 products, shipping product, the order). Locked
 * one at a time through their entity objects, that was 6 x (lock + unlock) = 12 round trips, one
 * after another; now one hold and one release.
 */
it("an order of three lines creating its customer, address, products and shipping product makes two lock calls; its update none", async () => {
  const t = await createTenant();
  const order = shopifyOrderOfThreeLinesShippedElsewhere();
  const created = ((await (await postShopify(t, "orders/create", order)).json()) as { eventId: string }).eventId;
  expect((await waitForStatus(t, created, ["delivered", "dead"])).status).toBe("delivered");
  expect(attemptDetail((await getEvent(t, created))!)).toMatchObject({ created: true, lockCalls: 2 });
  expect(await odooRecords(t, "product.product")).toHaveLength(4);
  expect(await odooRecords(t, "res.partner")).toHaveLength(2);

  // Everything mapped now: an update links what exists and takes no lock at all.
  const updated = ((await (await postShopify(t, "orders/updated", { ...order, updated_at: "2026-11-20T11:00:00-05:00", note: "gift" })).json()) as { eventId: string }).eventId;
  expect((await waitForStatus(t, updated, ["delivered", "dead"])).status).toBe("delivered");
  expect(attemptDetail((await getEvent(t, updated))!)).not.toHaveProperty("lockCalls");
});

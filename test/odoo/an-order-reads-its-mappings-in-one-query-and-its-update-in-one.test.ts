/**
 * An order names the records it may create up front (customer, addresses, variants, shipping
 * product, itself) and reads their mappings in one query, the missing ones once more under their
 * lock (src/odoo/writers/order.ts, known-mappings.ts). Its writers then read no mapping on their
 * own: before, the partner, each address, the shipping product and the order (twice) were one
 * D1 query each. `mappingCalls` in the write's detail counts every call to the mapping store.
 */
import { expect, it } from "vitest";
import { attemptDetail, createTenant, getEvent, odooRecords, postShopify, waitForStatus } from "../support/router";
import { shopifyOrderOfThreeLinesShippedElsewhere } from "../support/shopify";


it("a new order reads its mappings in two queries and writes one per record it made; its update reads one and writes none", async () => {
  const t = await createTenant();
  const order = shopifyOrderOfThreeLinesShippedElsewhere();
  const created = ((await (await postShopify(t, "orders/create", order)).json()) as { eventId: string }).eventId;
  expect((await waitForStatus(t, created, ["delivered", "dead"])).status).toBe("delivered");
  // 7 records made (customer, delivery contact, 3 products, shipping product, the order): 7 puts.
  expect(await odooRecords(t, "product.product")).toHaveLength(4);
  expect(await odooRecords(t, "res.partner")).toHaveLength(2);
  expect(attemptDetail((await getEvent(t, created))!)).toMatchObject({ created: true, mappingCalls: 2 + 7 });

  const updated = ((await (await postShopify(t, "orders/updated", { ...order, updated_at: "2026-11-20T11:00:00-05:00", note: "gift" })).json()) as { eventId: string }).eventId;
  expect((await waitForStatus(t, updated, ["delivered", "dead"])).status).toBe("delivered");
  expect(attemptDetail((await getEvent(t, updated))!)).toMatchObject({ created: false, mappingCalls: 1 });
});

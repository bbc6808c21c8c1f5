import { expect, it } from "vitest";
import { attemptDetail, createTenant, getEvent, odooRecords, postShopify, waitForStatus } from "../support/router";
import { shopifyProduct } from "../support/shopify";

const eventIdOf = async (response: Response) => ((await response.json()) as { eventId: string }).eventId;

it("a new product of three variants holds them in one call (six, one variant at a time, before); its update takes no lock", async () => {
  const t = await createTenant();
  const variants = [
    { id: 1001, title: "Small", sku: "LOCK-S", barcode: null, price: "19.99" },
    { id: 1002, title: "Medium", sku: "LOCK-M", barcode: null, price: "21.00" },
    { id: 1003, title: "Large", sku: "LOCK-L", barcode: null, price: "22.00" },
  ];
  const created = await eventIdOf(await postShopify(t, "products/create", shopifyProduct({ variants })));
  expect((await waitForStatus(t, created, ["delivered", "dead"])).status).toBe("delivered");
  expect(attemptDetail((await getEvent(t, created))!)).toMatchObject({ lockCalls: 2 });
  expect(await odooRecords(t, "product.product")).toHaveLength(3);

  const updated = await eventIdOf(await postShopify(t, "products/update", shopifyProduct({ variants, title: "Renamed", updated_at: "2026-11-02T12:00:00Z" })));
  expect((await waitForStatus(t, updated, ["delivered", "dead"])).status).toBe("delivered");
  expect(attemptDetail((await getEvent(t, updated))!)).not.toHaveProperty("lockCalls");
  expect(await odooRecords(t, "product.product")).toHaveLength(3);
});

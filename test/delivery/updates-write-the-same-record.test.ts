import { expect, it } from "vitest";
import { createTenant, odooCalls, odooRecords, odooSearchRead, postShopify, waitForStatus } from "../support/router";
import { shopifyCustomer, shopifyProduct } from "../support/shopify";

it("customers/update and products/update update the records created before, found through the mapping", async () => {
  const t = await createTenant();
  const created = (await (await postShopify(t, "customers/create", shopifyCustomer())).json()) as { eventId: string };
  await waitForStatus(t, created.eventId, ["delivered"]);
  const updated = (await (
    await postShopify(t, "customers/update", shopifyCustomer({ last_name: "Doe-Smith", updated_at: "2026-11-02T12:00:00Z" }))
  ).json()) as { eventId: string };
  const event = await waitForStatus(t, updated.eventId, ["delivered", "dead"]);
  expect(event.status).toBe("delivered");
  const partners = await odooRecords<{ name: string; country_id: unknown }>(t, "res.partner");
  expect(partners).toHaveLength(1);
  expect(partners[0]!.name).toBe("Bob Doe-Smith");
  expect(partners[0]!.country_id).toBeTruthy();

  const p1 = (await (await postShopify(t, "products/create", shopifyProduct())).json()) as { eventId: string };
  await waitForStatus(t, p1.eventId, ["delivered"]);
  const p2 = (await (
    await postShopify(t, "products/update", shopifyProduct({ title: "Renamed T-Shirt", updated_at: "2026-11-03T00:00:00Z" }))
  ).json()) as { eventId: string };
  await waitForStatus(t, p2.eventId, ["delivered"]);
  const products = await odooSearchRead<{ name: string; default_code: string; list_price: number }>(t, "product.product", [
    "name",
    "default_code",
    "list_price",
  ]);
  expect(products.map((p) => [p.default_code, p.name, p.list_price])).toEqual([
    ["TEE-S", "Renamed T-Shirt (Small)", 19.99],
    ["TEE-M", "Renamed T-Shirt (Medium)", 21],
  ]);
  // The update went through the D1 mapping: no search for the partner after the first write.
  const searches = (await odooCalls(t)).filter((c) => c.model === "res.partner" && c.method === "search");
  expect(searches).toHaveLength(1);
});

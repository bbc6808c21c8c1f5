import { expect, it } from "vitest";
import { createTenant, injectOdooFaults, odooRecords, postShopify, waitForStatus } from "../support/router";
import { shopifyOrder } from "../support/shopify";

it("a create whose response was lost after Odoo committed is retried without a second record", async () => {
  const t = await createTenant();
  await injectOdooFaults(t, [{ kind: "lost_response", model: "sale.order", method: "create", times: 1 }]);
  const { eventId } = (await (await postShopify(t, "orders/create", shopifyOrder())).json()) as { eventId: string };

  const event = await waitForStatus(t, eventId, ["delivered", "dead"], 20_000);
  expect(event.status).toBe("delivered");
  expect(event.attempts).toBe(2);
  const orders = await odooRecords<{ id: number }>(t, "sale.order");
  expect(orders).toHaveLength(1);
  expect(event.odoo).toMatchObject({ model: "sale.order", id: orders[0]!.id });
  expect(await odooRecords(t, "res.partner")).toHaveLength(1);
  expect(await odooRecords(t, "product.product")).toHaveLength(2);
});

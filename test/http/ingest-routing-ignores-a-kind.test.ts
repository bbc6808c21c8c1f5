import { expect, it } from "vitest";
import { ADMIN_TOKEN, call, createTenant, odooRecords, postShopify, putRouting, waitForStatus } from "../support/router";
import { shopifyCustomer, shopifyOrder } from "../support/shopify";

it("a kind the tenant's routing ignores is acknowledged as ignored and never written; other kinds still are", async () => {
  const t = await createTenant();
  await putRouting(t, { flows: { customer: "ignore" } });

  const customer = await postShopify(t, "customers/create", shopifyCustomer());
  expect(customer.status).toBe(200);
  expect(await customer.json()).toEqual({ status: "ignored", reason: 'the tenant\'s routing ignores customer events (flows.customer = "ignore")' });

  const order = await postShopify(t, "orders/create", shopifyOrder());
  expect(order.status).toBe(202);
  const written = await waitForStatus(t, ((await order.json()) as { eventId: string }).eventId, ["delivered", "dead"]);
  expect(written.status).toBe("delivered");
  // The order's customer is still created as the order needs it; only customer events are ignored.
  expect(await odooRecords(t, "res.partner")).toHaveLength(1);

  const unknownKind = await call(`/v1/admin/tenants/${t.tenant}/routing`, {
    method: "PUT",
    token: ADMIN_TOKEN,
    body: JSON.stringify({ flows: { inventory: "write" } }),
  });
  expect(unknownKind.status).toBe(422);
});

import { expect, it } from "vitest";
import { ADMIN_TOKEN, call, createTenant, getEvent, postShopify, waitForStatus } from "../support/router";
import { storedEvents } from "../support/retention";
import { shopifyCustomer, shopifyOrder, uniqueId } from "../support/shopify";

it("an erasure by a customer's external id erases that customer and the orders that carried its email", async () => {
  const t = await createTenant();
  const email = `${uniqueId("jane")}@example.test`;
  const customerId = Date.now();
  const orderId = customerId + 1;
  const first = (await (await postShopify(t, "customers/create", shopifyCustomer({ id: customerId, email, first_name: "Jane" }))).json()) as { eventId: string };
  await waitForStatus(t, first.eventId, ["delivered"]);
  const update = (await (
    await postShopify(t, "customers/update", shopifyCustomer({ id: customerId, email, first_name: "Janet", updated_at: "2026-11-02T12:00:00Z" }))
  ).json()) as { eventId: string };
  await waitForStatus(t, update.eventId, ["delivered"]);
  const order = (await (await postShopify(t, "orders/create", shopifyOrder({ id: orderId, email }))).json()) as { eventId: string };
  await waitForStatus(t, order.eventId, ["delivered"]);

  const response = await call(`/v1/tenants/${t.tenant}/erasures`, {
    method: "POST",
    token: ADMIN_TOKEN,
    body: JSON.stringify({ externalId: String(customerId), source: t.source }),
  });
  expect(response.status).toBe(200);
  const erasure = (await response.json()) as { requestedBy: string; subject: Record<string, unknown>; counts: Record<string, number> };
  expect(erasure.requestedBy).toBe("admin");
  expect(erasure.subject).toMatchObject({ type: "externalId", source: t.source });
  expect(erasure.counts).toMatchObject({ entities: 2, storedPayloads: 3, pendingPayloads: 0, auditEvents: 3 });

  for (const row of [...(await storedEvents(t, "customer", String(customerId))), ...(await storedEvents(t, "order", String(orderId)))]) {
    expect(row.redacted_at).not.toBeNull();
    expect(row.payload).not.toContain(email);
    expect(row.payload).not.toMatch(/Janet?"/);
  }
  // The audit trail still tells what happened to each event.
  expect(await getEvent(t, update.eventId)).toMatchObject({ status: "delivered", odoo: { model: "res.partner" } });
});

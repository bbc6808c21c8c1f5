import { expect, it } from "vitest";
import { call, createTenant, getEvent, odooRecords } from "../support/router";
import { putSource } from "../support/sources";
import { wooSignature } from "../support/signing";
import customer from "../fixtures/woocommerce/customer.json";

it("a signed WooCommerce customer.created is accepted (202), written to Odoo, and its redelivery is a duplicate", async () => {
  const t = await createTenant();
  expect((await putSource(t, "woo", { provider: "woocommerce", secrets: ["wc-secret"], options: { currency: "USD" } })).status).toBe(201);
  const body = JSON.stringify(customer);
  const post = async () =>
    call(`/webhooks/${t.tenant}/woo`, {
      method: "POST",
      body,
      headers: {
        "content-type": "application/json",
        "x-wc-webhook-topic": "customer.created",
        "x-wc-webhook-resource": "customer",
        "x-wc-webhook-event": "created",
        "x-wc-webhook-id": "12",
        "x-wc-webhook-delivery-id": crypto.randomUUID(), // new on every delivery, as WooCommerce does
        "x-wc-webhook-signature": await wooSignature(body, "wc-secret"),
      },
    });

  const first = await post();
  expect(first.status).toBe(202);
  const { eventId } = (await first.json()) as { eventId: string };
  await expect.poll(async () => (await getEvent(t, eventId))?.status, { timeout: 15_000 }).toBe("delivered");
  const partners = await odooRecords<{ name: string; email: string; ref: string }>(t, "res.partner");
  expect(partners).toContainEqual(expect.objectContaining({ name: "John Doe", email: "john.doe@example.test" }));

  const again = await post();
  expect(again.status).toBe(200);
  expect(await again.json()).toEqual({ status: "duplicate", eventId });
});

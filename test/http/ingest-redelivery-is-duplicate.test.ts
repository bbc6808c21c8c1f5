import { expect, it } from "vitest";
import { createTenant, getEvent, odooRecords, postShopify, waitForStatus } from "../support/router";
import { shopifyCustomer } from "../support/shopify";

it("a redelivery (same X-Shopify-Webhook-Id) is 200 duplicate with the original event id and writes once", async () => {
  const t = await createTenant();
  const first = await postShopify(t, "customers/create", shopifyCustomer(), { webhookId: "wh-42" });
  const { eventId } = (await first.json()) as { eventId: string };

  const again = await postShopify(t, "customers/create", shopifyCustomer(), { webhookId: "wh-42" });
  expect(again.status).toBe(200);
  expect(await again.json()).toEqual({ status: "duplicate", eventId });

  const original = await waitForStatus(t, eventId, ["delivered"]);
  expect(original.odoo?.model).toBe("res.partner");
  await expect
    .poll(async () => (await getEvent(t, eventId))?.timeline?.some((e) => e.step === "redelivered"), { timeout: 10_000 })
    .toBe(true);
  expect(await odooRecords(t, "res.partner")).toHaveLength(1);
});

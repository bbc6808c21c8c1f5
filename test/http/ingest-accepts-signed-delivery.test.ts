import { expect, it } from "vitest";
import { createTenant, getEvent, postShopify } from "../support/router";
import { shopifyCustomer } from "../support/shopify";

it("a correctly signed first delivery is acknowledged 202 with an event id, after it is stored", async () => {
  const t = await createTenant();
  const response = await postShopify(t, "customers/create", shopifyCustomer());
  expect(response.status).toBe(202);
  const body = (await response.json()) as { status: string; eventId: string };
  expect(body).toEqual({ status: "accepted", eventId: expect.stringMatching(/^evt_[0-9A-Z]{26}$/) });
  await expect.poll(() => getEvent(t, body.eventId), { timeout: 10_000 }).not.toBeNull();
});

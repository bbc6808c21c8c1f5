import { expect, it } from "vitest";
import { ProviderApiError } from "../../src/providers/provider-api";
import { shipmentScenario } from "../support/shipment";

it("a lost fulfilment answer does not create a second fulfilment: a later event finds the first", async () => {
  const s = await shipmentScenario("18.0");
  // A partial delivery: Shopify still has 3 open after it, so a blind second create would succeed.
  await s.validate(s.picking, 2, "JD0001");
  await s.loseNextShopifyAnswer();

  const lost = await s.send(s.picking).catch((err: unknown) => err);
  expect(lost).toBeInstanceOf(ProviderApiError);
  expect((lost as ProviderApiError).category).toBe("transient");
  expect((await s.shopifyOrder()).fulfillments).toHaveLength(1);

  // The delivery step retries the event: the fulfilment is found, not created again.
  const retried = await s.send(s.picking);
  expect(retried.writes).toMatchObject([{ status: "unchanged", value: { fulfillmentId: expect.stringMatching(/^gid:\/\/shopify\/Fulfillment\//) } }]);
  const order = await s.shopifyOrder();
  expect(order.fulfillments).toHaveLength(1);
  expect(order.fulfillmentOrders[0]!.lineItems[0]!.remainingQuantity).toBe(3);
  expect((await s.shopifyCounters()).fulfillmentsCreated).toBe(1);
});

it("a lost answer of a delivery without tracking is found by its lines", async () => {
  const s = await shipmentScenario("17.0");
  await s.validate(s.picking, 2);
  await s.loseNextShopifyAnswer();
  await expect(s.send(s.picking)).rejects.toBeInstanceOf(ProviderApiError);

  expect((await s.send(s.picking)).writes).toMatchObject([{ status: "unchanged" }]);
  expect((await s.shopifyCounters()).fulfillmentsCreated).toBe(1);
});

it("the retry of the event whose answer was lost finds its fulfilment and counts it sent (the event is delivered, not ignored)", async () => {
  const s = await shipmentScenario("19.0");
  await s.validate(s.picking, 2, "JD0001");
  await s.loseNextShopifyAnswer();
  await expect(s.send(s.picking, "evt-lost")).rejects.toBeInstanceOf(ProviderApiError);

  const retried = await s.send(s.picking, "evt-lost");
  expect(retried.writes).toMatchObject([
    { status: "sent", reason: expect.stringMatching(/answer was lost/), value: { fulfillmentId: expect.stringMatching(/^gid:\/\/shopify\/Fulfillment\//) } },
  ]);
  expect((await s.shopifyCounters()).fulfillmentsCreated).toBe(1);
  // Once recorded, the same event seen again sends nothing more.
  expect((await s.send(s.picking, "evt-lost")).writes).toMatchObject([{ status: "unchanged" }]);
});

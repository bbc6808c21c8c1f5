import { expect, it } from "vitest";
import { createTenant, postShopify, waitForStatus } from "../support/router";
import { maintainEntityAt, putRetention, storedEvents } from "../support/retention";
import { shopifyCustomer } from "../support/shopify";

const DAY = 24 * 3600_000;

it("stored payloads are kept for the tenant's retention.payloadDays (default 8), then dropped", async () => {
  const short = await createTenant();
  expect((await putRetention(short, { payloadDays: 2 })).status).toBe(200);
  const usual = await createTenant();
  const id = String(Date.now());
  for (const t of [short, usual]) {
    const { eventId } = (await (await postShopify(t, "customers/create", shopifyCustomer({ id: Number(id) }))).json()) as { eventId: string };
    await waitForStatus(t, eventId, ["delivered"]);
  }
  const receivedAt = Date.now();

  await maintainEntityAt(short, "customer", id, receivedAt + DAY);
  expect(await storedEvents(short, "customer", id)).toHaveLength(1);
  await maintainEntityAt(short, "customer", id, receivedAt + 3 * DAY);
  expect(await storedEvents(short, "customer", id)).toHaveLength(0);

  await maintainEntityAt(usual, "customer", id, receivedAt + 3 * DAY);
  expect(await storedEvents(usual, "customer", id)).toHaveLength(1);
  await maintainEntityAt(usual, "customer", id, receivedAt + 9 * DAY);
  expect(await storedEvents(usual, "customer", id)).toHaveLength(0);
});

it("retention settings are validated with the field named", async () => {
  const t = await createTenant();
  const response = await putRetention(t, { payloadDays: 0 });
  expect(response.status).toBe(422);
  expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/^retention\.payloadDays: /);
  const unknown = await putRetention(t, { keepForever: true });
  expect(unknown.status).toBe(422);
  expect(((await unknown.json()) as { error: { message: string } }).error.message).toContain("keepForever");
});

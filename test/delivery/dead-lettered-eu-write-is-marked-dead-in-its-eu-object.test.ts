import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { consumeDeadLetters } from "../../src/delivery/dead-letter-consumer";
import type { WriteMessage } from "../../src/delivery/write-message";
import { entityName } from "../../src/entity/entity-name";
import { DEFAULT_DELIVERY_SETTINGS } from "../../src/tenant/delivery-settings";
import { gateNamespace } from "../../src/tenant/region";
import { createTenant, postShopify, waitForStatus } from "../support/router";
import { shopifyCustomer } from "../support/shopify";

it("an EU tenant's write message that exhausted its retries is marked dead in the tenant's EU entity object", async () => {
  const t = await createTenant({ region: "eu" });
  // Every write slot of the tenant's (EU) gate taken: the write stays released, never claimed.
  const gate = gateNamespace(env, "eu").getByName(t.tenant);
  for (let i = 0; i < DEFAULT_DELIVERY_SETTINGS.maxConcurrency; i++) expect((await gate.acquire(DEFAULT_DELIVERY_SETTINGS)).ok).toBe(true);

  const customer = shopifyCustomer();
  const { eventId } = (await (await postShopify(t, "customers/create", customer)).json()) as { eventId: string };
  await waitForStatus(t, eventId, ["queued"]);

  const body: WriteMessage = { type: "write", tenantId: t.tenant, entity: entityName(t.tenant, t.source, "customer", String(customer.id)), eventId, region: "eu" };
  const batch = createMessageBatch("router-dead-letters", [{ id: "d1", timestamp: Date.now(), attempts: 101, body }]);
  const ctx = createExecutionContext();
  await consumeDeadLetters(batch, env);
  expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual(["d1"]);

  const dead = await waitForStatus(t, eventId, ["dead"]);
  expect(dead.error).toMatchObject({ category: "exhausted" });
});

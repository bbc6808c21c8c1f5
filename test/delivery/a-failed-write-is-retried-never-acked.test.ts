import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { consumeWrites } from "../../src/delivery/write-consumer";
import type { WriteMessage } from "../../src/delivery/write-message";
import { entityName } from "../../src/entity/entity-name";
import { DEFAULT_DELIVERY_SETTINGS } from "../../src/tenant/delivery-settings";
import { gateNamespace } from "../../src/tenant/region";
import { createTenant, injectOdooFaults, odooCalls, odooRecords, postShopify, waitForStatus } from "../support/router";
import { shopifyCustomer } from "../support/shopify";

it("the write consumer retries a message whose write failed, and never acks it", async () => {
  const t = await createTenant();
  // Every write slot of the tenant's gate taken: the queue's own delivery waits, this test consumes.
  const gate = gateNamespace(env, undefined).getByName(t.tenant);
  const tokens: string[] = [];
  for (let i = 0; i < DEFAULT_DELIVERY_SETTINGS.maxConcurrency; i++) {
    const permit = await gate.acquire(DEFAULT_DELIVERY_SETTINGS);
    if (!permit.ok) throw new Error("the gate refused a permit");
    tokens.push(permit.token);
  }
  // A 500 from the proxy on a create: Odoo may have committed it, so it is not retried within the delivery.
  await injectOdooFaults(t, [{ kind: "http_500", model: "res.partner", method: "create", times: 1 }]);
  const customer = shopifyCustomer();
  const { eventId } = (await (await postShopify(t, "customers/create", customer)).json()) as { eventId: string };
  await waitForStatus(t, eventId, ["queued"]);
  for (const token of tokens) await gate.release(token, null, null, DEFAULT_DELIVERY_SETTINGS);

  const body: WriteMessage = { type: "write", tenantId: t.tenant, entity: entityName(t.tenant, t.source, "customer", String(customer.id)), eventId };
  const batch = createMessageBatch<WriteMessage>("odoo-writes", [{ id: "w1", timestamp: Date.now(), attempts: 1, body }]);
  const ctx = createExecutionContext();
  await consumeWrites(batch, env);
  const result = await getQueueResult(batch, ctx);
  expect(result.explicitAcks).toEqual([]);
  expect(result.ackAll).toBe(false);
  expect(result.retryMessages).toMatchObject([{ msgId: "w1" }]);

  // The queue's own delivery then writes it: nothing acknowledged is lost.
  const event = await waitForStatus(t, eventId, ["delivered", "dead"], 20_000);
  expect(event.status).toBe("delivered");
  expect(event.timeline?.filter((e) => e.step === "odoo_attempt" && e.detail?.outcome === "failed")).toHaveLength(1);
  const creates = (await odooCalls(t)).filter((c) => c.model === "res.partner" && c.method === "create");
  expect(creates.map((c) => c.outcome)).toEqual(["fault", "ok"]);
  expect(await odooRecords(t, "res.partner")).toHaveLength(1);
});

import { evictDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { entityName } from "../../src/entity/entity-name";
import { createTenant, odooRecords, postShopify, waitForStatus } from "../support/router";
import { shopifyCustomer } from "../support/shopify";

it("evicting the entity object right after the ack loses neither the event nor its dedup record", async () => {
  const t = await createTenant();
  const customer = shopifyCustomer();
  const first = (await (await postShopify(t, "customers/create", customer, { webhookId: "wh-evict" })).json()) as { eventId: string };
  await evictDurableObject(env.ENTITY.getByName(entityName(t.tenant, t.source, "customer", String(customer.id))));

  const event = await waitForStatus(t, first.eventId, ["delivered"]);
  expect(event.status).toBe("delivered");
  const again = await postShopify(t, "customers/create", customer, { webhookId: "wh-evict" });
  expect(await again.json()).toEqual({ status: "duplicate", eventId: first.eventId });
  expect(await odooRecords(t, "res.partner")).toHaveLength(1);
});

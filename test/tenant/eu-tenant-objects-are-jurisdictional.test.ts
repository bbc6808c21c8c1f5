import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { entityName } from "../../src/entity/entity-name";
import { emulatedObjectName, entityNamespace, gateNamespace } from "../../src/tenant/region";
import { createTenant, postShopify, waitForStatus } from "../support/router";
import { shopifyOrder } from "../support/shopify";

// Local workerd implements no jurisdictions (`jurisdiction()` throws "not implemented"), so the
// test config switches on the emulation in tenant/region.ts: a jurisdiction's object is another
// object than the default namespace's object of the same name, as in production.
const storedEvents = (stub: DurableObjectStub) =>
  runInDurableObject(stub, (_instance, state) => ({
    name: state.id.name,
    identities: state.storage.sql
      .exec<{ identity: string }>("SELECT identity FROM events")
      .toArray()
      .map((row) => JSON.parse(row.identity) as { region?: string }),
  }));

it("an EU tenant's entity and gate objects are the EU jurisdiction's, and the default namespace's stay untouched", async () => {
  const t = await createTenant({ region: "eu" });
  const order = shopifyOrder();
  const { eventId } = (await (await postShopify(t, "orders/create", order)).json()) as { eventId: string };
  const event = await waitForStatus(t, eventId, ["delivered", "dead"]);
  expect(event.status).toBe("delivered");

  const name = entityName(t.tenant, t.source, "order", String(order.id));
  const eu = await storedEvents(entityNamespace(env, "eu").getByName(name));
  expect(eu.name).toBe(emulatedObjectName("eu", name));
  expect(eu.identities).toEqual([expect.objectContaining({ id: eventId, region: "eu" })]);
  expect((await storedEvents(env.ENTITY.getByName(name))).identities).toEqual([]);

  // The write went through the tenant's EU gate; the default namespace's gate of that name saw nothing.
  const euGate = await gateNamespace(env, "eu").getByName(t.tenant).health();
  expect(euGate.lastSuccessAt).not.toBeNull();
  const defaultGate = await env.ODOO_GATE.getByName(t.tenant).health();
  expect(defaultGate).toMatchObject({ lastSuccessAt: null, window: { calls: 0, failures: 0 } });
});

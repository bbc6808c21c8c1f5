import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { entityName } from "../../src/entity/entity-name";
import { DEFAULT_DELIVERY_SETTINGS } from "../../src/tenant/delivery-settings";
import { createTenant, odooRecords, postShopify, waitForStatus } from "../support/router";
import { shopifyCustomer } from "../support/shopify";

it("a released write whose queue message was lost is released again by the entity's alarm", async () => {
  const t = await createTenant();
  // Take every write slot of the tenant's Odoo, so the write stays released but unclaimed.
  const gate = env.ODOO_GATE.getByName(t.tenant);
  const permits = [];
  for (let i = 0; i < DEFAULT_DELIVERY_SETTINGS.maxConcurrency; i++) permits.push(await gate.acquire(DEFAULT_DELIVERY_SETTINGS));

  const customer = shopifyCustomer({ first_name: "Found" });
  const { eventId } = (await (await postShopify(t, "customers/create", customer)).json()) as { eventId: string };
  const stub = env.ENTITY.getByName(entityName(t.tenant, t.source, "customer", String(customer.id)));
  // Its message is "lost": released, lease expired.
  await runInDurableObject(stub, (_instance, state) => {
    state.storage.sql.exec("UPDATE events SET released = 1, lease_until = ? WHERE event_id = ?", Date.now() - 1, eventId);
  });
  await runDurableObjectAlarm(stub);
  for (const permit of permits) if (permit.ok) await gate.release(permit.token, null, null, DEFAULT_DELIVERY_SETTINGS);

  const event = await waitForStatus(t, eventId, ["delivered", "dead"], 20_000);
  expect(event.status).toBe("delivered");
  expect(event.timeline?.map((e) => e.step)).toContain("rereleased");
  expect((await odooRecords<{ name: string }>(t, "res.partner")).map((p) => p.name)).toEqual(["Found Doe"]);
});

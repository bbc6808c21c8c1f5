import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { entityName } from "../../src/entity/entity-name";
import { createTenant, getEvent, odooCalls, odooRecords, postShopify, putRouting, waitForStatus } from "../support/router";
import { shopifyCustomer } from "../support/shopify";

it("a batch flow holds N updates of an entity until its slot, then writes only the newest, once", async () => {
  const t = await createTenant();
  await putRouting(t, { flows: { customer: { mode: "batch" } } });
  const customer = shopifyCustomer({ first_name: "V1" });
  const ids: string[] = [];
  for (let i = 1; i <= 5; i++) {
    const response = await postShopify(t, "customers/update", { ...customer, first_name: `V${i}`, updated_at: `2026-11-10T00:00:0${i}Z` });
    expect(response.status).toBe(202);
    ids.push(((await response.json()) as { eventId: string }).eventId);
  }
  // Held: the older ones superseded as the newer arrive, the newest waiting, nothing in Odoo.
  const statuses = await Promise.all(ids.slice(0, -1).map(async (id) => (await waitForStatus(t, id, ["superseded", "delivered"])).status));
  expect(statuses).toEqual(["superseded", "superseded", "superseded", "superseded"]);
  const newest = await waitForStatus(t, ids.at(-1)!, ["accepted", "queued", "delivered"]);
  expect(newest.status).toBe("accepted");
  expect(newest.timeline?.find((e) => e.step === "ordered")?.detail).toHaveProperty("heldUntil");
  expect(await odooRecords(t, "res.partner")).toEqual([]);

  // The slot comes (the hold's end moved to now instead of waiting for the next hour).
  const stub = env.ENTITY.getByName(entityName(t.tenant, t.source, "customer", String(customer.id)));
  await runInDurableObject(stub, (_instance, state) => {
    state.storage.sql.exec("UPDATE facts SET value = ? WHERE name = 'held_until'", String(Date.now() - 1));
  });
  await runDurableObjectAlarm(stub);

  const written = await waitForStatus(t, ids.at(-1)!, ["delivered", "dead"]);
  expect(written.status).toBe("delivered");
  expect((await odooRecords<{ name: string }>(t, "res.partner")).map((p) => p.name)).toEqual(["V5 Doe"]);
  const writes = (await odooCalls(t)).filter((c) => c.model === "res.partner" && (c.method === "create" || c.method === "write"));
  expect(writes).toHaveLength(1);
  // The superseded ones stay superseded: never written.
  for (const id of ids.slice(0, -1)) expect((await getEvent(t, id))?.status).toBe("superseded");
});

it('"write" and {mode: "realtime"} flows are written at once', async () => {
  const t = await createTenant();
  await putRouting(t, { flows: { customer: { mode: "realtime" }, product: "write" } });
  const response = await postShopify(t, "customers/update", shopifyCustomer({ first_name: "Now" }));
  const { eventId } = (await response.json()) as { eventId: string };
  expect((await waitForStatus(t, eventId, ["delivered", "dead"])).status).toBe("delivered");
});

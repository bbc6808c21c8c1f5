import { expect, it } from "vitest";
import { createTenant, getEvent, postShopify, readToken, call, waitForStatus } from "../support/router";
import { shopifyOrder } from "../support/shopify";

it("an event's detail links its Odoo record in the tenant's web client, for a tenant token too", async () => {
  const t = await createTenant();
  const { eventId } = (await (await postShopify(t, "orders/create", shopifyOrder())).json()) as { eventId: string };
  const delivered = await waitForStatus(t, eventId, ["delivered", "dead"]);
  expect(delivered.status).toBe("delivered");
  const id = delivered.odoo!.id;

  const detail = (await (await call(`/v1/tenants/${t.tenant}/events/${eventId}`, { token: await readToken(t) })).json()) as {
    odoo: { model: string; id: number; url: string };
  };
  expect(detail.odoo).toEqual({ model: "sale.order", id, url: `${t.odooUrl}/odoo/sale.order/${id}` });
  // The list keeps its shape: the link is a detail (one read of the tenant per event shown).
  const list = (await (await call(`/v1/tenants/${t.tenant}/events`, { token: await readToken(t) })).json()) as { items: { odoo: unknown }[] };
  expect(list.items[0]!.odoo).toEqual({ model: "sale.order", id });
  expect((await getEvent(t, eventId))!.odoo).toMatchObject({ url: expect.stringMatching(/\/odoo\/sale\.order\/\d+$/) });
});

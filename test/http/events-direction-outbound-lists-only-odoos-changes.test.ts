import { expect, it, vi } from "vitest";
import { ADMIN_TOKEN, call, createTenant, postShopify } from "../support/router";
import { feedOdooChange } from "../support/outbound-events";
import { shopifyCustomer } from "../support/shopify";

type Listed = { items: { id: string; provider: string; direction: string; status: string; kind: string | null }[] };

it("events?direction=outbound lists only Odoo's changes, direction=inbound the providers' deliveries, and every event says its direction", async () => {
  const t = await createTenant();
  const inbound = (await (await postShopify(t, "customers/update", shopifyCustomer())).json()) as { eventId: string };
  // An Odoo change of a flow the routing does not send: recorded (ignored, with the fix), outbound.
  const outbound = await feedOdooChange(t, "stock", "7", {});
  expect(outbound).toMatchObject({ status: "ignored", reason: expect.stringContaining("routing has no outbound.stock") });

  const list = async (query: string) => (await (await call(`/v1/tenants/${t.tenant}/events?${query}`, { token: ADMIN_TOKEN })).json()) as Listed;
  const out = await vi.waitUntil(async () => {
    const page = await list("direction=outbound");
    return page.items.length > 0 ? page : null;
  });
  // The audit trail is written after the ack, in batches (a queued write's timeline up to 2 s later).
  await vi.waitUntil(async () => (await list("")).items.length === 2, { timeout: 10_000, interval: 100 });
  expect(out.items).toEqual([expect.objectContaining({ provider: "odoo", direction: "outbound", kind: "stock", status: "ignored" })]);
  const inItems = (await list("direction=inbound")).items;
  expect(inItems.map((e) => e.id)).toEqual([inbound.eventId]);
  expect(inItems[0]).toMatchObject({ provider: "shopify", direction: "inbound" });
  expect((await list("")).items).toHaveLength(2);
  const refused = await call(`/v1/tenants/${t.tenant}/events?direction=sideways`, { token: ADMIN_TOKEN });
  expect(refused.status).toBe(400);
  expect(((await refused.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: "invalid_request", message: expect.stringContaining("direction") });
});

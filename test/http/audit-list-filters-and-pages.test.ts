import { expect, it } from "vitest";
import { call, createTenant, postShopify, readToken, waitForStatus } from "../support/router";
import { shopifyCustomer, shopifyProduct } from "../support/shopify";

interface Page {
  items: { id: string; status: string; type: string | null; kind: string | null }[];
  nextCursor: string | null;
}

it("lists events newest first, filtered by status and type, in pages joined by nextCursor", async () => {
  const t = await createTenant();
  const token = await readToken(t);
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    const r = await postShopify(t, "customers/create", shopifyCustomer({ id: 1000 + i }));
    ids.push(((await r.json()) as { eventId: string }).eventId);
  }
  const p = await postShopify(t, "products/create", shopifyProduct());
  ids.push(((await p.json()) as { eventId: string }).eventId);
  for (const id of ids) await waitForStatus(t, id, ["delivered"]);

  const all = (await (await call(`/v1/tenants/${t.tenant}/events`, { token })).json()) as Page;
  expect(all.items.map((e) => e.id)).toEqual([...ids].reverse());

  const customers = (await (await call(`/v1/tenants/${t.tenant}/events?type=customer.created&status=delivered`, { token })).json()) as Page;
  expect(customers.items.map((e) => e.id)).toEqual(ids.slice(0, 3).reverse());

  const page1 = (await (await call(`/v1/tenants/${t.tenant}/events?limit=3`, { token })).json()) as Page;
  expect(page1.items).toHaveLength(3);
  expect(page1.nextCursor).toBe(page1.items[2]!.id);
  const page2 = (await (await call(`/v1/tenants/${t.tenant}/events?limit=3&cursor=${page1.nextCursor}`, { token })).json()) as Page;
  expect(page2.items.map((e) => e.id)).toEqual([ids[0]]);
  expect(page2.nextCursor).toBeNull();

  const future = encodeURIComponent(new Date(Date.now() + 60_000).toISOString());
  const none = (await (await call(`/v1/tenants/${t.tenant}/events?since=${future}`, { token })).json()) as Page;
  expect(none.items).toEqual([]);

  const bad = await call(`/v1/tenants/${t.tenant}/events?status=exploded`, { token });
  expect(bad.status).toBe(400);
  expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("invalid_request");
});

import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { getSourceConfig } from "../../src/db/tenants";
import { ADMIN_TOKEN, call, createTenant, postShopify, waitForStatus } from "../support/router";
import { shopifyCustomer } from "../support/shopify";

it("a deleted source answers 404 unknown_source at once, even where it was cached, and its events stay in the audit trail", async () => {
  const t = await createTenant();
  const { eventId } = (await (await postShopify(t, "customers/create", shopifyCustomer())).json()) as { eventId: string };
  await waitForStatus(t, eventId, ["delivered"]);
  // This isolate caches the source (as it would with SOURCE_CACHE_SECONDS > 0 in production).
  expect(await getSourceConfig(env, t.tenant, t.source, 600)).not.toBeNull();

  const removed = await call(`/v1/admin/tenants/${t.tenant}/sources/${t.source}`, { method: "DELETE", token: ADMIN_TOKEN });
  expect(removed.status).toBe(200);
  expect(await getSourceConfig(env, t.tenant, t.source, 600)).toBeNull();

  const refused = await postShopify(t, "customers/create", shopifyCustomer());
  expect(refused.status).toBe(404);
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("unknown_source");

  const sources = (await (await call(`/v1/admin/tenants/${t.tenant}/sources`, { token: ADMIN_TOKEN })).json()) as { items: unknown[] };
  expect(sources.items).toEqual([]);
  const events = (await (await call(`/v1/tenants/${t.tenant}/events?source=${t.source}`, { token: ADMIN_TOKEN })).json()) as { items: { id: string }[] };
  expect(events.items.map((e) => e.id)).toEqual([eventId]);
  // Deleting it again: there is no such source.
  expect((await call(`/v1/admin/tenants/${t.tenant}/sources/${t.source}`, { method: "DELETE", token: ADMIN_TOKEN })).status).toBe(404);
});

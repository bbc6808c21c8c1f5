import { expect, it } from "vitest";
import { seriesOf, waitForMetrics } from "../support/metrics";
import { call, createTenant, postShopify, readToken, waitForStatus } from "../support/router";
import { shopifyCustomer } from "../support/shopify";

it("a tenant token reads its own metrics, gets 404 on another tenant's and never sees its counts", async () => {
  const a = await createTenant();
  const b = await createTenant();
  const { eventId } = (await (await postShopify(b, "customers/create", shopifyCustomer())).json()) as { eventId: string };
  await waitForStatus(b, eventId, ["delivered"]);
  await waitForMetrics(b, "", (m) => seriesOf(m, b.source, "customer")?.totals.delivered === 1);
  const tokenA = await readToken(a);

  const own = await call(`/v1/tenants/${a.tenant}/metrics`, { token: tokenA });
  expect(own.status).toBe(200);
  expect(((await own.json()) as { series: unknown[] }).series).toEqual([]);

  const other = await call(`/v1/tenants/${b.tenant}/metrics`, { token: tokenA });
  expect(other.status).toBe(404);
  expect(((await other.json()) as { error: { code: string } }).error.code).toBe("not_found");
  expect((await call(`/v1/tenants/${b.tenant}/metrics`)).status).toBe(401);
});

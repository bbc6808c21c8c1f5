import { expect, it } from "vitest";
import { call, ADMIN_TOKEN, createTenant, postShopify, readToken, waitForStatus } from "../support/router";
import { parsePrometheusText } from "../support/prometheus-text";
import { shopifyCustomer } from "../support/shopify";

it("GET /metrics (admin only) is valid Prometheus text with counters, gauges and latency histograms per tenant, source and kind", async () => {
  const t = await createTenant();
  const { eventId } = (await (await postShopify(t, "customers/create", shopifyCustomer())).json()) as { eventId: string };
  await waitForStatus(t, eventId, ["delivered"]);
  expect((await postShopify(t, "customers/create", shopifyCustomer(), { secret: "forged" })).status).toBe(401);

  // A tenant token is no admin token: the exposition covers every tenant.
  expect((await call("/metrics", { token: await readToken(t) })).status).toBe(401);
  expect((await call("/metrics")).status).toBe(401);

  let text = "";
  await expect
    .poll(
      async () => {
        const response = await call("/metrics", { token: ADMIN_TOKEN });
        expect(response.status).toBe(200);
        expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
        text = await response.text();
        return text.includes(`odoo_router_rejected_total{tenant="${t.tenant}"`) && text.includes(`tenant="${t.tenant}",source="shop",kind="customer",outcome="delivered"`);
      },
      { timeout: 15_000, interval: 100 },
    )
    .toBe(true);

  const samples = parsePrometheusText(text);
  const mine = samples.filter((s) => s.labels.tenant === t.tenant);
  const value = (name: string, labels: Record<string, string>) =>
    mine.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
  const customer = { source: "shop", kind: "customer" };
  expect(value("odoo_router_events_total", { ...customer, outcome: "received" })).toBe(1);
  expect(value("odoo_router_events_total", { ...customer, outcome: "delivered" })).toBe(1);
  expect(value("odoo_router_rejected_total", { source: "shop", reason: "invalid_signature" })).toBe(1);
  expect(value("odoo_router_odoo_attempts_total", { ...customer, outcome: "ok" })).toBe(1);
  expect(value("odoo_router_events_retrying", customer)).toBe(0);
  expect(value("odoo_router_events_waiting", customer)).toBe(0);
  expect(value("odoo_router_delivery_latency_seconds_count", customer)).toBe(1);
  expect(value("odoo_router_ack_latency_seconds_bucket", { ...customer, le: "+Inf" })).toBe(1);
  expect(value("odoo_router_odoo_attempt_latency_seconds_count", customer)).toBe(1);
});

import { afterAll, expect, it, vi } from "vitest";
import { ADMIN_TOKEN, call, createTenant, odooExecute, odooSearchRead, putRouting } from "../support/router";
import { FAKE_HOST, fakeAccount, fakeCounters, putFakeObject, putThinSource } from "../support/generic-api";
import { putOdooSource } from "../support/odoo-callbacks";
import { testFlow } from "../support/outbound-test-flow";
import { registerOutboundFlowForTest } from "../../src/outbound/route";

afterAll(() => registerOutboundFlowForTest("stock", null));

type Job = { id: string; state: string; listed: number; wouldFeed?: number; entities?: number; fed?: number; error: string | null };

it("a resync feeds every product of the flow once through the usual path; a dry run only counts; an unknown or unrouted flow is refused", async () => {
  const t = await createTenant();
  const account = await fakeAccount({ auth: "none" });
  expect((await putThinSource(t, "webshop", { fetchUrl: `${FAKE_HOST}/${account.account}/products/{id}` })).status).toBe(201);
  // The tenant's Odoo source (provider "odoo"), whose events the resync feeds.
  await putOdooSource(t);

  for (const name of ["Mug", "Cap", "Tee"]) await odooExecute(t, "product.product", "create", [{ name }]);
  const products = await odooSearchRead<{ id: number }>(t, "product.product", ["id"]);
  for (const p of products) await putFakeObject(account, `items/${p.id}`, { ok: true });
  const flow = testFlow({ name: "stock", objects: (id) => [{ path: `items/${id}`, value: { available: 1 } }] });
  registerOutboundFlowForTest("stock", flow);
  await putRouting(t, { outbound: { stock: { to: ["webshop"] } } });

  const start = async (body: unknown) => {
    const response = await call(`/v1/tenants/${t.tenant}/outbound/resyncs`, { method: "POST", token: ADMIN_TOKEN, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Job & { error?: { code: string; message: string } } };
  };
  const finished = (id: string) =>
    vi.waitUntil(
      async () => {
        const job = (await (await call(`/v1/tenants/${t.tenant}/outbound/resyncs/${id}`, { token: ADMIN_TOKEN })).json()) as Job;
        return job.state !== "running" ? job : null;
      },
      { timeout: 20_000, interval: 100 },
    );

  expect(await start({ flow: "warehouse" })).toMatchObject({ status: 400, body: { error: { code: "invalid_request", message: expect.stringContaining("flow: must be one of stock") } } });
  expect(await start({ flow: "shipment" })).toMatchObject({ status: 422, body: { error: { code: "flow_not_routed", message: expect.stringContaining("routing has no outbound.shipment") } } });

  const dry = await start({ flow: "stock", dryRun: true });
  expect(dry.status).toBe(202);
  expect(await finished(dry.body.id)).toMatchObject({ state: "done", listed: products.length, wouldFeed: products.length, error: null });
  expect((await fakeCounters(account)).calls).toBe(0);

  const real = await start({ flow: "stock" });
  expect(real.status).toBe(202);
  expect(await finished(real.body.id)).toMatchObject({ state: "done", listed: products.length, entities: products.length, fed: products.length });
  // Every product went out once, through its entity object and the flow.
  await vi.waitUntil(async () => (await fakeCounters(account)).calls === products.length, { timeout: 30_000, interval: 100 });
  expect([...flow.sentPaths].sort()).toEqual(products.map((p) => `items/${p.id}`).sort());
  // The audit trail follows the writes by a moment (its timelines ship after the outcome).
  const expected = products.map((p) => `resync:${real.body.id}:${p.id}`).sort();
  const listed = () =>
    call(`/v1/tenants/${t.tenant}/events?direction=outbound`, { token: ADMIN_TOKEN })
      .then((r) => r.json() as Promise<{ items: { deliveryId: string; status: string }[] }>)
      .then((body) => body.items.map((e) => e.deliveryId).sort());
  await vi.waitUntil(async () => (await listed()).length >= expected.length, { timeout: 15_000, interval: 100 });
  expect(await listed()).toEqual(expected);
});

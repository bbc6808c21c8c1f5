import { env } from "cloudflare:workers";
import { afterAll, expect, it, vi } from "vitest";
import { pollSource } from "../../../src/odoo/source/poller";
import { registerOutboundFlowForTest } from "../../../src/outbound/route";
import { ADMIN_TOKEN, call, createTenant, odooExecute } from "../../support/router";
import { provisionAutomations, putOdooSource, putOutboundTarget, relayOdooCallbacks } from "../../support/odoo-callbacks";
import { recordingFlow } from "../../support/odoo-watch-flow";

afterAll(() => registerOutboundFlowForTest("accountStatus", null));

interface Page { items: { id: string; status: string; externalId: string }[] }

it("a change seen by its callback and again by the poller is one event and one read-back; one only the poller saw goes out too", async () => {
  const t = await createTenant({ odooVersion: "19.0" });
  const [ann, bob] = await odooExecute<number[]>(t, "res.partner", "create", [[{ name: "Ann" }, { name: "Bob" }]]);
  const flow = recordingFlow("accountStatus", { model: "res.partner", fields: ["email", "name"], triggerFields: ["email"] });
  registerOutboundFlowForTest("accountStatus", flow);
  const target = await putOutboundTarget(t);
  await putOdooSource(t, { outbound: { accountStatus: { to: [target] } } });
  expect((await provisionAutomations(t)).status).toBe(200);

  await odooExecute(t, "res.partner", "write", [[ann], { email: "ann@example.com" }]);
  const [relayed] = await relayOdooCallbacks(t);
  expect(relayed).toMatchObject({ status: 202, body: { status: "accepted" } });
  // Bob's callback is lost (Odoo does not retry): only the poller can see it.
  await odooExecute(t, "res.partner", "write", [[bob], { email: "bob@example.com" }]);

  const polled = await pollSource(env, t.tenant, "odoo", Date.now(), { force: true });
  expect(polled).toMatchObject({ polled: 1, failed: 0, fed: 1 });
  expect(polled.listed).toBeGreaterThanOrEqual(2);

  const events = await vi.waitUntil(async () => {
    const page = (await (await call(`/v1/tenants/${t.tenant}/events?source=odoo&limit=50`, { token: ADMIN_TOKEN })).json()) as Page;
    return page.items.length >= 2 && flow.reads.length >= 2 ? page.items : null;
  }, { timeout: 20_000, interval: 100 });
  // Give a duplicate the time to (wrongly) appear.
  await new Promise((r) => setTimeout(r, 500));
  expect(events.map((e) => e.externalId).sort()).toEqual([String(ann), String(bob)].sort());
  expect(flow.reads.map((r) => [r.externalId, r.change.via]).sort()).toEqual([[String(ann), "callback"], [String(bob), "poll"]].sort());

  // The next poll lists the same records again (overlap window): nothing new is fed.
  expect(await pollSource(env, t.tenant, "odoo", Date.now(), { force: true })).toMatchObject({ fed: 0, failed: 0 });
});

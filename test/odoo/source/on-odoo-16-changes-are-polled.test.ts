import { env } from "cloudflare:workers";
import { afterAll, expect, it, vi } from "vitest";
import { pollSource } from "../../../src/odoo/source/poller";
import { registerOutboundFlowForTest } from "../../../src/outbound/route";
import { ADMIN_TOKEN, call, createTenant, odooExecute } from "../../support/router";
import { provisionAutomations, putOdooSource, putOutboundTarget } from "../../support/odoo-callbacks";
import { recordingFlow } from "../../support/odoo-watch-flow";

afterAll(() => registerOutboundFlowForTest("accountStatus", null));

it("on Odoo 16 provisioning answers 409 automations_unsupported naming the polling, and the poller sends the change", async () => {
  const t = await createTenant({ odooVersion: "16.0" });
  const [partnerId] = await odooExecute<number[]>(t, "res.partner", "create", [[{ name: "Ann" }]]);
  const flow = recordingFlow("accountStatus", { model: "res.partner", fields: ["email", "name"], triggerFields: ["email"] });
  registerOutboundFlowForTest("accountStatus", flow);
  const target = await putOutboundTarget(t);
  await putOdooSource(t, { outbound: { accountStatus: { to: [target] } }, options: { pollSeconds: 120 } });

  const refused = await provisionAutomations(t);
  expect(refused.status).toBe(409);
  expect(await refused.json()).toMatchObject({
    error: { code: "automations_unsupported", message: expect.stringContaining("polls this Odoo's changes instead, every 120 s") },
  });
  const listed = await call(`/v1/admin/tenants/${t.tenant}/odoo/automations?source=odoo`, { token: ADMIN_TOKEN });
  expect(await listed.json()).toMatchObject({ odooVersion: 16, supported: false, polling: true, pollSeconds: 120, items: [] });

  await odooExecute(t, "res.partner", "write", [[partnerId], { email: "ann@example.com" }]);
  // The minute cron's round: due (no watermark yet), so the model is listed.
  expect(await pollSource(env, t.tenant, "odoo", Date.now())).toMatchObject({ polled: 1, fed: 1, failed: 0 });
  await vi.waitUntil(() => flow.reads.length > 0, { timeout: 20_000, interval: 100 });
  expect(flow.reads[0]).toMatchObject({ externalId: String(partnerId), change: { via: "poll", model: "res.partner" }, record: { email: "ann@example.com" } });
  // Polled a moment ago: not due again before pollSeconds.
  expect(await pollSource(env, t.tenant, "odoo", Date.now())).toMatchObject({ polled: 0 });
});

import { afterAll, expect, it } from "vitest";
import { registerOutboundFlowForTest } from "../../../src/outbound/route";
import { ADMIN_TOKEN, call, configureOdoo, createTenant, odooExecute } from "../../support/router";
import { provisionAutomations, putOdooSource, putOutboundTarget } from "../../support/odoo-callbacks";
import { recordingFlow } from "../../support/odoo-watch-flow";

afterAll(() => registerOutboundFlowForTest("accountStatus", null));

interface Check { ok: boolean; problems: string[]; odooSources?: { source: string; mode: string; rules: { present: boolean; active: boolean }[] }[] }

it("the Odoo check names an Odoo source's disabled or missing rule and the rights the API user lacks", async () => {
  const t = await createTenant({ odooVersion: "18.0" });
  await configureOdoo(t, { version: "18.0", denied: { "ir.actions.server": ["unlink"] } });
  registerOutboundFlowForTest("accountStatus", recordingFlow("accountStatus", { model: "res.partner", fields: ["email"] }));
  const target = await putOutboundTarget(t);
  await putOdooSource(t, { outbound: { accountStatus: { to: [target] } } });
  const check = async () => (await (await call(`/v1/admin/tenants/${t.tenant}/odoo/check`, { token: ADMIN_TOKEN })).json()) as Check;

  const before = await check();
  expect(before.ok).toBe(false);
  expect(before.problems).toContain(`Odoo source "odoo": no automation rule for accountStatus on res.partner (POST /v1/admin/tenants/${t.tenant}/odoo/automations {"source":"odoo"} repairs it; meanwhile changes are polled every 60 s)`);
  expect(before.problems).toContain('Odoo source "odoo": the API user may not unlink ir.actions.server (managing automation rules needs Administration/Settings)');

  const { items } = (await (await provisionAutomations(t)).json()) as { items: { ruleId: number }[] };
  await odooExecute(t, "base.automation", "write", [[items[0]!.ruleId], { active: false }]);
  const disabled = await check();
  expect(disabled.odooSources).toEqual([expect.objectContaining({ source: "odoo", mode: "callbacks", rules: [expect.objectContaining({ present: true, active: false })] })]);
  expect(disabled.problems).toContainEqual(expect.stringContaining('the automation rule "Odoo router: accountStatus res.partner [odoo]" is disabled in Odoo'));
});

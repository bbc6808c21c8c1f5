import { afterAll, expect, it } from "vitest";
import { registerOutboundFlowForTest } from "../../../src/outbound/route";
import { ADMIN_TOKEN, call, createTenant, odooExecute } from "../../support/router";
import { provisionAutomations, putOdooSource, putOutboundTarget } from "../../support/odoo-callbacks";
import { putSource } from "../../support/sources";
import { recordingFlow } from "../../support/odoo-watch-flow";

afterAll(() => registerOutboundFlowForTest("accountStatus", null));

interface Item { name: string; status?: string; present?: boolean; active?: boolean; urlCurrent?: boolean; definitionCurrent?: boolean; ruleId: number | null; actionId: number | null }

it("provisions one rule per watched model once, repairs a disabled or changed one, follows a token rotation, lists and removes them", async () => {
  const t = await createTenant({ odooVersion: "18.0" });
  registerOutboundFlowForTest("accountStatus", recordingFlow("accountStatus", { model: "res.partner", fields: ["email", "name"], triggerFields: ["email"], domain: [["is_company", "=", false]] }));
  const target = await putOutboundTarget(t);
  const { secret } = await putOdooSource(t, { outbound: { accountStatus: { to: [target] } } });
  const list = async () => (await (await call(`/v1/admin/tenants/${t.tenant}/odoo/automations?source=odoo`, { token: ADMIN_TOKEN })).json()) as { items: Item[]; stray: unknown[] };

  const first = await provisionAutomations(t);
  expect(first.status).toBe(200);
  const created = (await first.json()) as { ok: boolean; callbackUrl: string; items: Item[] };
  expect(created).toMatchObject({ ok: true, callbackUrl: `https://router.test/webhooks/${t.tenant}/odoo?token=[redacted]` });
  expect(created.items).toEqual([expect.objectContaining({ name: "Odoo router: accountStatus res.partner [odoo]", status: "created" })]);
  expect(JSON.stringify(created)).not.toContain(secret);
  const { ruleId, actionId } = created.items[0]!;

  // In Odoo: the rule and its webhook action, as provisioned.
  const [rule] = await odooExecute<Record<string, unknown>[]>(t, "base.automation", "read", [[ruleId], ["trigger", "filter_domain", "active", "action_server_ids"]]);
  expect(rule).toMatchObject({ trigger: "on_create_or_write", filter_domain: "[('is_company', '=', False)]", active: true, action_server_ids: [actionId] });
  const [action] = await odooExecute<Record<string, unknown>[]>(t, "ir.actions.server", "read", [[actionId], ["state", "webhook_url"]]);
  expect(action).toMatchObject({ state: "webhook", webhook_url: `https://router.test/webhooks/${t.tenant}/odoo?token=${secret}` });

  // Again: nothing to do.
  expect(((await (await provisionAutomations(t)).json()) as { items: Item[] }).items[0]).toMatchObject({ status: "unchanged", ruleId, actionId });

  // Someone disables the rule and edits its URL: the state says so, provisioning repairs it.
  await odooExecute(t, "base.automation", "write", [[ruleId], { active: false }]);
  await odooExecute(t, "ir.actions.server", "write", [[actionId], { webhook_url: "https://elsewhere.test/hook" }]);
  expect((await list()).items[0]).toMatchObject({ present: true, active: false, urlCurrent: false, definitionCurrent: true });
  expect(((await (await provisionAutomations(t)).json()) as { items: Item[] }).items[0]).toMatchObject({ status: "updated", ruleId, actionId });
  expect((await list()).items[0]).toMatchObject({ present: true, active: true, urlCurrent: true, definitionCurrent: true });

  // A rotated token: the rule still carries the old one until provisioning runs again.
  const rotated = "rotated-token-0123456789abcdef";
  expect((await putSource(t, "odoo", { provider: "odoo", secrets: [rotated, secret] })).status).toBe(200);
  expect((await list()).items[0]).toMatchObject({ urlCurrent: false });
  expect(((await (await provisionAutomations(t)).json()) as { items: Item[] }).items[0]).toMatchObject({ status: "updated" });
  expect((await list()).items[0]).toMatchObject({ urlCurrent: true });
  const [after] = await odooExecute<Record<string, unknown>[]>(t, "ir.actions.server", "read", [[actionId], ["webhook_url"]]);
  expect(after!.webhook_url).toBe(`https://router.test/webhooks/${t.tenant}/odoo?token=${rotated}`);

  // DELETE removes rule and action; the listing says the rule is missing.
  const removed = await call(`/v1/admin/tenants/${t.tenant}/odoo/automations?source=odoo`, { method: "DELETE", token: ADMIN_TOKEN });
  expect(removed.status).toBe(200);
  expect(await removed.json()).toMatchObject({ removed: [{ name: "Odoo router: accountStatus res.partner [odoo]", ruleId }] });
  expect(await odooExecute(t, "base.automation", "search_count", [[]], { context: { active_test: false } })).toBe(0);
  expect(await odooExecute(t, "ir.actions.server", "search_count", [[["id", "=", actionId]]])).toBe(0);
  expect((await list()).items[0]).toMatchObject({ present: false });
});

import { describe, expect, it } from "vitest";
import { putHubSpotSource } from "../support/hubspot";
import { provisionAutomations, putOdooSource } from "../support/odoo-callbacks";
import { createTenant, odooExecute } from "../support/router";

interface Item { name: string; status: string; ruleId: number }

// What invoiceStatus and accountStatus watch (their `watches`) exists in Odoo as provisioning
// writes it: the models, trigger fields and payload fields of 17.0-19.0 (16.0 is polled).
describe.each(["17.0", "18.0", "19.0"])("Odoo %s", (version) => {
  it("provisions the invoice and account status rules with their trigger fields and domains", async () => {
    const t = await createTenant({ odooVersion: version });
    await putHubSpotSource(t, { accessToken: "pat-provisioning" });
    await putOdooSource(t, { outbound: { invoiceStatus: { to: ["hubspot"] }, accountStatus: { to: ["hubspot"] } } });
    const answer = await provisionAutomations(t);
    expect(answer.status).toBe(200);
    const { items } = (await answer.json()) as { items: Item[] };
    expect(items.map((i) => [i.name, i.status]).sort()).toEqual([
      ["Odoo router: accountStatus account.move [odoo]", "created"],
      ["Odoo router: accountStatus res.partner [odoo]", "created"],
      ["Odoo router: invoiceStatus account.move [odoo]", "created"],
    ]);
    const invoiceRule = items.find((i) => i.name.startsWith("Odoo router: invoiceStatus"))!;
    const [rule] = await odooExecute<{ filter_domain: string; trigger_field_ids: number[] }[]>(t, "base.automation", "read", [[invoiceRule.ruleId], ["filter_domain", "trigger_field_ids"]]);
    expect(rule!.filter_domain).toBe("[('move_type', 'in', ['out_invoice', 'out_refund'])]");
    const triggers = await odooExecute<{ name: string }[]>(t, "ir.model.fields", "read", [rule!.trigger_field_ids, ["name"]]);
    expect(triggers.map((f) => f.name).sort()).toEqual(["amount_residual", "payment_state", "state"]);
  });
});

import { describe, expect, it } from "vitest";
import { startOdoo, webhookReceiver } from "./odoo-under-test";

// 18.0 base_automation `_compute_trigger_field_ids`: for on_create_or_write the fields of
// filter_domain join trigger_field_ids (when the rule is saved without them); 17.0 has no such
// compute, so an empty trigger_field_ids means "any write".
async function ruleOnCompanyPartners(version: string) {
  const receiver = webhookReceiver();
  const odoo = await startOdoo(version, { fetch: receiver.fetch });
  const { modelId, fieldIds } = await odoo.modelIds("res.partner", ["name", "is_company"]);
  const ruleId = await odoo.rpc<number>("base.automation", "create", [
    {
      name: "companies", model_id: modelId, trigger: "on_create_or_write", filter_domain: "[('is_company', '=', True)]",
      action_server_ids: [[0, 0, { name: "hook", state: "webhook", model_id: modelId, webhook_url: "https://router.test/c", webhook_field_ids: [[6, 0, [fieldIds.name]]] }]],
    },
  ]);
  const [rule] = await odoo.rpc<{ trigger_field_ids: number[] }[]>("base.automation", "read", [[ruleId], ["trigger_field_ids"]]);
  const company = await odoo.rpc<number>("res.partner", "create", [{ name: "Acme", is_company: true }]);
  receiver.received.length = 0;
  await odoo.rpc("res.partner", "write", [[company], { name: "Acme Inc" }]);
  return { triggerFields: rule!.trigger_field_ids, isCompanyField: fieldIds.is_company, postsOnNameChange: receiver.received.length };
}

describe("automation rule trigger fields", () => {
  it("17.0 keeps them empty: a name change is posted", async () => {
    const result = await ruleOnCompanyPartners("17.0");
    expect(result.triggerFields).toEqual([]);
    expect(result.postsOnNameChange).toBe(1);
  });

  it.each(["18.0", "19.0"])("%s adds is_company: a name change is not posted", async (version) => {
    const result = await ruleOnCompanyPartners(version);
    expect(result.triggerFields).toEqual([result.isCompanyField]);
    expect(result.postsOnNameChange).toBe(0);
  });
});

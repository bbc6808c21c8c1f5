import { describe, expect, it } from "vitest";
import { WEBHOOK_VERSIONS, startOdoo, webhookReceiver } from "./odoo-under-test";

// odoo/addons/base/models/ir_actions.py `_run_action_webhook` (17.0, same body code in 19.0):
// json.dumps({_model, _id, _action: "<name>(#<id>)"} | record.read(fields, load=None)[0], sort_keys=True).
describe.each(WEBHOOK_VERSIONS)("Odoo %s", (version) => {
  it("POSTs one JSON body per changed record, with Odoo's keys, order, spacing and value encoding", async () => {
    const receiver = webhookReceiver();
    const odoo = await startOdoo(version, { fetch: receiver.fetch });
    const { actionId } = await odoo.provisionWebhookRule({
      model: "res.partner",
      fields: ["name", "email", "country_id", "customer_rank", "is_company"],
      url: "https://router.test/odoo/acme/secret-token",
    });

    const partnerId = await odoo.rpc<number>("res.partner", "create", [{ name: "Zoë", email: "zoe@example.com", country_id: 1 }]);
    await odoo.rpc("res.partner", "write", [[partnerId], { customer_rank: 1 }]);

    expect(receiver.received.map((r) => r.url)).toEqual(["https://router.test/odoo/acme/secret-token", "https://router.test/odoo/acme/secret-token"]);
    expect(receiver.received[0]!.body).toBe(
      `{"_action": "router webhook(#${actionId})", "_id": ${partnerId}, "_model": "res.partner", "country_id": 1, ` +
        `"customer_rank": 0, "email": "zoe@example.com", "id": ${partnerId}, "is_company": false, "name": "Zo\\u00eb"}`,
    );
    expect(JSON.parse(receiver.received[1]!.body)).toMatchObject({ _id: partnerId, customer_rank: 1 });
    expect(receiver.received[0]!.headers.get("content-type")).toBe("application/json");
    expect(receiver.received[0]!.headers.get("authorization")).toBeNull();
  });

  it("sends only what the rule's trigger fields and domain select", async () => {
    const receiver = webhookReceiver();
    const odoo = await startOdoo(version, { fetch: receiver.fetch });
    await odoo.provisionWebhookRule({
      model: "res.partner",
      fields: ["email"],
      triggerFields: ["email"],
      filterDomain: "[('is_company', '=', False)]",
      url: "https://router.test/hook",
    });
    const company = await odoo.rpc<number>("res.partner", "create", [{ name: "Acme", is_company: true }]);
    const person = await odoo.rpc<number>("res.partner", "create", [{ name: "Ann" }]);
    await odoo.rpc("res.partner", "write", [[company, person], { email: "x@example.com" }]);
    await odoo.rpc("res.partner", "write", [[person], { phone: "+1 555" }]); // not a trigger field
    await odoo.rpc("res.partner", "write", [[person], { email: "x@example.com" }]); // unchanged

    // on_create_or_write: the person's creation, then its email change; never the company.
    expect(receiver.received.map((r) => JSON.parse(r.body)._id)).toEqual([person, person]);
  });
});

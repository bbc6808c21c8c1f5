import { describe, expect, it } from "vitest";
import { OdooRpcError, startOdoo, webhookReceiver } from "./odoo-under-test";

// 16.0: ir.actions.server.state has no 'webhook' and no webhook_url / webhook_field_ids fields;
// base.automation _inherits ir.actions.server (action_server_id), it has no action_server_ids.
describe("Odoo 16.0", () => {
  it("has no webhook state, no webhook fields and no action_server_ids", async () => {
    const receiver = webhookReceiver();
    const odoo = await startOdoo("16.0", { fetch: receiver.fetch });
    const { modelId } = await odoo.modelIds("res.partner", []);

    const stateError = await odoo.rpc("ir.actions.server", "create", [{ name: "hook", model_id: modelId, state: "webhook" }]).catch((e: unknown) => e);
    expect(stateError).toBeInstanceOf(OdooRpcError);
    expect((stateError as OdooRpcError).message).toBe("Wrong value for ir.actions.server.state: 'webhook'");

    const urlError = await odoo.rpc("ir.actions.server", "create", [{ name: "hook", model_id: modelId, state: "code", webhook_url: "https://x" }]).catch((e: unknown) => e);
    expect((urlError as OdooRpcError).message).toBe("Invalid field 'webhook_url' on model 'ir.actions.server'");

    const ruleError = await odoo.provisionWebhookRule({ model: "res.partner", fields: [], url: "https://router.test/hook" }).catch((e: unknown) => e);
    expect((ruleError as OdooRpcError).pyName).toBe("builtins.ValueError");
    expect((ruleError as OdooRpcError).message).toBe("Invalid field 'action_server_ids' on model 'base.automation'");

    await odoo.rpc("res.partner", "create", [{ name: "Nobody calls" }]);
    expect(receiver.received).toEqual([]);
  });

  it("still has automation rules, as server actions by delegation", async () => {
    const odoo = await startOdoo("16.0");
    const { modelId } = await odoo.modelIds("res.partner", []);
    const ruleId = await odoo.rpc<number>("base.automation", "create", [
      { name: "legacy rule", model_id: modelId, trigger: "on_create_or_write", state: "code", code: "pass" },
    ]);
    const [rule] = await odoo.rpc<{ action_server_id: [number, string]; trigger: string }[]>("base.automation", "read", [[ruleId], ["action_server_id", "trigger"]]);
    expect(rule!.trigger).toBe("on_create_or_write");
    expect(rule!.action_server_id[1]).toBe("legacy rule");
  });
});

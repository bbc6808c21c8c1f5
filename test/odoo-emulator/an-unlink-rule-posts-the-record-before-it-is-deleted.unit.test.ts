import { describe, expect, it } from "vitest";
import { WEBHOOK_VERSIONS, startOdoo, webhookReceiver } from "./odoo-under-test";

// base_automation's unlink patch runs on_unlink rules before unlink.origin: the body still holds
// the record's values. on_archive (17+) fires on active True -> False only.
describe.each(WEBHOOK_VERSIONS)("Odoo %s", (version) => {
  it("posts a deleted record with its last values, and an archived one once", async () => {
    const receiver = webhookReceiver();
    const odoo = await startOdoo(version, { fetch: receiver.fetch });
    await odoo.provisionWebhookRule({ model: "res.partner", fields: ["email"], trigger: "on_unlink", url: "https://router.test/gone" });
    await odoo.provisionWebhookRule({ model: "res.partner", fields: ["active"], trigger: "on_archive", url: "https://router.test/archived" });
    const gone = await odoo.rpc<number>("res.partner", "create", [{ name: "Gone", email: "gone@example.com" }]);
    const archived = await odoo.rpc<number>("res.partner", "create", [{ name: "Old" }]);

    await odoo.rpc("res.partner", "unlink", [[gone]]);
    await odoo.rpc("res.partner", "action_archive", [[archived]]);
    await odoo.rpc("res.partner", "action_unarchive", [[archived]]);

    expect(receiver.received.map((r) => [r.url, JSON.parse(r.body)])).toEqual([
      ["https://router.test/gone", expect.objectContaining({ _id: gone, email: "gone@example.com" })],
      ["https://router.test/archived", expect.objectContaining({ _id: archived, active: false })],
    ]);
  });
});

import { describe, expect, it } from "vitest";
import { startOdoo, webhookReceiver } from "./odoo-under-test";

// 19.0 registers the POST on cr.postcommit: the change is visible when it arrives, and a rollback
// cancels it ("Webhook call to %s - cancelled due to a rollback").
type Odoo = Awaited<ReturnType<typeof startOdoo>>;

describe("Odoo 19.0", () => {
  it("calls after the commit: a read-back during the call sees the new value", async () => {
    let odoo: Odoo | undefined;
    let seenDuringCall: unknown;
    const receiver = webhookReceiver(async (_url, body) => {
      seenDuringCall = await odoo!.rpc("res.partner", "read", [[JSON.parse(body)._id], ["email"]]);
      return new Response("ok");
    });
    odoo = await startOdoo("19.0", { fetch: receiver.fetch });
    await odoo.provisionWebhookRule({ model: "res.partner", fields: ["email"], trigger: "on_write", url: "https://router.test/hook" });
    const id = await odoo.rpc<number>("res.partner", "create", [{ name: "Ann", email: "old@example.com" }]);

    await odoo.rpc("res.partner", "write", [[id], { email: "new@example.com" }]);

    expect(seenDuringCall).toEqual([{ id, email: "new@example.com" }]);
    expect((await odoo.webhookCalls())[0]).toMatchObject({ phase: "after_commit", outcome: "ok", committed: true });
  });

  it("sends nothing for a transaction that rolls back", async () => {
    const receiver = webhookReceiver();
    const odoo = await startOdoo("19.0", { fetch: receiver.fetch });
    await odoo.provisionWebhookRule({ model: "res.partner", fields: ["email"], trigger: "on_write", url: "https://router.test/hook" });
    const id = await odoo.rpc<number>("res.partner", "create", [{ name: "Ann", email: "old@example.com" }]);
    await odoo.control("POST", "webhooks/fail-next", {});

    await expect(odoo.rpc("res.partner", "write", [[id], { email: "never@example.com" }])).rejects.toThrow();

    expect(receiver.received).toEqual([]);
    const [call] = await odoo.webhookCalls();
    expect(call).toMatchObject({ outcome: "cancelled", committed: false, log: "Webhook call to https://router.test/hook - cancelled due to a rollback" });
  });
});

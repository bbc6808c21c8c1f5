import { describe, expect, it } from "vitest";
import { OdooRpcError, startOdoo, webhookReceiver } from "./odoo-under-test";

// 17.0/18.0 `_run_action_webhook` POSTs inside the user's transaction (before COMMIT; moved to
// post-commit by odoo/odoo#216018 in 19.0): the receiver reading the record back sees the old state,
// and the transaction can still fail after the POST.
type Odoo = Awaited<ReturnType<typeof startOdoo>>;

describe.each(["17.0", "18.0"])("Odoo %s", (version) => {
  it("calls while the change is not committed: a read-back during the call sees the old value", async () => {
    let odoo: Odoo | undefined;
    let seenDuringCall: unknown;
    const receiver = webhookReceiver(async (_url, body) => {
      const { _id } = JSON.parse(body) as { _id: number };
      seenDuringCall = await odoo!.rpc("res.partner", "read", [[_id], ["email"]]);
      return new Response("ok");
    });
    odoo = await startOdoo(version, { fetch: receiver.fetch });
    await odoo.provisionWebhookRule({ model: "res.partner", fields: ["email"], triggerFields: ["email"], trigger: "on_write", url: "https://router.test/hook" });
    const id = await odoo.rpc<number>("res.partner", "create", [{ name: "Ann", email: "old@example.com" }]);

    await odoo.rpc("res.partner", "write", [[id], { email: "new@example.com" }]);

    expect(JSON.parse(receiver.received[0]!.body).email).toBe("new@example.com");
    expect(seenDuringCall).toEqual([{ id, email: "old@example.com" }]);
    expect(await odoo.rpc("res.partner", "read", [[id], ["email"]])).toEqual([{ id, email: "new@example.com" }]);
    const [call] = await odoo.webhookCalls();
    expect(call).toMatchObject({ phase: "before_commit", outcome: "ok", committed: true, status: 200 });
  });

  it("stays uncommitted for the configured commit delay after the call", async () => {
    const receiver = webhookReceiver();
    const odoo = await startOdoo(version, { fetch: receiver.fetch, config: { webhookCommitDelayMs: 300 } });
    await odoo.provisionWebhookRule({ model: "res.partner", fields: ["email"], trigger: "on_write", url: "https://router.test/hook" });
    const id = await odoo.rpc<number>("res.partner", "create", [{ name: "Ann", email: "old@example.com" }]);

    const writing = odoo.rpc("res.partner", "write", [[id], { email: "new@example.com" }]);
    await new Promise((r) => setTimeout(r, 100));
    expect(receiver.received).toHaveLength(1);
    expect(await odoo.rpc("res.partner", "read", [[id], ["email"]])).toEqual([{ id, email: "old@example.com" }]);
    await writing;
    expect(await odoo.rpc("res.partner", "read", [[id], ["email"]])).toEqual([{ id, email: "new@example.com" }]);
  });

  it("can roll the change back after the receiver got it (a phantom event)", async () => {
    const receiver = webhookReceiver();
    const odoo = await startOdoo(version, { fetch: receiver.fetch });
    await odoo.provisionWebhookRule({ model: "res.partner", fields: ["email"], trigger: "on_write", url: "https://router.test/hook" });
    const id = await odoo.rpc<number>("res.partner", "create", [{ name: "Ann", email: "old@example.com" }]);
    await odoo.control("POST", "webhooks/fail-next", {});

    const error = await odoo.rpc("res.partner", "write", [[id], { email: "never@example.com" }]).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(OdooRpcError);
    expect(JSON.parse(receiver.received[0]!.body).email).toBe("never@example.com");
    expect(await odoo.rpc("res.partner", "read", [[id], ["email"]])).toEqual([{ id, email: "old@example.com" }]);
    expect((await odoo.webhookCalls())[0]).toMatchObject({ outcome: "ok", committed: false });
  });
});

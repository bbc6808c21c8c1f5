import { describe, expect, it } from "vitest";
import { WEBHOOK_VERSIONS, startOdoo, webhookReceiver } from "./odoo-under-test";

// requests.post(..., timeout=1); ReadTimeout and RequestException (raise_for_status) are logged as
// warnings and swallowed: the user's write succeeds, nothing is retried.
describe.each(WEBHOOK_VERSIONS)("Odoo %s", (version) => {
  it("gives up after one second, logs, keeps the write and never calls again", async () => {
    const receiver = webhookReceiver(() => new Promise<Response>(() => {})); // never answers
    const odoo = await startOdoo(version, { fetch: receiver.fetch });
    await odoo.provisionWebhookRule({ model: "res.partner", fields: ["name"], trigger: "on_write", url: "https://router.test/slow" });
    const id = await odoo.rpc<number>("res.partner", "create", [{ name: "Ann" }]);

    const started = Date.now();
    await odoo.rpc("res.partner", "write", [[id], { name: "Ann B" }]);
    const elapsed = Date.now() - started;

    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(3000);
    expect(await odoo.rpc("res.partner", "read", [[id], ["name"]])).toEqual([{ id, name: "Ann B" }]);
    const calls = await odoo.webhookCalls();
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ outcome: "timeout", committed: true });
    expect(calls[0]!.log).toMatch(/^Webhook call timed out after 1s/);
    await new Promise((r) => setTimeout(r, 200));
    expect(receiver.received).toHaveLength(1);
  });

  it("logs an error answer as a failed call and keeps the write", async () => {
    const receiver = webhookReceiver(() => new Response("no", { status: 503, statusText: "Service Unavailable" }));
    const odoo = await startOdoo(version, { fetch: receiver.fetch });
    await odoo.provisionWebhookRule({ model: "res.partner", fields: ["name"], trigger: "on_write", url: "https://router.test/down" });
    const id = await odoo.rpc<number>("res.partner", "create", [{ name: "Ann" }]);

    await odoo.rpc("res.partner", "write", [[id], { name: "Ann B" }]);

    const calls = await odoo.webhookCalls();
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ outcome: "failed", status: 503, committed: true });
    expect(calls[0]!.log).toBe("Webhook call failed: 503 Server Error: Service Unavailable for url: https://router.test/down");
    expect(receiver.received).toHaveLength(1);
  });
});

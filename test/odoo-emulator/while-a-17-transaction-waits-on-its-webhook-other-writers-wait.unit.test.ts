import { describe, expect, it } from "vitest";
import { startOdoo, webhookReceiver } from "./odoo-under-test";

// 17.0/18.0 hold the transaction (and its row locks) while the POST runs: a second writer waits,
// a reader does not (it sees the last committed state).
describe.each(["17.0", "18.0"])("Odoo %s", (version) => {
  it("serializes writers behind a transaction whose webhook call is pending", async () => {
    let release: () => void = () => {};
    const pending = new Promise<void>((resolve) => (release = resolve));
    const receiver = webhookReceiver(async () => {
      await pending;
      return new Response("ok");
    });
    const odoo = await startOdoo(version, { fetch: receiver.fetch });
    await odoo.provisionWebhookRule({ model: "res.partner", fields: ["name"], trigger: "on_write", filterDomain: "[('name', '=', 'A2')]", url: "https://router.test/h" });
    const a = await odoo.rpc<number>("res.partner", "create", [{ name: "A" }]);
    const b = await odoo.rpc<number>("res.partner", "create", [{ name: "B" }]);

    const order: string[] = [];
    const first = odoo.rpc("res.partner", "write", [[a], { name: "A2" }]).then(() => order.push("first"));
    await new Promise((r) => setTimeout(r, 50));
    const second = odoo.rpc("res.partner", "write", [[b], { name: "B2" }]).then(() => order.push("second"));
    await new Promise((r) => setTimeout(r, 100));

    expect(order).toEqual([]);
    expect(await odoo.rpc("res.partner", "read", [[a, b], ["name"]])).toEqual([{ id: a, name: "A" }, { id: b, name: "B" }]);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(["first", "second"]);
    expect(await odoo.rpc("res.partner", "read", [[a, b], ["name"]])).toEqual([{ id: a, name: "A2" }, { id: b, name: "B2" }]);
  });
});

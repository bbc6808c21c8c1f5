import { describe, expect, it } from "vitest";
import { OdooRpcError, startOdoo } from "./odoo-under-test";

async function postedInvoice(odoo: Awaited<ReturnType<typeof startOdoo>>) {
  const partner = await odoo.rpc<number>("res.partner", "create", [{ name: "Bob" }]);
  const invoice = await odoo.rpc<number>("account.move", "create", [{ move_type: "out_invoice", partner_id: partner, invoice_line_ids: [[0, 0, { name: "x", quantity: 1, price_unit: 100 }]] }]);
  await odoo.rpc("account.move", "action_post", [[invoice]]);
  return invoice;
}
const paymentState = async (odoo: Awaited<ReturnType<typeof startOdoo>>, id: number) =>
  (await odoo.rpc<{ payment_state: string }[]>("account.move", "read", [[id], ["payment_state"]]))[0]!.payment_state;

describe.each(["18.0", "19.0"])("Odoo %s", (version) => {
  it("action_toggle_block_payment blocks an unpaid invoice and unblocks it; a paid one cannot be blocked", async () => {
    const odoo = await startOdoo(version);
    const invoice = await postedInvoice(odoo);
    await odoo.rpc("account.move", "action_toggle_block_payment", [[invoice]]);
    expect(await paymentState(odoo, invoice)).toBe("blocked");
    await odoo.rpc("account.move", "action_toggle_block_payment", [[invoice]]);
    expect(await paymentState(odoo, invoice)).toBe("not_paid");

    await odoo.control("POST", "payments", { invoice_id: invoice });
    await expect(odoo.rpc("account.move", "action_toggle_block_payment", [[invoice]])).rejects.toThrow("You can't block a paid invoice.");
  });
});

it("Odoo 17 has no payment blocking", async () => {
  const odoo = await startOdoo("17.0");
  const invoice = await postedInvoice(odoo);
  const err = await odoo.rpc("account.move", "action_toggle_block_payment", [[invoice]]).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(OdooRpcError);
  expect((err as OdooRpcError).message).toContain("The method 'action_toggle_block_payment' does not exist on the model 'account.move'");
});

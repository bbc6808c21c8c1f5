import { describe, expect, it } from "vitest";
import { OdooRpcError, VERSIONS, startOdoo } from "./odoo-under-test";

// addons/mail/models/mail_blacklist.py (16.0-19.0): create() normalizes the address and returns the
// existing row instead of failing on `unique (email)`; _add/_remove are private over RPC, so a
// client blacklists with create / action_unarchive and releases with action_archive.
describe.each(VERSIONS)("Odoo %s mail.blacklist", (version) => {
  it("normalizes addresses, returns the existing row, and refuses its private methods", async () => {
    const odoo = await startOdoo(version);
    const id = await odoo.rpc<number>("mail.blacklist", "create", [{ email: "Ann Lee <Ann.Lee@Example.COM>" }]);
    expect(await odoo.rpc("mail.blacklist", "read", [[id], ["email", "active"]])).toEqual([{ id, email: "ann.lee@example.com", active: true }]);

    // The same address again: the existing row, not a second one nor a unique-constraint error.
    expect(await odoo.rpc<number>("mail.blacklist", "create", [{ email: "ANN.LEE@example.com" }])).toBe(id);
    // Searching compares the normalized address.
    expect(await odoo.rpc("mail.blacklist", "search", [[["email", "=", "Ann.Lee@EXAMPLE.com"]]])).toEqual([id]);

    // Released: archived, still found with active_test=False; blacklisted again: unarchived.
    await odoo.rpc("mail.blacklist", "action_archive", [[id]]);
    expect(await odoo.rpc("mail.blacklist", "search", [[["email", "=", "ann.lee@example.com"]]])).toEqual([]);
    expect(await odoo.rpc("mail.blacklist", "search", [[["email", "=", "ann.lee@example.com"]]], { context: { active_test: false } })).toEqual([id]);
    await odoo.rpc("mail.blacklist", "action_unarchive", [[id]]);
    expect(await odoo.rpc("mail.blacklist", "read", [[id], ["active"]])).toEqual([{ id, active: true }]);

    const invalid = await odoo.rpc("mail.blacklist", "create", [{ email: "not an address" }]).catch((e: unknown) => e);
    expect((invalid as OdooRpcError).pyName).toBe("odoo.exceptions.UserError");
    expect((invalid as OdooRpcError).message).toBe(version === "16.0" ? "Invalid email address 'not an address'" : "Invalid email address “not an address”");

    const privateCall = await odoo.rpc("mail.blacklist", "_add", ["bob@example.com"]).catch((e: unknown) => e);
    expect((privateCall as OdooRpcError).message).toBe(
      version === "19.0" ? "Private methods (such as 'mail.blacklist._add') cannot be called remotely." : "Private methods (such as _add) cannot be called remotely.",
    );
  });

  it("serves a product's currency and a variant's lst_price", async () => {
    const odoo = await startOdoo(version);
    const product = await odoo.storableProduct("PRICE-1");
    const [template] = await odoo.rpc<{ product_tmpl_id: [number, string] }[]>("product.product", "read", [[product], ["product_tmpl_id"]]);
    await odoo.rpc("product.template", "write", [[template!.product_tmpl_id[0]], { list_price: 24.5 }]);
    const [read] = await odoo.rpc<Record<string, unknown>[]>("product.product", "read", [[product], ["lst_price", "currency_id"]]);
    expect(read).toMatchObject({ lst_price: 24.5, currency_id: [2, "USD"] });
  });
});

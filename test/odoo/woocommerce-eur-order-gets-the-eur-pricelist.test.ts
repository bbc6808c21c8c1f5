import { describe, expect, it } from "vitest";
import { attemptDetail, createTenant, odooSearchRead, odooSeed, putRouting, waitForStatus } from "../support/router";
import { addWooSource, postWoo } from "../support/woocommerce";
import order from "../fixtures/woocommerce/order.json";

type SaleOrder = { pricelist_id: [number, string] | false; currency_id: [number, string]; amount_untaxed: number };
const eurOrder = { ...order, currency: "EUR" };

describe("a WooCommerce EUR order (the emulated company currency is USD)", () => {
  it("is written with the active EUR pricelist Odoo has, so the order is in EUR", async () => {
    const t = await createTenant({ odooVersion: "17.0" });
    await addWooSource(t, "EUR");
    const [eurId] = await odooSeed(t, "product.pricelist", [{ name: "Europe", currency_id: 1 }]);
    const event = await waitForStatus(t, await postWoo(t, "order.created", eurOrder), ["delivered", "dead"]);
    expect(event.error).toBeNull();
    const [saved] = await odooSearchRead<SaleOrder>(t, "sale.order", ["pricelist_id", "currency_id", "amount_untaxed"]);
    expect(saved!.pricelist_id && saved!.pricelist_id[0]).toBe(eurId);
    expect(saved!.currency_id[1]).toBe("EUR");
    expect(attemptDetail(event)).toMatchObject({ currency: "EUR", pricelistId: eurId });
  });

  it("gets a EUR pricelist created by the router when the routing says pricelists.create", async () => {
    const t = await createTenant({ odooVersion: "19.0" });
    await addWooSource(t, "EUR");
    await putRouting(t, { pricelists: { create: true } });
    const event = await waitForStatus(t, await postWoo(t, "order.created", eurOrder), ["delivered", "dead"]);
    expect(event.error).toBeNull();
    const pricelists = await odooSearchRead<{ id: number; currency_id: [number, string] }>(t, "product.pricelist", ["currency_id"]);
    const eur = pricelists.filter((p) => p.currency_id[1] === "EUR");
    expect(eur).toHaveLength(1);
    const [saved] = await odooSearchRead<SaleOrder>(t, "sale.order", ["pricelist_id", "currency_id"]);
    expect(saved!.pricelist_id && saved!.pricelist_id[0]).toBe(eur[0]!.id);
    expect(saved!.currency_id[1]).toBe("EUR");
  });
});

import { describe, expect, it } from "vitest";
import { decidePrice, samePrice } from "../../../src/outbound/flows/price";

describe("the price a shop gets for an Odoo sales price", () => {
  it("is Odoo's price in the shop's currency, rounded to the currency's digits", () => {
    expect(decidePrice({ listPrice: 19.9, odooCurrency: "USD", shopCurrency: "USD" })).toEqual({ price: "19.90" });
    expect(decidePrice({ listPrice: 1200.4, odooCurrency: "JPY", shopCurrency: "jpy" })).toEqual({ price: "1200" });
    expect(decidePrice({ listPrice: 0, odooCurrency: "EUR", shopCurrency: "EUR" })).toEqual({ price: "0.00" });
  });

  it("is skipped, with the reason, when the shop sells in another currency than Odoo's company", () => {
    const decision = decidePrice({ listPrice: 19.9, odooCurrency: "USD", shopCurrency: "EUR" });
    expect(decision).toEqual({ skip: "the shop sells in EUR and Odoo's price is in USD: prices are only sent in the same currency" });
  });

  it("is skipped when a currency or the price is unknown, or the price is negative", () => {
    expect(decidePrice({ listPrice: 5, odooCurrency: null, shopCurrency: "USD" })).toEqual({ skip: "Odoo's company currency is unknown" });
    expect(decidePrice({ listPrice: 5, odooCurrency: "USD", shopCurrency: null })).toEqual({ skip: "the shop's currency is unknown" });
    expect(decidePrice({ listPrice: false, odooCurrency: "USD", shopCurrency: "USD" })).toEqual({ skip: "the product has no sales price in Odoo" });
    expect(decidePrice({ listPrice: -1, odooCurrency: "USD", shopCurrency: "USD" })).toEqual({ skip: "the sales price in Odoo is negative (-1)" });
  });

  it("compares prices as amounts, not as text", () => {
    expect(samePrice("19.9", "19.90")).toBe(true);
    expect(samePrice("19.90", "19.91")).toBe(false);
    expect(samePrice("", "0")).toBe(false);
    expect(samePrice(undefined, "0.00")).toBe(false);
  });
});

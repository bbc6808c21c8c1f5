import { expect, it } from "vitest";
import { stripeMoney } from "../../src/providers/stripe";

it("rescales Stripe amounts where Stripe's minor unit differs from ISO 4217's", () => {
  expect(stripeMoney(1099, "usd")).toEqual({ amount: 1099, currency: "USD" });
  expect(stripeMoney(500, "jpy")).toEqual({ amount: 500, currency: "JPY" }); // zero-decimal in both
  expect(stripeMoney(5120, "kwd")).toEqual({ amount: 5120, currency: "KWD" }); // three-decimal in both
  expect(stripeMoney(50000, "isk")).toEqual({ amount: 500, currency: "ISK" }); // Stripe: two-decimal, ISO: zero
  expect(stripeMoney(500, "mga")).toEqual({ amount: 50000, currency: "MGA" }); // Stripe: zero-decimal, ISO: two
  expect(stripeMoney(100, null)).toEqual({ amount: 100, currency: null });
});

import { describe, expect, it } from "vitest";
import { toDecimal, toMinorUnits } from "../../src/events/canonical";

describe("money in minor units", () => {
  it("parses decimal strings exactly, per currency exponent", () => {
    expect(toMinorUnits("19.99", "USD")).toBe(1999);
    expect(toMinorUnits("0.1", "EUR")).toBe(10);
    expect(toMinorUnits("1500", "JPY")).toBe(1500);
    expect(toMinorUnits("1.234", "KWD")).toBe(1234);
    expect(toMinorUnits("-5.5", "USD")).toBe(-550);
    expect(toMinorUnits("2.345", "USD")).toBe(235);
  });

  it("converts back to the decimal Odoo expects", () => {
    expect(toDecimal({ amount: 1999, currency: "USD" })).toBe(19.99);
    expect(toDecimal({ amount: 1500, currency: "JPY" })).toBe(1500);
  });

  it("refuses text that is not a decimal amount", () => {
    expect(() => toMinorUnits("12,50", "EUR")).toThrow();
  });
});

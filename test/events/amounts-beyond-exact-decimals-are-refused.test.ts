import { describe, expect, it } from "vitest";
import { toMinorUnits } from "../../src/events/canonical";
import { minorUnits } from "../../src/providers/required-values";
import { MalformedPayloadError } from "../../src/providers/provider";

describe("amounts: exact decimals in, anything else refused", () => {
  it("reads decimal text and JSON numbers (small ones without exponent notation)", () => {
    expect(toMinorUnits("19.99", "USD")).toBe(1999);
    expect(toMinorUnits(19.99, "USD")).toBe(1999);
    expect(toMinorUnits(1e-7, "USD")).toBe(0);
    expect(toMinorUnits("1000", "JPY")).toBe(1000);
  });

  it("refuses comma decimals, exponent notation, words and amounts beyond 2^53 minor units", () => {
    for (const value of ["12,50", "1e21", "abc", 1e21, Infinity, "99999999999999999", 1e15]) {
      expect(() => toMinorUnits(value, "USD"), String(value)).toThrow(RangeError);
    }
  });

  it("through minorUnits, a refusal is a malformed payload naming the field and quoting the value", () => {
    expect(() => minorUnits("12,50", "EUR", "total_price")).toThrow(MalformedPayloadError);
    expect(() => minorUnits("12,50", "EUR", "total_price")).toThrow('"total_price" is not a decimal amount: "12,50"');
  });
});

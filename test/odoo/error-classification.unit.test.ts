import { describe, expect, it } from "vitest";
import { categoryOfOdooException, parseRetryAfter } from "../../src/odoo/errors";

describe("Odoo error classification", () => {
  it("dead-letters business errors and retries transient ones", () => {
    expect(categoryOfOdooException("odoo.exceptions.ValidationError")).toBe("business");
    expect(categoryOfOdooException("odoo.exceptions.UserError")).toBe("business");
    expect(categoryOfOdooException("odoo.exceptions.AccessError")).toBe("business");
    expect(categoryOfOdooException("builtins.ValueError")).toBe("business");
    expect(categoryOfOdooException("odoo.exceptions.MissingError")).toBe("not_found");
    expect(categoryOfOdooException("odoo.exceptions.AccessDenied")).toBe("auth");
    expect(categoryOfOdooException("psycopg2.errors.SerializationFailure")).toBe("retryable");
    expect(categoryOfOdooException("odoo.exceptions.ConcurrencyError")).toBe("retryable");
    expect(categoryOfOdooException(null)).toBe("retryable");
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    expect(parseRetryAfter("7")).toBe(7);
    expect(parseRetryAfter(new Date(Date.now() + 30_000).toUTCString())).toBeGreaterThanOrEqual(29);
    expect(parseRetryAfter(null)).toBeNull();
  });
});

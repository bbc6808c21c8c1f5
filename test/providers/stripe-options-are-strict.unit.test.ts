import { expect, it } from "vitest";
import { stripe } from "../../src/providers/stripe";

it("Stripe options: toleranceSeconds defaults to 300, 0 is allowed, unknown or invalid options are rejected", () => {
  expect(stripe.optionsSchema.parse({})).toEqual({ toleranceSeconds: 300 });
  expect(stripe.optionsSchema.parse({ toleranceSeconds: 0 })).toEqual({ toleranceSeconds: 0 });
  expect(stripe.optionsSchema.safeParse({ tolerance: 10 }).success).toBe(false);
  expect(stripe.optionsSchema.safeParse({ toleranceSeconds: -1 }).success).toBe(false);
});

import { expect, it } from "vitest";
import { odoo } from "../../../src/providers/odoo";
import { odooSourceOptionsSchema } from "../../../src/odoo/source/options";

const settle = (options: Record<string, unknown>) =>
  odoo.settleMs!({ tenantId: "t", sourceId: "odoo", provider: "odoo", secrets: ["s"], options: odooSourceOptionsSchema.parse(options) });

it("holds callbacks 3 s on Odoo 17/18 (sent before the commit) and an unknown version, 0 on 19+, or the source's settleSeconds", () => {
  expect(settle({ odooVersion: 17 })).toBe(3000);
  expect(settle({ odooVersion: 18 })).toBe(3000);
  expect(settle({})).toBe(3000);
  expect(settle({ odooVersion: 19 })).toBe(0);
  expect(settle({ odooVersion: 19, settleSeconds: 1.5 })).toBe(1500);
  expect(settle({ odooVersion: 17, settleSeconds: 0 })).toBe(0);
  expect(odooSourceOptionsSchema.safeParse({ settleSeconds: 61 }).success).toBe(false);
  expect(odooSourceOptionsSchema.safeParse({ pollSeconds: 30 }).success).toBe(false);
  expect(odooSourceOptionsSchema.safeParse({ unknown: 1 }).success).toBe(false);
});

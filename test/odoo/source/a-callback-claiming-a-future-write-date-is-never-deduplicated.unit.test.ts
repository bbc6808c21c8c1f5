import { expect, it } from "vitest";
import { normalizeCallback } from "../../../src/odoo/source/callback";
import { odooSourceOptionsSchema } from "../../../src/odoo/source/options";
import type { OutboundFlow } from "../../../src/outbound/flow";

const flow = {
  name: "stock",
  watches: () => [{ model: "stock.quant", triggerFields: ["quantity"], fields: ["product_id"], domain: [], entityOf: (r: Record<string, unknown>) => String(r.product_id) }],
  send: async () => ({ writes: [], odoo: null }),
} as unknown as OutboundFlow;
const options = odooSourceOptionsSchema.parse({ odooVersion: 18, rules: [{ flow: "stock", model: "stock.quant", ruleId: 1, actionId: 9 }] });
const body = (writeDate: string) =>
  new TextEncoder().encode(`{"_action": "r(#9)", "_id": 41, "_model": "stock.quant", "id": 41, "product_id": 7, "write_date": "${writeDate}"}`);
const deliveryIdOf = (writeDate: string, receivedAt: number) => {
  const normalized = normalizeCallback(body(writeDate), options, receivedAt, () => flow);
  if (normalized.outcome !== "events") throw new Error(normalized.reason);
  return normalized.events[0]!.deliveryId;
};

it("a write_date ahead of the router's clock (a forged body claiming a later change's key) gets a key of its own, so it cannot make that change a duplicate", () => {
  const now = Date.parse("2026-12-07T10:20:30Z");
  expect(deliveryIdOf("2026-12-07 10:20:30.5", now)).toBe("odoo:stock.quant:41:2026-12-07 10:20:30");
  // Odoo's clock a little ahead is still Odoo's.
  expect(deliveryIdOf("2026-12-07 10:20:59", now)).toBe("odoo:stock.quant:41:2026-12-07 10:20:59");
  expect(deliveryIdOf("2026-12-07 11:00:00", now)).toBe(`odoo:stock.quant:41:action9:${now}`);
});

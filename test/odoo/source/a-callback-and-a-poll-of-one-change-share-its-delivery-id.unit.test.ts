import { expect, it } from "vitest";
import { normalizeCallback } from "../../../src/odoo/source/callback";
import { changeEvent } from "../../../src/odoo/source/change-event";
import { odooSourceOptionsSchema } from "../../../src/odoo/source/options";
import type { OutboundFlow } from "../../../src/outbound/flow";

const flow = {
  name: "stock",
  watches: () => [{ model: "stock.quant", triggerFields: ["quantity"], fields: ["product_id", "quantity"], domain: [], entityOf: (r: Record<string, unknown>) => String(r.product_id) }],
  send: async () => ({ writes: [], odoo: null }),
} as unknown as OutboundFlow;

it("a callback's write_date with microseconds (Python's str(datetime)) and the poll's JSON-RPC second give one delivery id", () => {
  const options = odooSourceOptionsSchema.parse({ odooVersion: 18, rules: [{ flow: "stock", model: "stock.quant", ruleId: 1, actionId: 9 }] });
  // As json.dumps(sort_keys=True, default=str) sends it.
  const body = '{"_action": "Odoo router: stock stock.quant [odoo](#9)", "_id": 41, "_model": "stock.quant", "id": 41, "product_id": 7, "quantity": 5.0, "write_date": "2026-12-07 10:20:30.123456"}';
  const receivedAt = Date.parse("2026-12-07T10:20:31Z");
  const normalized = normalizeCallback(new TextEncoder().encode(body), options, receivedAt, () => flow);
  if (normalized.outcome !== "events") throw new Error(normalized.reason);
  const polled = changeEvent({ flow: "stock", model: "stock.quant", id: 41, entity: "7", writeDate: "2026-12-07 10:20:30", via: "poll", receivedAt: receivedAt + 60_000, fallbackKey: "poll" });
  expect(normalized.events[0]!.deliveryId).toBe("odoo:stock.quant:41:2026-12-07 10:20:30");
  expect(polled.deliveryId).toBe(normalized.events[0]!.deliveryId);
  expect(normalized.events[0]!.event).toMatchObject({ kind: "stock", externalId: "7", version: receivedAt });
  expect(polled.event).toMatchObject({ kind: "stock", externalId: "7", version: receivedAt + 60_000 });
});

/**
 * Odoo calls per flow with warm caches (schemas, reference ids, the uid), counted from the
 * emulator's call log: every HTTP call the router made to Odoo for one event. The issue's
 * budgets: order create ≤ 5, order update ≤ 3, customer update ≤ 2, payment ≤ 6, refund ≤ 6.
 * A first attempt searches for nothing only an earlier attempt could have made (payments and
 * credit notes by their memo/marker): the lost-answer and replay tests guard the retries.
 * The table is printed (CALLS lines) so the README's benchmark figures can be read off a run.
 */
import { describe, expect, it } from "vitest";
import { createTenant } from "../support/router";
import { callsPerFlow, describeCalls } from "../support/odoo-calls-per-flow";

const BUDGETS: Record<string, number> = {
  "order create (new customer, known products, paid)": 5,
  "order create (known customer, 3 products in Odoo not mapped yet, paid)": 4,
  "order update": 3,
  "customer update": 2,
  "payment (invoices its order)": 6,
  "refund (whole)": 6,
};

describe.each([
  { odooVersion: "16.0", protocol: "jsonrpc" as const },
  { odooVersion: "17.0", protocol: "jsonrpc" as const },
  { odooVersion: "18.0", protocol: "jsonrpc" as const },
  { odooVersion: "19.0", protocol: "json2" as const },
])("Odoo $odooVersion over $protocol", ({ odooVersion, protocol }) => {
  it("each flow with warm caches makes at most its budget of Odoo calls", async () => {
    const t = await createTenant({ odooVersion, protocol });
    const perFlow = await callsPerFlow(t);
    for (const [flow, calls] of Object.entries(perFlow)) console.log(`CALLS ${odooVersion} ${flow}: ${calls.length} [${describeCalls(calls)}]`);
    for (const [flow, budget] of Object.entries(BUDGETS)) {
      expect(perFlow[flow]!.length, `${flow}: ${describeCalls(perFlow[flow]!)}`).toBeLessThanOrEqual(budget);
    }
  }, 120_000);
});

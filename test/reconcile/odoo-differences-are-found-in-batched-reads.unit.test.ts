import { expect, it } from "vitest";
import type { OdooClient } from "../../src/odoo/client";
import { compareWithOdoo, type ListedValues } from "../../src/reconcile/compare";

/** An Odoo holding sale orders 1..n; records every call. */
function odooWith(rows: Record<number, Record<string, unknown>>) {
  const calls: { model: string; method: string; ids: number[] }[] = [];
  const client: OdooClient = {
    calls: 0,
    async call<T>(model: string, method: string, args: unknown[]) {
      const ids = ((args[0] as unknown[][])[0]![2] as number[]).slice();
      calls.push({ model, method, ids });
      return ids.filter((id) => rows[id]).map((id) => ({ id, ...rows[id] })) as T;
    },
    probe: async () => ({ uid: 2, serverVersion: "19.0" }),
    serverVersion: async () => "19.0",
  };
  return { client, calls };
}

const order = (externalId: string, amount: number, state: string | null = null): ListedValues => ({
  kind: "order",
  externalId,
  label: `#${externalId}`,
  amount: { amount, currency: "USD" },
  state,
});

it("finds missing, amount and state differences with both values, reading Odoo in chunks of ids", async () => {
  const { client, calls } = odooWith({
    1: { name: "S1", amount_total: 10.0, state: "draft" },
    2: { name: "S2", amount_total: 12.0, state: "draft" },
    3: { name: "S3", amount_total: 30.000000001, state: "sale" },
    // 4 is mapped but gone from Odoo
  });
  const mapped = new Map([
    ["a", { model: "sale.order", id: 1 }],
    ["b", { model: "sale.order", id: 2 }],
    ["c", { model: "sale.order", id: 3 }],
    ["d", { model: "sale.order", id: 4 }],
  ]);
  const records = [order("a", 1000), order("b", 1000), order("c", 3000, "cancelled"), order("d", 500), order("e", 700)];
  const { found, odooCalls } = await compareWithOdoo(client, records, () => mapped, 2);
  expect(found.map((f) => [f.externalId, f.type]).sort()).toEqual([
    ["b", "amount_differs"],
    ["c", "state_differs"],
    ["d", "missing_in_odoo"],
    ["e", "missing_in_odoo"],
  ]);
  expect(found.find((f) => f.externalId === "b")).toMatchObject({ providerValue: { amount: 10, currency: "USD" }, odooValue: { amount: 12 }, odoo: { model: "sale.order", id: 2 } });
  expect(found.find((f) => f.externalId === "c")).toMatchObject({ providerValue: { state: "cancelled" }, odooValue: { state: "sale" } });
  // Two search_read calls of at most 2 ids for the 4 mapped records; nothing for the unmapped one.
  expect(odooCalls).toBe(2);
  expect(calls.map((c) => [c.model, c.method, c.ids.length])).toEqual([
    ["sale.order", "search_read", 2],
    ["sale.order", "search_read", 2],
  ]);
});

/**
 * Mappings are WITHOUT ROWID and only the kinds the way back looks up by Odoo record have an entry
 * in mappings_by_odoo_record (migrations/0016): a new payment mapping is one written row, a new
 * customer mapping two (its row and that entry), and the way back still finds the customer
 * through the index.
 */
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { MappingStore } from "../../src/db/mappings";
import { queryPlan, recordingD1 } from "../support/query-plans";
import { uniqueId } from "../support/shopify";

/** A D1 database whose statements add the rows they wrote to `written.rows`. */
function countingD1(d1: D1Database, written: { rows: number }): D1Database {
  const counted = (statement: D1PreparedStatement): D1PreparedStatement =>
    new Proxy(statement, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target) as unknown;
        if (typeof value !== "function") return value;
        if (prop === "bind") return (...params: unknown[]) => counted(target.bind(...params));
        if (prop === "run" || prop === "all") {
          return async () => {
            const result = (await (value as () => Promise<D1Result>).call(target)) as D1Result;
            written.rows += result.meta.rows_written;
            return result;
          };
        }
        return (value as (...a: unknown[]) => unknown).bind(target);
      },
    });
  return new Proxy(d1, {
    get(target, prop) {
      if (prop === "prepare") return (query: string) => counted(target.prepare(query));
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

it("a new payment mapping is one written row, a customer's two, and the way back reads the customer on its index", async () => {
  const tenant = uniqueId("t-maprows");
  const written = { rows: 0 };
  const store = new MappingStore(countingD1(env.DB, written), tenant, "shop");

  await store.put("payment", "p-1", { model: "account.payment", id: 5 });
  expect(written.rows).toBe(1);
  written.rows = 0;
  await store.put("customer", "c-1", { model: "res.partner", id: 7 });
  expect(written.rows).toBe(2);

  const seen: string[] = [];
  const reader = new MappingStore(recordingD1(env.DB, seen), tenant, "shop");
  expect(await reader.externalIdOf("customer", { model: "res.partner", id: 7 })).toBe("c-1");
  expect(await queryPlan(env.DB, seen.at(-1)!)).toContain("USING INDEX mappings_by_odoo_record");
});

/**
 * KnownMappings (src/odoo/writers/known-mappings.ts) answers the mappings an order read up front
 * (hits and misses alike) without a query, remembers what the write puts, and asks the store for
 * any key it was not given: a record outside the order's own list is read as fresh as before.
 */
import { expect, it } from "vitest";
import { mappingKey, type MappingRef } from "../../src/db/mappings";
import { KnownMappings } from "../../src/odoo/writers/known-mappings";
import type { Mappings } from "../../src/odoo/writers/context";

function recordingStore(rows: Record<string, MappingRef>) {
  const asked: string[] = [];
  const store: Mappings = {
    get: async (kind, externalId) => (asked.push(`get ${kind}/${externalId}`), rows[`${kind}/${externalId}`] ?? null),
    getMany: async (keys) => {
      asked.push(`getMany ${keys.map((k) => `${k.kind}/${k.externalId}`).join(",")}`);
      return new Map(keys.flatMap((k) => (rows[`${k.kind}/${k.externalId}`] ? [[mappingKey(k), rows[`${k.kind}/${k.externalId}`]!]] : [])));
    },
    put: async (kind, externalId, ref) => {
      asked.push(`put ${kind}/${externalId}`);
      rows[`${kind}/${externalId}`] = ref;
    },
    externalIdOf: async () => null,
  };
  return { store, asked };
}

it("keys read up front cost no query, a put is remembered, other keys are read from the store", async () => {
  const customer = { model: "res.partner", id: 7 };
  const { store, asked } = recordingStore({ "customer/1": customer, "variant/9": { model: "product.product", id: 90 } });
  const keys = [
    { kind: "customer", externalId: "1" },
    { kind: "order", externalId: "5" },
  ];
  const known = new KnownMappings(store, keys, new Map([[mappingKey(keys[0]!), customer]]));

  expect(await known.get("customer", "1")).toEqual(customer);
  expect(await known.get("order", "5")).toBeNull();
  expect(asked).toEqual([]);

  await known.put("order", "5", { model: "sale.order", id: 50 });
  expect(await known.get("order", "5")).toEqual({ model: "sale.order", id: 50 });
  expect(asked).toEqual(["put order/5"]);

  // Not named up front: asked of the store, alone.
  expect(await known.get("variant", "9")).toEqual({ model: "product.product", id: 90 });
  const many = await known.getMany([keys[0]!, { kind: "variant", externalId: "9" }, { kind: "address", externalId: "x" }]);
  expect([...many.keys()].sort()).toEqual([mappingKey(keys[0]!), mappingKey({ kind: "variant", externalId: "9" })].sort());
  expect(asked).toEqual(["put order/5", "get variant/9", "getMany variant/9,address/x"]);
});

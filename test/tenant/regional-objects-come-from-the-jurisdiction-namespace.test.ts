import { expect, it } from "vitest";
import type { Env } from "../../src/env";
import { entityNamespace, gateNamespace, recordLockNamespace } from "../../src/tenant/region";

/** A binding that records which jurisdiction it was asked for, as the deployed runtime's would answer. */
function recordingNamespace(asked: string[]) {
  const base = { jurisdiction: (j: string) => (asked.push(j), { ...base, placedIn: j }), placedIn: null as string | null };
  return base;
}

it("a region's objects are taken from namespace.jurisdiction(region), a tenant without one from the binding itself", () => {
  const asked: string[] = [];
  const production = { ENTITY: recordingNamespace(asked), ODOO_GATE: recordingNamespace(asked), RECORD_LOCKS: recordingNamespace(asked) } as unknown as Env;

  expect(entityNamespace(production, "eu")).toMatchObject({ placedIn: "eu" });
  expect(gateNamespace(production, "eu")).toMatchObject({ placedIn: "eu" });
  expect(entityNamespace(production, "fedramp")).toMatchObject({ placedIn: "fedramp" });
  expect(gateNamespace(production, "fedramp")).toMatchObject({ placedIn: "fedramp" });
  expect(recordLockNamespace(production, "eu")).toMatchObject({ placedIn: "eu" });
  expect(entityNamespace(production, null)).toBe(production.ENTITY);
  expect(gateNamespace(production, undefined)).toBe(production.ODOO_GATE);
  expect(recordLockNamespace(production, null)).toBe(production.RECORD_LOCKS);
  expect(asked).toEqual(["eu", "eu", "fedramp", "fedramp", "eu"]);
});

/**
 * A write Odoo refuses for a cached reference id that is gone runs again with the tenant's cache
 * emptied; the first run may have created records before the refusal, so the rerun is an earlier
 * attempt's successor (`earlierAttempt`) and searches for them instead of creating them twice.
 */
import { expect, it } from "vitest";
import type { OdooConnection } from "../../src/odoo/client";
import { OdooError } from "../../src/odoo/errors";
import { referenceCacheFor, withFreshReferences } from "../../src/odoo/reference-cache";
import type { WriteContext, WriteResult } from "../../src/odoo/writers/context";

const connection: OdooConnection = { url: "https://rerun.example.test", database: "rerun", login: "api", apiKey: "k", protocol: "jsonrpc" };

it("a rerun after a gone reference id gets an emptied cache and is marked as an earlier attempt's successor", async () => {
  const lookups = referenceCacheFor(connection);
  lookups.set("res.country\u0000[[\"code\",\"=\",\"US\"]]", 233);
  const ctx = { lookups, earlierAttempt: false } as unknown as WriteContext;
  const runs: { earlierAttempt: boolean; cached: number }[] = [];
  const result = await withFreshReferences(ctx, async (run): Promise<WriteResult> => {
    runs.push({ earlierAttempt: run.earlierAttempt, cached: run.lookups.size });
    if (runs.length === 1) {
      throw new OdooError("not_found", "Record does not exist or has been deleted.\n(Record: res.country(233,), User: 2)", "odoo.exceptions.MissingError");
    }
    return { odoo: { model: "res.partner", id: 7 }, detail: {} };
  });
  expect(result.odoo.id).toBe(7);
  expect(runs).toEqual([{ earlierAttempt: false, cached: 1 }, { earlierAttempt: true, cached: 0 }]);
  // The cache emptied is the tenant database's own: the next write looks the id up again.
  expect(referenceCacheFor(connection).size).toBe(0);
});

it("any other refusal is not rerun", async () => {
  const lookups = referenceCacheFor({ ...connection, database: "other" });
  lookups.set("res.currency\u0000x", 2);
  const ctx = { lookups, earlierAttempt: false } as unknown as WriteContext;
  let runs = 0;
  const refused = withFreshReferences(ctx, async () => {
    runs++;
    throw new OdooError("business", "You can't register a payment because there is nothing left to pay", "odoo.exceptions.UserError");
  });
  await expect(refused).rejects.toThrow(/nothing left to pay/);
  expect(runs).toBe(1);
  expect(lookups.size).toBe(1);
});

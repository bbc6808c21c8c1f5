import { expect, it } from "vitest";
import { createTenant } from "../support/router";
import { addWooApiSource, reconcile } from "../support/reconcile";
import product from "../fixtures/woocommerce/product-simple.json";

it("a listed product is not an exception (the writers map products per variant, not per product)", async () => {
  const t = await createTenant();
  const shop = await addWooApiSource(t);
  const modified = new Date(Date.now() - 600_000).toISOString().slice(0, 19);
  await fetch(`${shop}/__fake/seed`, { method: "POST", body: JSON.stringify({ products: [{ ...product, id: 901, date_modified_gmt: modified }] }) });
  const job = await reconcile(t, { dryRun: true });
  expect(job).toMatchObject({ state: "done", error: null, counts: { listed: 1, exceptions: 0 } });
  expect(job.exceptions.items).toEqual([]);
});

import { expect, it } from "vitest";
import { createTenant, injectOdooFaults, odooCalls, odooRecords, postShopify, waitForStatus } from "../support/router";
import { shopifyCustomer } from "../support/shopify";

it("a burst of updates to one entity ends in the newest version, written one at a time, older waiting ones superseded", async () => {
  const t = await createTenant();
  // The first write is held in Odoo for a moment, so the rest of the burst arrives while it is in flight.
  await injectOdooFaults(t, [{ kind: "slow", model: "res.partner", method: "create", delayMs: 1500, times: 1 }]);
  const ids: string[] = [];
  for (let i = 1; i <= 6; i++) {
    const response = await postShopify(
      t,
      "customers/update",
      shopifyCustomer({ first_name: `V${i}`, updated_at: `2026-11-10T00:00:0${i}Z` }),
    );
    ids.push(((await response.json()) as { eventId: string }).eventId);
  }
  const last = await waitForStatus(t, ids.at(-1)!, ["delivered"]);
  expect(last.status).toBe("delivered");
  const statuses = await Promise.all(ids.map(async (id) => (await waitForStatus(t, id, ["delivered", "superseded"])).status));
  // The first is in flight when the others arrive; of those, only the newest is written.
  expect(statuses[0]).toBe("delivered");
  expect(statuses.slice(1, -1).every((s) => s === "superseded")).toBe(true);

  const partners = await odooRecords<{ name: string }>(t, "res.partner");
  expect(partners.map((p) => p.name)).toEqual(["V6 Doe"]);
  const writes = (await odooCalls(t)).filter((c) => c.model === "res.partner" && (c.method === "create" || c.method === "write"));
  expect(writes.length).toBeLessThanOrEqual(2);
});

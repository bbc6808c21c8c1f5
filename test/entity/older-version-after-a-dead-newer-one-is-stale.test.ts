import { expect, it } from "vitest";
import { createTenant, injectOdooFaults, odooRecords, postShopify, waitForStatus } from "../support/router";
import { shopifyCustomer } from "../support/shopify";

it("a late older version arriving after a newer one went dead is stale: Odoo never moves backwards", async () => {
  const t = await createTenant();
  await injectOdooFaults(t, [{ kind: "validation", model: "res.partner", method: "create", times: 1, message: "Invalid phone" }]);
  const newer = (await (
    await postShopify(t, "customers/update", shopifyCustomer({ first_name: "Newer", updated_at: "2026-11-10T00:00:00Z" }))
  ).json()) as { eventId: string };
  expect((await waitForStatus(t, newer.eventId, ["dead", "delivered"])).status).toBe("dead");

  const older = (await (
    await postShopify(t, "customers/update", shopifyCustomer({ first_name: "Older", updated_at: "2026-11-05T00:00:00Z" }))
  ).json()) as { eventId: string };
  expect((await waitForStatus(t, older.eventId, ["stale", "delivered", "dead"])).status).toBe("stale");
  expect(await odooRecords(t, "res.partner")).toHaveLength(0);
});

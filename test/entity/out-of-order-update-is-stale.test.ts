import { expect, it } from "vitest";
import { createTenant, odooRecords, postShopify, waitForStatus } from "../support/router";
import { shopifyCustomer } from "../support/shopify";

it("an update older than the one applied is marked stale and never written to Odoo", async () => {
  const t = await createTenant();
  const newer = (await (
    await postShopify(t, "customers/update", shopifyCustomer({ first_name: "Newer", updated_at: "2026-11-10T00:00:00Z" }))
  ).json()) as { eventId: string };
  await waitForStatus(t, newer.eventId, ["delivered"]);

  const olderResponse = await postShopify(t, "customers/update", shopifyCustomer({ first_name: "Older", updated_at: "2026-11-05T00:00:00Z" }));
  expect(olderResponse.status).toBe(202);
  const older = (await olderResponse.json()) as { eventId: string };
  const event = await waitForStatus(t, older.eventId, ["stale"]);
  expect(event.reason).toContain("not newer");
  expect(event.attempts).toBe(0);

  const partners = await odooRecords<{ name: string }>(t, "res.partner");
  expect(partners.map((p) => p.name)).toEqual(["Newer Doe"]);
});

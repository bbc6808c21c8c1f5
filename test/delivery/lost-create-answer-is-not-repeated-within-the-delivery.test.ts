import { expect, it } from "vitest";
import { createTenant, injectOdooFaults, odooCalls, odooRecords, postShopify, waitForStatus } from "../support/router";
import { shopifyCustomer } from "../support/shopify";

it("a create whose answer was lost after Odoo committed is not sent again within the delivery, and the record exists once", async () => {
  const t = await createTenant();
  await injectOdooFaults(t, [{ kind: "lost_response", model: "res.partner", method: "create", times: 1 }]);
  const { eventId } = (await (await postShopify(t, "customers/create", shopifyCustomer())).json()) as { eventId: string };

  const event = await waitForStatus(t, eventId, ["delivered", "dead"], 20_000);
  expect(event.status).toBe("delivered");
  // The queue re-ran the whole write (its second attempt), which found the committed record.
  expect(event.attempts).toBe(2);
  const creates = (await odooCalls(t)).filter((c) => c.model === "res.partner" && c.method === "create");
  expect(creates.map((c) => c.outcome)).toEqual(["fault"]);
  const partners = await odooRecords<{ id: number }>(t, "res.partner");
  expect(partners).toHaveLength(1);
  expect(event.odoo).toMatchObject({ model: "res.partner", id: partners[0]!.id });
});

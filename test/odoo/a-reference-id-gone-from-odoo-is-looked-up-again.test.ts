import { expect, it } from "vitest";
import { createTenant, odooExecute, odooSearchRead, postShopify, waitForStatus } from "../support/router";
import { shopifyCustomer } from "../support/shopify";

it("a country id the router cached, deleted and re-created in Odoo, is looked up again instead of dead-lettering the write", async () => {
  const t = await createTenant();
  const first = (await (await postShopify(t, "customers/create", shopifyCustomer())).json()) as { eventId: string };
  expect((await waitForStatus(t, first.eventId, ["delivered", "dead"])).status).toBe("delivered");
  const [partner] = await odooSearchRead<{ id: number; country_id: [number, string] }>(t, "res.partner", ["country_id"]);
  const oldFrance = partner!.country_id[0];

  // The operator re-creates France (a restored or merged database): the cached id is gone.
  await odooExecute(t, "res.partner", "unlink", [[partner!.id]]);
  await odooExecute(t, "res.country", "unlink", [[oldFrance]]);
  const newFrance = await odooExecute<number>(t, "res.country", "create", [{ name: "France", code: "FR" }]);
  expect(newFrance).not.toBe(oldFrance);

  const second = (await (await postShopify(t, "customers/create", shopifyCustomer({ id: 7706405506999, email: "ann.doe@example.test" }))).json()) as {
    eventId: string;
  };
  const event = await waitForStatus(t, second.eventId, ["delivered", "dead"]);
  expect(event.status, JSON.stringify(event.error)).toBe("delivered");
  const partners = await odooSearchRead<{ email: string; country_id: [number, string] | false }>(t, "res.partner", ["email", "country_id"]);
  expect(partners.map((p) => [p.email, p.country_id && p.country_id[0]])).toEqual([["ann.doe@example.test", newFrance]]);
});

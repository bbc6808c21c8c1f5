import { expect, it } from "vitest";
import {
  attemptDetail,
  changeOdooField,
  createTenant,
  odooCalls,
  odooSearchRead,
  postShopify,
  putRouting,
  waitForStatus,
} from "../support/router";
import { shopifyCustomer } from "../support/shopify";

const deliver = async (t: Awaited<ReturnType<typeof createTenant>>, id: number) => {
  const { eventId } = (await (await postShopify(t, "customers/create", shopifyCustomer({ id, email: `c${id}@example.test` }))).json()) as {
    eventId: string;
  };
  return waitForStatus(t, eventId, ["delivered", "dead"]);
};

for (const protocol of ["jsonrpc", "json2"] as const) {
  it(`a field removed from Odoo after its schema was cached: the 'Invalid field' answer refreshes the schema and the write is retried once (${protocol})`, async () => {
    const t = await createTenant({ odooVersion: "19.0", protocol });
    expect((await deliver(t, 1)).status).toBe("delivered"); // caches res.partner with company_name
    await changeOdooField(t, { model: "res.partner", field: "company_name", remove: true });

    const event = await deliver(t, 2);
    expect(event.error).toBeNull();
    expect(event.status).toBe("delivered");
    expect(attemptDetail(event).droppedFields).toEqual(["res.partner.company_name"]);
    const calls = (await odooCalls(t)) as { model?: string; method: string; outcome: string; error?: string }[];
    const partnerCalls = calls.filter((c) => c.model === "res.partner" && ["create", "fields_get"].includes(c.method));
    // create, then (second customer) create refused -> fields_get again -> create without the field
    expect(partnerCalls.map((c) => `${c.method}:${c.outcome}`).slice(-3)).toEqual(["create:error", "fields_get:ok", "create:ok"]);
    expect(partnerCalls.at(-3)?.error).toBe("builtins.ValueError");
  });
}

it("a mapped field created in Odoo after the schema was cached is written at once (the schema is read again before refusing)", async () => {
  const t = await createTenant({ odooVersion: "18.0" });
  await putRouting(t, { fields: { customer: [{ from: "data.email", to: "x_loyalty_email" }] } });
  expect((await deliver(t, 3)).status).toBe("dead");
  await changeOdooField(t, { model: "res.partner", field: "x_loyalty_email", type: "char" });

  expect((await deliver(t, 4)).status).toBe("delivered");
  const partners = await odooSearchRead<{ ref: string; x_loyalty_email: string }>(t, "res.partner", ["ref", "x_loyalty_email"]);
  expect(partners).toEqual([expect.objectContaining({ ref: "shop:4", x_loyalty_email: "c4@example.test" })]);
});

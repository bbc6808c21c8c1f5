import { expect, it } from "vitest";
import { createTenant, odooSearchRead, postShopify, putRouting, waitForStatus } from "../support/router";
import { shopifyCustomer } from "../support/shopify";
import { odooUserWrite } from "../support/odoo-user";

const deliver = async (t: Awaited<ReturnType<typeof createTenant>>, topic: string, body: unknown) => {
  const { eventId } = (await (await postShopify(t, topic, body)).json()) as { eventId: string };
  expect((await waitForStatus(t, eventId, ["delivered", "dead"])).status).toBe("delivered");
};

it("a field Odoo owns is set on create, then kept as Odoo's users changed it when the provider updates the record", async () => {
  const t = await createTenant();
  await putRouting(t, { ownership: { "res.partner": { phone: "odoo" } } });
  await deliver(t, "customers/create", shopifyCustomer({ phone: "+33111111111" }));
  const [created] = await odooSearchRead<{ id: number; phone: string }>(t, "res.partner", ["phone"]);
  expect(created!.phone).toBe("+33111111111");

  await odooUserWrite(t, "res.partner", [created!.id], { phone: "+33999999999" });
  await deliver(t, "customers/update", shopifyCustomer({ phone: "+33222222222", last_name: "Doe-Smith", updated_at: "2026-11-02T12:00:00Z" }));

  const [updated] = await odooSearchRead<{ name: string; phone: string }>(t, "res.partner", ["name", "phone"]);
  expect(updated).toMatchObject({ name: "Bob Doe-Smith", phone: "+33999999999" });
});

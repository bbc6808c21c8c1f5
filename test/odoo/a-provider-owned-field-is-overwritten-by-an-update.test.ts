import { expect, it } from "vitest";
import { createTenant, odooSearchRead, postShopify, putRouting, waitForStatus } from "../support/router";
import { shopifyCustomer } from "../support/shopify";
import { odooUserWrite } from "../support/odoo-user";

const deliver = async (t: Awaited<ReturnType<typeof createTenant>>, topic: string, body: unknown) => {
  const { eventId } = (await (await postShopify(t, topic, body)).json()) as { eventId: string };
  expect((await waitForStatus(t, eventId, ["delivered", "dead"])).status).toBe("delivered");
};

it("a field the provider owns is overwritten by the provider's update, whatever Odoo's users changed, beside a field Odoo owns", async () => {
  const t = await createTenant();
  await putRouting(t, { ownership: { "res.partner": { phone: "provider", city: "odoo" } } });
  await deliver(t, "customers/create", shopifyCustomer({ phone: "+33111111111" }));
  const [created] = await odooSearchRead<{ id: number }>(t, "res.partner", ["id"]);
  await odooUserWrite(t, "res.partner", [created!.id], { phone: "+33999999999", city: "Lyon" });

  await deliver(t, "customers/update", shopifyCustomer({ phone: "+33222222222", updated_at: "2026-11-02T12:00:00Z" }));
  const [updated] = await odooSearchRead<{ phone: string; city: string }>(t, "res.partner", ["phone", "city"]);
  expect(updated).toMatchObject({ phone: "+33222222222", city: "Lyon" });
});

import { expect, it } from "vitest";
import { createTenant, injectOdooFaults, postShopify, waitForStatus } from "../support/router";
import { shopifyCustomer } from "../support/shopify";

it("an Odoo ValidationError is not retried: the event is dead with Odoo's message", async () => {
  const t = await createTenant();
  await injectOdooFaults(t, [
    { kind: "validation", model: "res.partner", method: "create", times: 1, message: "The VAT number [XX123] does not seem to be valid." },
  ]);
  const { eventId } = (await (await postShopify(t, "customers/create", shopifyCustomer())).json()) as { eventId: string };

  const event = await waitForStatus(t, eventId, ["dead", "delivered"]);
  expect(event.status).toBe("dead");
  expect(event.attempts).toBe(1);
  expect(event.error).toEqual({
    category: "business",
    name: "odoo.exceptions.ValidationError",
    message: expect.stringContaining("does not seem to be valid"),
  });
  expect(event.timeline?.at(-1)?.step).toBe("dead");
});

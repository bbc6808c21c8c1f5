import { expect, it } from "vitest";
import { createTenant, odooRecords, waitForStatus } from "../support/router";
import { postWebhook, putSource } from "../support/sources";
import { stripeSignatureHeader } from "../support/signing";
import customerCreated from "../fixtures/stripe/customer.created.json?raw";
import customerUpdated from "../fixtures/stripe/customer.updated.json?raw";
import paymentSucceeded from "../fixtures/stripe/payment_intent.succeeded.json?raw";

const SECRET = "whsec_e2e_4b1d9c0e7f3a2b6c";

async function post(t: Awaited<ReturnType<typeof createTenant>>, body: string, secret = SECRET) {
  const header = await stripeSignatureHeader(body, secret, Math.floor(Date.now() / 1000));
  return postWebhook(t, "stripe", body, { "stripe-signature": header, "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)" });
}

it("Stripe through the router: customer events reach Odoo in order (same second), redelivery is a duplicate, payments are acknowledged as ignored", async () => {
  const t = await createTenant();
  expect((await putSource(t, "stripe", { provider: "stripe", secrets: [SECRET] })).status).toBe(201);

  const created = await post(t, customerCreated);
  expect(created.status).toBe(202);
  const { eventId } = (await created.json()) as { eventId: string };
  expect((await waitForStatus(t, eventId, ["delivered", "dead"])).status).toBe("delivered");

  // customer.updated carries the same `created` second as customer.created: still newer.
  const updated = await post(t, customerUpdated);
  expect(updated.status).toBe(202);
  const second = (await updated.json()) as { eventId: string };
  expect((await waitForStatus(t, second.eventId, ["delivered", "dead", "stale"])).status).toBe("delivered");
  expect(await odooRecords(t, "res.partner")).toEqual([
    expect.objectContaining({ name: "Jenny Rosen", email: "jenny.rosen@example.test", phone: "+15555550199", ref: "stripe:cus_QXg1o8vcGmoR32" }),
  ]);

  const again = await post(t, customerCreated);
  expect(again.status).toBe(200);
  expect(await again.json()).toEqual({ status: "duplicate", eventId });

  const payment = await post(t, paymentSucceeded);
  expect(payment.status).toBe(200);
  expect(await payment.json()).toEqual({ status: "ignored", reason: expect.stringContaining("payment") });

  expect((await post(t, customerCreated, "whsec_forged")).status).toBe(401);
});

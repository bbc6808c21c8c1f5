import { expect, it } from "vitest";
import { createTenant, odooRecords, odooSearchRead, waitForStatus } from "../support/router";
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

it("Stripe through the router: customer events reach Odoo in order (same second), redelivery is a duplicate, a payment without invoice is recorded on the customer's account", async () => {
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
  expect(payment.status).toBe(202);
  const paymentEvent = await waitForStatus(t, ((await payment.json()) as { eventId: string }).eventId, ["delivered", "dead"]);
  expect(paymentEvent.status).toBe("delivered");
  const [received] = await odooSearchRead<{ memo: string; amount: number; state: string; payment_type: string; partner_id: [number, string] }>(
    t,
    "account.payment",
    ["memo", "amount", "state", "payment_type", "partner_id"],
  );
  expect(received).toMatchObject({ memo: "stripe:pi_1PgafyB7WZ01zgkWSjxsAJo3", amount: 10.99, state: "in_process", payment_type: "inbound" });
  expect(received!.partner_id[1]).toBe("Jenny Rosen");

  expect((await post(t, customerCreated, "whsec_forged")).status).toBe(401);
});

import { expect, it } from "vitest";
import { call, createTenant, getEvent, odooRecords } from "../support/router";
import { putSource } from "../support/sources";
import { squareSignature } from "../support/signing";
import customerCreated from "../fixtures/square/customer-created.json";
import paymentUpdated from "../fixtures/square/payment-updated.json";

const NOTIFICATION_URL = "https://hooks.example.test/square/acme";

it("through the router: a Square customer is written (202), redelivered as duplicate (200), a completed payment accepted (202)", async () => {
  const t = await createTenant();
  expect((await putSource(t, "square", { provider: "square", secrets: ["sq-key"], options: { publicUrl: NOTIFICATION_URL } })).status).toBe(201);
  const post = async (payload: unknown, url = NOTIFICATION_URL) => {
    const body = JSON.stringify(payload);
    return call(`/webhooks/${t.tenant}/square`, {
      method: "POST",
      body,
      headers: { "content-type": "application/json", "x-square-hmacsha256-signature": await squareSignature(url, body, "sq-key"), "square-retry-number": "0" },
    });
  };

  const first = await post(customerCreated);
  expect(first.status).toBe(202);
  const { eventId } = (await first.json()) as { eventId: string };
  await expect.poll(async () => (await getEvent(t, eventId))?.status, { timeout: 15_000 }).toBe("delivered");
  expect(await odooRecords(t, "res.partner")).toContainEqual(expect.objectContaining({ name: "Jenkins Smorly", email: "jenkins.smorly@example.test" }));

  const retry = await post(customerCreated); // Square retries keep the event_id
  expect(retry.status).toBe(200);
  expect(await retry.json()).toEqual({ status: "duplicate", eventId });

  const payment = await post(paymentUpdated);
  expect(payment.status).toBe(202);
  expect(await payment.json()).toMatchObject({ status: "accepted" });

  // Signed for the URL the Worker sees rather than the registered notification URL.
  expect((await post(customerCreated, `https://router.test/webhooks/${t.tenant}/square`)).status).toBe(401);
});

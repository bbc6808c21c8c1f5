/**
 * End to end: a Stripe thin event (`v2.core.event` about a customer) on a source with a Stripe
 * `api` connection is read from api.stripe.com (the fake, through the connection) and the
 * customer is written to Odoo by the usual flow, as its snapshot webhook would have been.
 */
import { expect, it } from "vitest";
import { attemptDetail, createTenant, odooRecords, waitForStatus } from "../support/router";
import { postWebhook, putSource } from "../support/sources";
import { stripeSignatureHeader } from "../support/signing";

const SECRET = "whsec_thin_e2e_6a0c2f9b";

/** A control call of the Stripe fake, through the tests' outbound worker (the router's fetch goes there too). */
async function stripeFake(key: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`https://api.stripe.com/__fake/${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`Stripe fake ${path}: ${response.status}`);
  return response.json();
}

it("a Stripe thin event's customer is fetched from the Stripe API and written to Odoo", async () => {
  const t = await createTenant();
  const key = `rk_test_${crypto.randomUUID().replaceAll("-", "")}`;
  await stripeFake(key, "objects", {
    id: "cus_thin1",
    object: "customer",
    email: "grace@example.test",
    name: "Grace Hopper",
    phone: "+15555550100",
    address: { line1: "1 Navy Way", line2: null, city: "Arlington", postal_code: "22201", state: null, country: "US" },
  });
  expect((await putSource(t, "stripe", { provider: "stripe", secrets: [SECRET], api: { secretKey: key } })).status).toBe(201);

  const body = JSON.stringify({
    id: `evt_thin_${crypto.randomUUID().slice(0, 8)}`,
    object: "v2.core.event",
    type: "v1.customer.updated",
    created: new Date().toISOString(),
    livemode: false,
    related_object: { id: "cus_thin1", type: "customer", url: "/v1/customers/cus_thin1" },
  });
  const header = await stripeSignatureHeader(body, SECRET, Math.floor(Date.now() / 1000));
  const reply = await postWebhook(t, "stripe", body, { "stripe-signature": header });
  expect(reply.status).toBe(202);
  const { eventId } = (await reply.json()) as { eventId: string };

  const event = await waitForStatus(t, eventId, ["delivered", "dead"]);
  expect(event.status).toBe("delivered");
  expect(attemptDetail(event)).toMatchObject({ hydrated: expect.anything() });
  expect(await odooRecords(t, "res.partner")).toEqual([
    expect.objectContaining({ name: "Grace Hopper", email: "grace@example.test", phone: "+15555550100", ref: "stripe:cus_thin1" }),
  ]);
  expect((await stripeFake(key, "counters")).paths).toEqual({ "/v1/customers/cus_thin1": 1 });
});

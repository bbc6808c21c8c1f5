import { expect, it } from "vitest";
import { createTenant, odooRecords, waitForStatus } from "../support/router";
import { postWebhook, putSource } from "../support/sources";
import { hmacBase64 } from "../support/signing";
import customerCreated from "../fixtures/generic-hmac/woocommerce.customer.created.json?raw";

it("generic-hmac through the router: a WooCommerce-style customer reaches Odoo, its redelivery is a duplicate, a bad signature is 401", async () => {
  const t = await createTenant();
  const secret = "wc-generic-secret";
  const created = await putSource(t, "woo", {
    provider: "generic-hmac",
    secrets: [secret],
    options: {
      signatureHeader: "X-WC-Webhook-Signature",
      algorithm: "SHA-256",
      encoding: "base64",
      signedTemplate: "{body}",
      eventTypeHeader: "X-WC-Webhook-Topic",
      routes: {
        "customer.created": {
          kind: "customer",
          idPath: "id",
          versionPath: "date_modified_gmt",
          fields: { email: "email", firstName: "first_name", lastName: "last_name", city: "billing.city", countryCode: "billing.country" },
        },
      },
    },
  });
  expect(created.status).toBe(201);
  const headers = async (signatureSecret = secret) => ({
    "x-wc-webhook-topic": "customer.created",
    "x-wc-webhook-signature": await hmacBase64(signatureSecret, customerCreated),
    "x-wc-webhook-delivery-id": crypto.randomUUID(),
  });

  const first = await postWebhook(t, "woo", customerCreated, await headers());
  expect(first.status).toBe(202);
  const { eventId } = (await first.json()) as { eventId: string };
  expect((await waitForStatus(t, eventId, ["delivered", "dead"])).status).toBe("delivered");
  expect(await odooRecords(t, "res.partner")).toEqual([
    expect.objectContaining({ name: "John Doe", email: "john.doe@example.test", city: "San Francisco", ref: "woo:25" }),
  ]);

  const again = await postWebhook(t, "woo", customerCreated, await headers());
  expect(again.status).toBe(200);
  expect(await again.json()).toEqual({ status: "duplicate", eventId });

  expect((await postWebhook(t, "woo", customerCreated, await headers("not-the-secret"))).status).toBe(401);
});

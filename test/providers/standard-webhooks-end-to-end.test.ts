import { expect, it } from "vitest";
import { createTenant, odooRecords, waitForStatus } from "../support/router";
import { postWebhook, putSource } from "../support/sources";
import { standardWebhooksHeaders } from "../support/signing";

const SECRET = `whsec_${btoa("e2e-standard-webhooks-signing-key")}`;

it("Standard Webhooks through the router: a mapped customer reaches Odoo, a thin route is acknowledged as ignored, a retry is a duplicate", async () => {
  const t = await createTenant();
  const created = await putSource(t, "svix", {
    provider: "standard-webhooks",
    secrets: [SECRET],
    options: {
      eventTypes: {
        "user.created": { kind: "customer", idPath: "data.id", fields: { email: "data.email", firstName: "data.first_name", lastName: "data.last_name", countryCode: "data.country" } },
        "invoice.paid": { kind: "invoice", idPath: "data.id" },
      },
    },
  });
  expect(created.status).toBe(201);
  const now = () => Math.floor(Date.now() / 1000);

  const body = JSON.stringify({
    type: "user.created",
    timestamp: "2026-11-20T10:00:00Z",
    data: { id: "usr_29", email: "ada@example.test", first_name: "Ada", last_name: "Lovelace", country: "gb" },
  });
  const first = await postWebhook(t, "svix", body, await standardWebhooksHeaders(body, SECRET, "msg_e2e_1", now()));
  expect(first.status).toBe(202);
  const { eventId } = (await first.json()) as { eventId: string };
  expect((await waitForStatus(t, eventId, ["delivered", "dead"])).status).toBe("delivered");
  expect(await odooRecords(t, "res.partner")).toEqual([
    expect.objectContaining({ name: "Ada Lovelace", email: "ada@example.test", ref: "svix:usr_29" }),
  ]);

  // A retry: same message id, new attempt timestamp, new signature.
  const retry = await postWebhook(t, "svix", body, await standardWebhooksHeaders(body, SECRET, "msg_e2e_1", now() + 1));
  expect(retry.status).toBe(200);
  expect(await retry.json()).toEqual({ status: "duplicate", eventId });

  const invoice = JSON.stringify({ type: "invoice.paid", timestamp: "2026-11-20T10:05:00Z", data: { id: "inv_7" } });
  const thin = await postWebhook(t, "svix", invoice, await standardWebhooksHeaders(invoice, SECRET, "msg_e2e_2", now()));
  expect(thin.status).toBe(200);
  expect(await thin.json()).toEqual({ status: "ignored", reason: expect.stringContaining("thin standard-webhooks event") });

  const forged = await postWebhook(t, "svix", body, await standardWebhooksHeaders(body, `whsec_${btoa("guess")}`, "msg_e2e_3", now()));
  expect(forged.status).toBe(401);
});

import { expect, it } from "vitest";
import { ADMIN_TOKEN, call, createTenant, odooSearchRead, waitForStatus } from "../support/router";
import { putSource } from "../support/sources";
import { hubspotV3Signature } from "../support/signing";
import batch from "../fixtures/hubspot/batch.json";

const PUBLIC_URL = "https://hooks.example.test/hubspot/acme";

it("a signed HubSpot batch is acknowledged with one reply per event: the deal change is written, thin events are recorded as ignored", async () => {
  const t = await createTenant();
  expect((await putSource(t, "hubspot", { provider: "hubspot", secrets: ["client-secret"], options: { publicUrl: PUBLIC_URL } })).status).toBe(201);
  const body = JSON.stringify(batch);
  const post = async (secret: string) => {
    const timestamp = String(Date.now());
    return call(`/webhooks/${t.tenant}/hubspot`, {
      method: "POST",
      body,
      headers: {
        "content-type": "application/json",
        "x-hubspot-request-timestamp": timestamp,
        "x-hubspot-signature-v3": await hubspotV3Signature("POST", PUBLIC_URL, body, timestamp, secret),
      },
    });
  };

  const response = await post("client-secret");
  expect(response.status).toBe(202);
  const reply = (await response.json()) as { status: string; eventId: string; events: { status: string; reason: string }[] };
  expect(reply.status).toBe("accepted");
  expect(reply.events.map((e) => e.status)).toEqual(["ignored", "accepted", "ignored", "ignored"]);
  expect(reply.events[0]!.reason).toContain("thin hubspot event (contact creation)");
  const deal = await waitForStatus(t, reply.eventId, ["delivered", "dead"]);
  expect(deal.status).toBe("delivered");
  // dealstage "closedwon": the opportunity is won in Odoo.
  const [lead] = await odooSearchRead<{ stage_id: [number, string]; probability: number }>(t, "crm.lead", ["stage_id", "probability"]);
  expect(lead).toMatchObject({ stage_id: [expect.any(Number), "Won"], probability: 100 });

  expect((await post("wrong-secret")).status).toBe(401);

  await expect
    .poll(async () => {
      const list = await call(`/v1/tenants/${t.tenant}/events?status=ignored`, { token: ADMIN_TOKEN });
      return ((await list.json()) as { items: { topic: string }[] }).items.map((e) => e.topic).sort();
    }, { timeout: 10_000 })
    .toEqual(["company.creation", "contact.creation", "contact.deletion"]);
});

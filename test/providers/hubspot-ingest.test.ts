import { expect, it } from "vitest";
import { ADMIN_TOKEN, call, createTenant } from "../support/router";
import { addSource } from "../support/wc-hs-zd-sq-source";
import { hubspotV3Signature } from "../support/wc-hs-zd-sq-signing";
import batch from "../fixtures/hubspot/batch.json";

const PUBLIC_URL = "https://hooks.example.test/hubspot/acme";

it("a signed HubSpot batch is acknowledged 200 with one reply per event (thin and deal events have no Odoo flow yet)", async () => {
  const t = await createTenant();
  expect((await addSource(t, "hubspot", "hubspot", ["client-secret"], { publicUrl: PUBLIC_URL })).status).toBe(201);
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
  expect(response.status).toBe(200);
  const reply = (await response.json()) as { status: string; events: { status: string; reason: string }[] };
  expect(reply.status).toBe("ignored");
  expect(reply.events).toHaveLength(4);
  expect(reply.events[0]!.reason).toContain("thin hubspot event (contact creation)");
  expect(reply.events[1]!.reason).toContain("deal");

  expect((await post("wrong-secret")).status).toBe(401);

  await expect
    .poll(async () => {
      const list = await call(`/v1/tenants/${t.tenant}/events?status=ignored`, { token: ADMIN_TOKEN });
      return ((await list.json()) as { items: { topic: string }[] }).items.map((e) => e.topic).sort();
    }, { timeout: 10_000 })
    .toEqual(["company.creation", "contact.creation", "contact.deletion", "deal.propertyChange"]);
});

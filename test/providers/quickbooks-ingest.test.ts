import { describe, expect, it } from "vitest";
import { call, createTenant } from "../support/router";
import { hmacBase64 } from "../support/signing";
import { putSource } from "../support/sources";
import cloudEvents from "../fixtures/quickbooks/cloudevents-routed.json";

async function quickbooksSource(options: Record<string, unknown> = {}) {
  const t = await createTenant();
  const response = await putSource(t, "qbo", { provider: "quickbooks", secrets: ["qbo-verifier"], options });
  expect(response.status).toBe(201);
  return t;
}

const post = async (tenant: string, body: string, signature: string) =>
  call(`/webhooks/${tenant}/qbo`, { method: "POST", body, headers: { "content-type": "application/json", "intuit-signature": signature } });

describe("QuickBooks through the router", () => {
  it("acknowledges a signed CloudEvents delivery at once with 200: thin events are recorded, not written", async () => {
    const t = await quickbooksSource();
    const body = JSON.stringify(cloudEvents);
    const response = await post(t.tenant, body, await hmacBase64("qbo-verifier", body));
    expect(response.status).toBe(200);
    const reply = (await response.json()) as { status: string; reason: string; events: { status: string }[] };
    expect(reply.status).toBe("ignored");
    expect(reply.reason).toContain("thin quickbooks event");
    expect(reply.events).toHaveLength(3);
  });

  it("refuses a delivery signed with another verifier token (401)", async () => {
    const t = await quickbooksSource();
    const body = JSON.stringify(cloudEvents);
    const response = await post(t.tenant, body, await hmacBase64("someone-else", body));
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: "invalid_signature" } });
  });

  it("refuses unknown source options with 422 naming the field", async () => {
    const t = await createTenant();
    const response = await putSource(t, "qbo", { provider: "quickbooks", secrets: ["x"], options: { realm: "1" } });
    expect(response.status).toBe(422);
    expect(JSON.stringify(await response.json())).toContain("options");
  });
});

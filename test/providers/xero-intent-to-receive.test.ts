import { describe, expect, it } from "vitest";
import { call, createTenant } from "../support/router";
import { hmacBase64 } from "../support/signing";
import { putSource } from "../support/sources";
import itr from "../fixtures/xero/intent-to-receive.json";
import contactUpdate from "../fixtures/xero/contact-update.json";

const KEY = "xero-webhook-key-for-tests+/==";

async function xeroSource() {
  const t = await createTenant();
  expect((await putSource(t, "xero", { provider: "xero", secrets: [KEY] })).status).toBe(201);
  return t;
}

const post = async (tenant: string, body: string, signature: string) =>
  call(`/webhooks/${tenant}/xero`, { method: "POST", body, headers: { "content-type": "application/json", "x-xero-signature": signature } });

describe("Xero Intent to Receive and reply rules, through the router", () => {
  it("answers a correctly signed ITR request 200 with an empty body", async () => {
    const t = await xeroSource();
    const body = JSON.stringify(itr);
    const response = await post(t.tenant, body, await hmacBase64(KEY, body));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
    expect(response.headers.get("set-cookie")).toBeNull();
  });

  it("answers an incorrectly signed ITR request 401 with an empty body", async () => {
    const t = await xeroSource();
    const body = JSON.stringify(itr);
    const response = await post(t.tenant, body, await hmacBase64("not-the-key", body));
    expect(response.status).toBe(401);
    expect(await response.text()).toBe("");
  });

  it("answers a signed event delivery, and its redelivery, 200 with an empty body", async () => {
    const t = await xeroSource();
    const body = JSON.stringify(contactUpdate);
    const signature = await hmacBase64(KEY, body);
    for (let attempt = 0; attempt < 2; attempt++) {
      const response = await post(t.tenant, body, signature);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe("");
    }
  });
});

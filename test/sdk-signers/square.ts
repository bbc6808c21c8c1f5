// Square deliveries: signed with Node's crypto exactly as Square documents it (the SDK has no
// signer), and judged by the square SDK's own WebhooksHelper.verifySignature.
import { createHmac } from "node:crypto";
import { WebhooksHelper } from "square";
import type { SignedCase } from "./signed-case";

const KEY = "wnBz4qv1Hn0Ox9Q5aGq1Rw";
const NOTIFICATION_URL = "https://hooks.example.test/webhooks/acme/square";

const hmac = (key: string, payload: string) => createHmac("sha256", key).update(payload, "utf8").digest("base64");

export async function sign(): Promise<SignedCase[]> {
  const body = JSON.stringify({
    merchant_id: "6SSW7HV8K2ST5",
    type: "customer.updated",
    event_id: "b4ce4698-00de-4b5d-a771-4941b3913b34",
    created_at: "2026-05-20T10:00:00Z",
    data: { type: "customer", id: "A0AP25A6SCVTH8JES9BX01GXM4", object: { customer: { id: "A0AP25A6SCVTH8JES9BX01GXM4", given_name: "Zoë", version: 2 } } },
  });
  const receivedAt = Date.parse("2026-05-20T10:00:05Z");
  const valid = hmac(KEY, NOTIFICATION_URL + body);
  const make = async (name: string, signature: string, sentBody = body): Promise<SignedCase> => ({
    name,
    sdkAccepts: await WebhooksHelper.verifySignature({ requestBody: sentBody, signatureHeader: signature, signatureKey: KEY, notificationUrl: NOTIFICATION_URL }),
    body: sentBody,
    headers: { "x-square-hmacsha256-signature": signature, "content-type": "application/json" },
    method: "POST",
    // The Worker is reached at another host than the registered URL (a proxy): never signed.
    url: "https://router.test/webhooks/acme/square",
    secrets: [KEY],
    options: { publicUrl: NOTIFICATION_URL },
    receivedAt,
  });
  return Promise.all([
    make("signed as Square does", valid),
    make("one byte of the body changed", valid, body.replace('"version":2', '"version":3')),
    make("signed with another signature key", hmac("another-key", NOTIFICATION_URL + body)),
    make("signed for the URL the Worker saw instead of the registered one", hmac(KEY, "https://router.test/webhooks/acme/square" + body)),
  ]);
}

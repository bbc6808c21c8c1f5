// HubSpot deliveries signed with @hubspot/api-client's own signer (Signature.getSignature), and
// judged by its own verifier (Signature.isValid), for signature versions v3, v2 and v1.
import { Signature } from "@hubspot/api-client";
import type { SignedCase } from "./signed-case";

const SECRET = "8c2f1e6a-0b7d-4c1e-9a55-3f7e2d9b1c40";
const PUBLIC_URL = "https://hooks.example.test/webhooks/acme/hubspot";

/** Signature.isValid reads Date.now() for v3: judge every case at the delivery's receipt time. */
function sdkAccepts(receivedAt: number, args: Parameters<typeof Signature.isValid>[0]): boolean {
  const realNow = Date.now;
  Date.now = () => receivedAt;
  try {
    return Signature.isValid(args);
  } catch {
    return false; // v3 throws "Timestamp is invalid, reject request" for an old timestamp
  } finally {
    Date.now = realNow;
  }
}

export async function sign(): Promise<SignedCase[]> {
  const body = JSON.stringify([
    { eventId: 3816279340, subscriptionId: 25, portalId: 33, appId: 1160452, occurredAt: 1779271200000, subscriptionType: "deal.propertyChange", attemptNumber: 0, objectId: 1246965, propertyName: "dealstage", propertyValue: "closedwon", changeSource: "CRM_UI" },
    { eventId: 3816279480, subscriptionId: 22, portalId: 33, appId: 1160452, occurredAt: 1779271200500, subscriptionType: "contact.creation", attemptNumber: 0, objectId: 1246978, changeSource: "IMPORT", note: "café ☕" },
  ]);
  const receivedAt = Date.parse("2026-05-20T10:00:05Z");
  const cases: SignedCase[] = [];

  const v3 = (name: string, o: { secret?: string; timestamp?: number; url?: string; signedUrl?: string; sentBody?: string }) => {
    const timestamp = o.timestamp ?? receivedAt - 2_000;
    const signedUrl = o.signedUrl ?? o.url ?? PUBLIC_URL;
    const signature = Signature.getSignature("POST", "v3", { signature: "", clientSecret: o.secret ?? SECRET, requestBody: body, url: signedUrl, timestamp });
    const sentBody = o.sentBody ?? body;
    cases.push({
      name,
      sdkAccepts: sdkAccepts(receivedAt, { signature, clientSecret: SECRET, requestBody: sentBody, signatureVersion: "v3", url: signedUrl, method: "POST", timestamp }),
      body: sentBody,
      headers: { "x-hubspot-signature-v3": signature, "x-hubspot-request-timestamp": String(timestamp), "content-type": "application/json" },
      method: "POST",
      url: o.url ?? "https://router.test/webhooks/acme/hubspot",
      secrets: [SECRET],
      options: { publicUrl: PUBLIC_URL },
      receivedAt,
    });
  };
  v3("v3 signed by the SDK", {});
  v3("v3 with one byte of the body changed", { sentBody: body.replace("closedwon", "closedwoN") });
  v3("v3 signed with another client secret", { secret: "another-client-secret" });
  v3("v3 timestamp six minutes old", { timestamp: receivedAt - 6 * 60_000 });
  v3("v3 timestamp ten minutes ahead (HubSpot checks only the past)", { timestamp: receivedAt + 10 * 60_000 });
  // HubSpot signs the URI with %3A, %40 ... decoded; the request arrives with them encoded.
  v3("v3 with a query string whose escapes HubSpot decodes before signing", {
    url: "https://router.test/webhooks/acme/hubspot?portal=33&since=2026-05-20T10%3A00%3A00&by=ops%40example.test",
    signedUrl: `${PUBLIC_URL}?portal=33&since=2026-05-20T10:00:00&by=ops@example.test`,
  });

  const legacy = (name: string, version: "v1" | "v2", o: { secret?: string; sentBody?: string; header?: string; body?: string; secrets?: string[]; url?: string } = {}) => {
    const signedBody = o.body ?? body;
    const sentBody = o.sentBody ?? signedBody;
    const clientSecret = o.secrets?.[0] ?? SECRET;
    const url = o.url ?? PUBLIC_URL;
    const signature = o.header ?? Signature.getSignature("POST", version, { signature: "", clientSecret: o.secret ?? clientSecret, requestBody: signedBody, url });
    cases.push({
      name,
      sdkAccepts: sdkAccepts(receivedAt, { signature, clientSecret, requestBody: sentBody, signatureVersion: version, url, method: "POST" }),
      body: sentBody,
      headers: { "x-hubspot-signature": signature, "x-hubspot-signature-version": version, "content-type": "application/json" },
      method: "POST",
      url: "https://router.test/webhooks/acme/hubspot",
      secrets: o.secrets ?? [SECRET],
      options: { publicUrl: url, acceptLegacySignatures: true },
      receivedAt,
    });
  };
  legacy("v1 signed by the SDK", "v1");
  legacy("v1 with one byte of the body changed", "v1", { sentBody: body.replace("IMPORT", "IMPORt") });
  legacy("v1 signed with another client secret", "v1", { secret: "another-client-secret" });
  legacy("v2 signed by the SDK", "v2");
  legacy("v2 signed for another URI", "v2", { header: Signature.getSignature("POST", "v2", { signature: "", clientSecret: SECRET, requestBody: body, url: "https://router.test/webhooks/acme/hubspot" }) });
  // The worked example of developers.hubspot.com/docs/faq/v1-request-validation (its published hash).
  legacy("v1 example from HubSpot's documentation", "v1", {
    secrets: ["yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy"],
    body: '[{"eventId":1,"subscriptionId":12345,"portalId":62515,"occurredAt":1564113600000,"subscriptionType":"contact.creation","attemptNumber":0,"objectId":123,"changeSource":"CRM","changeFlag":"NEW","appId":54321}]',
    header: "232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de",
  });
  return cases;
}

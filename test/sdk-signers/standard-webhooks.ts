// Standard Webhooks deliveries signed with the reference library standardwebhooks@1.1.1
// (Webhook#sign); `sdkAccepts` is its own Webhook#verify. That verifier reads the clock itself, so
// timestamps are relative to the signing time and each case's receivedAt is that same instant.
import { Webhook } from "standardwebhooks";
import type { SignedCase } from "./signed-case";

const key = (text: string) => Buffer.from(text).toString("base64");
const SECRET = `whsec_${key("router-standard-webhooks-key-1")}`;
const OLD_SECRET = `whsec_${key("router-standard-webhooks-key-0")}`;

function sdkAccepts(body: string, headers: Record<string, string>, secrets: string[]): boolean {
  // The reference verifier only knows the webhook-* names; svix-* carry the same values.
  const standard = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.replace(/^svix-/, "webhook-"), v]));
  return secrets.some((secret) => {
    try {
      new Webhook(secret).verify(body, standard);
      return true;
    } catch {
      return false;
    }
  });
}

export async function sign(): Promise<SignedCase[]> {
  const now = Date.now();
  const seconds = Math.floor(now / 1000);
  const body = JSON.stringify({
    type: "contact.created",
    timestamp: "2022-11-03T20:26:10.344522Z",
    data: { id: "1f81eb52-5198-4599-803e-771906343485", fullName: "Zoë Smith ☕" },
  });
  const msgId = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";
  const signed = (secret: string, at = seconds, payload = body) => new Webhook(secret).sign(msgId, new Date(at * 1000), payload);
  const headers = (signature: string, at = seconds, prefix = "webhook") => ({
    [`${prefix}-id`]: msgId,
    [`${prefix}-timestamp`]: String(at),
    [`${prefix}-signature`]: signature,
  });
  const valid = signed(SECRET);

  const cases: Omit<SignedCase, "sdkAccepts">[] = [
    { name: "signed by the SDK", body, headers: headers(valid), secrets: [SECRET], receivedAt: now },
    { name: "one byte of the body changed", body: body.replace("Smith", "Smiti"), headers: headers(valid), secrets: [SECRET], receivedAt: now },
    { name: "signed with another secret", body, headers: headers(signed(`whsec_${key("someone-else's-key")}`)), secrets: [SECRET], receivedAt: now },
    { name: "timestamp 400 s old", body, headers: headers(signed(SECRET, seconds - 400), seconds - 400), secrets: [SECRET], receivedAt: now },
    { name: "timestamp 400 s in the future", body, headers: headers(signed(SECRET, seconds + 400), seconds + 400), secrets: [SECRET], receivedAt: now },
    { name: "message id changed after signing", body, headers: { ...headers(valid), "webhook-id": "msg_other" }, secrets: [SECRET], receivedAt: now },
    {
      name: "two signatures during a rotation, one per key",
      body,
      headers: headers(`${signed(OLD_SECRET)} ${valid}`),
      secrets: [SECRET],
      receivedAt: now,
    },
    { name: "signed with the previous secret, both active on the source", body, headers: headers(signed(OLD_SECRET)), secrets: [SECRET, OLD_SECRET], receivedAt: now },
    { name: "svix-* header names", body, headers: headers(valid, seconds, "svix"), secrets: [SECRET], receivedAt: now },
    { name: "secret configured without the whsec_ prefix", body, headers: headers(valid), secrets: [SECRET.slice("whsec_".length)], receivedAt: now },
    { name: "only an asymmetric v1a signature", body, headers: headers(valid.replace(/^v1,/, "v1a,")), secrets: [SECRET], receivedAt: now },
  ];
  return cases.map((c) => ({ ...c, sdkAccepts: sdkAccepts(c.body, c.headers, c.secrets) }));
}

// PayPal deliveries signed on the Node side with OpenSSL (node:crypto), CRC-32 by zlib.crc32 and the
// certificate checked by node:crypto's X509Certificate. PayPal publishes no signer (its SDKs only call
// the verify-webhook-signature postback), so OpenSSL is the independent oracle: `sdkAccepts` is
// OpenSSL's verdict on the signed string the receiver must build (transmission id | time | the
// source's webhookId | zlib.crc32(received body)), plus the router's documented rules (5-minute
// tolerance on paypal-transmission-time, certificate only from PayPal hosts).
// The certificate PEM travels in `options.testCertificatePem`; the workerd test serves it through a
// fake fetch and removes it from the options before verifying.
import { generateKeyPairSync, sign as rsaSign, verify as rsaVerify, X509Certificate } from "node:crypto";
import { crc32 } from "node:zlib";
import { selfSignedCertificate, toPem } from "../support/paypal";
import type { SignedCase } from "./signed-case";

const WEBHOOK_ID = "1JE4291016473214C";
const TOLERANCE_MS = 300_000;
const PAYPAL_HOSTS = new Set(["api.paypal.com", "api.sandbox.paypal.com", "api-m.paypal.com", "api-m.sandbox.paypal.com"]);

export async function sign(): Promise<SignedCase[]> {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const spki = new Uint8Array(publicKey.export({ type: "spki", format: "der" }));
  const receivedAt = Date.parse("2026-11-20T10:00:05Z");
  const der = await selfSignedCertificate({
    spki,
    signTbs: async (tbs) => new Uint8Array(rsaSign("sha256", tbs, privateKey)),
    notBefore: receivedAt - 30 * 86_400_000,
    notAfter: receivedAt + 365 * 86_400_000,
  });
  const pem = toPem(der);
  const x509 = new X509Certificate(pem);
  if (!x509.verify(publicKey) || !x509.publicKey.equals(publicKey)) {
    throw new Error("test/support/paypal.ts built a certificate OpenSSL does not accept");
  }

  const fresh = "2026-11-20T10:00:02Z";
  const stale = "2026-11-20T09:50:00Z";
  const body = JSON.stringify({
    id: "WH-9UG43882HX7271132-6E0871324L7949614",
    create_time: "2026-11-20T10:00:00Z",
    resource_type: "capture",
    event_type: "PAYMENT.CAPTURE.COMPLETED",
    resource: { id: "80F85758S3080410K", status: "COMPLETED", amount: { currency_code: "EUR", value: "21.00" }, note: "café ☕" },
  });
  const certUrl = `https://api.sandbox.paypal.com/v1/notifications/certs/CERT-node-${Date.now().toString(36)}`;

  const make = (name: string, o: { signedBody?: string; deliveredBody?: string; time?: string; signedWebhookId?: string; certUrl?: string }): SignedCase => {
    const transmissionId = `node-${name.replace(/\W+/g, "-")}`;
    const time = o.time ?? fresh;
    const signedBody = o.signedBody ?? body;
    const deliveredBody = o.deliveredBody ?? signedBody;
    const signedString = `${transmissionId}|${time}|${o.signedWebhookId ?? WEBHOOK_ID}|${crc32(Buffer.from(signedBody, "utf8"))}`;
    const sig = rsaSign("sha256", Buffer.from(signedString, "utf8"), privateKey).toString("base64");
    const expected = `${transmissionId}|${time}|${WEBHOOK_ID}|${crc32(Buffer.from(deliveredBody, "utf8"))}`;
    const url = o.certUrl ?? certUrl;
    const sdkAccepts =
      rsaVerify("sha256", Buffer.from(expected, "utf8"), x509.publicKey, Buffer.from(sig, "base64")) &&
      Math.abs(receivedAt - Date.parse(time)) <= TOLERANCE_MS &&
      PAYPAL_HOSTS.has(new URL(url).hostname);
    return {
      name,
      sdkAccepts,
      body: deliveredBody,
      headers: {
        "paypal-transmission-id": transmissionId,
        "paypal-transmission-time": time,
        "paypal-transmission-sig": sig,
        "paypal-cert-url": url,
        "paypal-auth-algo": "SHA256withRSA",
      },
      secrets: ["unused"],
      options: { webhookId: WEBHOOK_ID, testCertificatePem: pem },
      receivedAt,
    };
  };

  return [
    make("signed by OpenSSL", {}),
    make("one byte of the body changed", { deliveredBody: body.replace("21.00", "21.01") }),
    make("signed for another webhook id", { signedWebhookId: "7XK12345AB678901C" }),
    make("transmission time 10 minutes old", { time: stale }),
    make("certificate on a host that is not PayPal's", { certUrl: "https://paypal.example.test/v1/notifications/certs/CERT-1" }),
  ];
}

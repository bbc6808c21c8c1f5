/**
 * Test-side PayPal signer, independent of the router's verifier: a tiny DER *encoder* that builds a
 * self-signed X.509 v3 certificate around any RSA public key (the router has only a DER reader),
 * a bitwise CRC-32 (the router uses a table), and PayPal's signed string
 * `transmissionId|transmissionTime|webhookId|crc32(body)` signed SHA256withRSA. Runs on Web Crypto,
 * so it works in workerd tests and on the Node side (test/sdk-signers/paypal.ts, where OpenSSL
 * checks the certificate this encoder produces).
 */

// ---- DER encoder -------------------------------------------------------------------------------
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
};

function derLength(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

const tlv = (tag: number, content: Uint8Array) => concat(Uint8Array.of(tag), derLength(content.length), content);
const seq = (...parts: Uint8Array[]) => tlv(0x30, concat(...parts));
const set = (...parts: Uint8Array[]) => tlv(0x31, concat(...parts));
const integer = (bytes: Uint8Array) => tlv(0x02, bytes[0]! & 0x80 ? concat(Uint8Array.of(0), bytes) : bytes);
const derNull = Uint8Array.of(0x05, 0x00);

function oid(dotted: string): Uint8Array {
  const [a, b, ...rest] = dotted.split(".").map(Number);
  const out = [40 * a! + b!];
  for (const arc of rest) {
    const chunk = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Uint8Array.from(out));
}

function time(ms: number): Uint8Array {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  const rest = `${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
  const year = d.getUTCFullYear();
  return year >= 1950 && year < 2050
    ? tlv(0x17, new TextEncoder().encode(`${p(year % 100)}${rest}`))
    : tlv(0x18, new TextEncoder().encode(`${year}${rest}`));
}

const commonName = (cn: string) => seq(set(seq(oid("2.5.4.3"), tlv(0x0c, new TextEncoder().encode(cn)))));
const sha256WithRsa = seq(oid("1.2.840.113549.1.1.11"), derNull);

/** A self-signed X.509 v3 certificate (DER) for `spki`, signed by `signTbs`. */
export async function selfSignedCertificate(options: {
  spki: Uint8Array;
  signTbs: (tbs: Uint8Array) => Promise<Uint8Array>;
  commonName?: string;
  notBefore?: number;
  notAfter?: number;
}): Promise<Uint8Array> {
  const name = commonName(options.commonName ?? "messageverificationcerts.sandbox.paypal.test");
  const serial = crypto.getRandomValues(new Uint8Array(12));
  serial[0] = (serial[0]! & 0x7f) | 0x01;
  const now = Date.now();
  const tbs = seq(
    tlv(0xa0, integer(Uint8Array.of(2))), // v3
    integer(serial),
    sha256WithRsa,
    name,
    seq(time(options.notBefore ?? now - 86_400_000), time(options.notAfter ?? now + 365 * 86_400_000)),
    name,
    options.spki,
  );
  const signature = await options.signTbs(tbs);
  return seq(tbs, sha256WithRsa, tlv(0x03, concat(Uint8Array.of(0), signature)));
}

export function toPem(der: Uint8Array): string {
  let binary = "";
  for (const byte of der) binary += String.fromCharCode(byte);
  const lines = btoa(binary).match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join("\n")}\n-----END CERTIFICATE-----\n`;
}

// ---- PayPal signing (Web Crypto) -----------------------------------------------------------------
const RSA = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" } as const;

export interface PaypalSigner {
  privateKey: CryptoKey;
  pem: string;
}

/** An RSA key pair and a self-signed certificate around its public key, as PayPal would serve it. */
export async function paypalSigner(validity: { notBefore?: number; notAfter?: number } = {}): Promise<PaypalSigner> {
  const pair = (await crypto.subtle.generateKey({ ...RSA, modulusLength: 2048, publicExponent: Uint8Array.of(1, 0, 1) }, true, [
    "sign",
    "verify",
  ])) as CryptoKeyPair;
  const spki = new Uint8Array((await crypto.subtle.exportKey("spki", pair.publicKey)) as ArrayBuffer);
  const der = await selfSignedCertificate({
    spki,
    signTbs: async (tbs) => new Uint8Array(await crypto.subtle.sign(RSA, pair.privateKey, new Uint8Array(tbs))),
    ...validity,
  });
  return { privateKey: pair.privateKey, pem: toPem(der) };
}

/** CRC-32 computed bit by bit (no table), unsigned. */
export function crc32Bitwise(bytes: Uint8Array): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

export async function paypalSignature(
  privateKey: CryptoKey,
  fields: { transmissionId: string; transmissionTime: string; webhookId: string; body: string },
): Promise<string> {
  const crc = crc32Bitwise(new TextEncoder().encode(fields.body));
  const message = `${fields.transmissionId}|${fields.transmissionTime}|${fields.webhookId}|${crc}`;
  const sig = new Uint8Array(await crypto.subtle.sign(RSA, privateKey, new TextEncoder().encode(message)));
  let binary = "";
  for (const byte of sig) binary += String.fromCharCode(byte);
  return btoa(binary);
}

let certCounter = 0;
/** A cert URL on PayPal's sandbox host, unique per call (the router caches certificates per URL). */
export const sandboxCertUrl = () => `https://api.sandbox.paypal.com/v1/notifications/certs/CERT-test-${Date.now().toString(36)}-${certCounter++}`;

export interface SignedPaypalDelivery {
  body: string;
  headers: Record<string, string>;
}

/** A PayPal delivery: body plus the five transmission headers, signed for `webhookId`. */
export async function signedPaypalDelivery(options: {
  signer: PaypalSigner;
  body: string;
  webhookId: string;
  certUrl: string;
  transmissionTime?: string;
  transmissionId?: string;
}): Promise<SignedPaypalDelivery> {
  const transmissionId = options.transmissionId ?? crypto.randomUUID();
  const transmissionTime = options.transmissionTime ?? new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  const sig = await paypalSignature(options.signer.privateKey, { transmissionId, transmissionTime, webhookId: options.webhookId, body: options.body });
  return {
    body: options.body,
    headers: {
      "content-type": "application/json",
      "paypal-transmission-id": transmissionId,
      "paypal-transmission-time": transmissionTime,
      "paypal-transmission-sig": sig,
      "paypal-cert-url": options.certUrl,
      "paypal-auth-algo": "SHA256withRSA",
    },
  };
}

/** A `fetch` that serves certificates by URL and records every URL it was asked for. */
export function certificateServer(certs: Record<string, string>) {
  const requested: string[] = [];
  const fetcher = (async (input: RequestInfo | URL) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    requested.push(url);
    const pem = certs[url];
    return pem ? new Response(pem, { headers: { "content-type": "application/x-pem-file" } }) : new Response("not found", { status: 404 });
  }) as typeof fetch;
  return { fetch: fetcher, requested };
}

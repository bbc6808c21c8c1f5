import { describe, expect, it } from "vitest";
import { crc32 } from "../../src/providers/schemes/crc32";
import { parseCertificate, pemCertificates, X509Error } from "../../src/providers/schemes/x509";
import { crc32Bitwise, paypalSigner, selfSignedCertificate } from "../support/paypal";

describe("CRC-32 of the raw body (PayPal's signed string)", () => {
  it("matches the standard check value and an independent bitwise implementation", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
    const sample = new TextEncoder().encode('{"id":"WH-1","note":"café ☕"}');
    expect(crc32(sample)).toBe(crc32Bitwise(sample));
  });

  it("is unsigned (values above 2^31 are not negative)", () => {
    const bytes = new TextEncoder().encode("a");
    expect(crc32(bytes)).toBe(0xe8b7be43);
    expect(crc32(bytes)).toBeGreaterThan(2 ** 31);
  });
});

describe("X.509 DER walker", () => {
  it("extracts a SubjectPublicKeyInfo that Web Crypto imports and that verifies the key's signatures", async () => {
    const signer = await paypalSigner();
    const [der] = pemCertificates(signer.pem);
    const info = parseCertificate(der!);
    const key = await crypto.subtle.importKey("spki", info.spki, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, ["verify"]);
    const data = new TextEncoder().encode("hello");
    const sig = await crypto.subtle.sign("RSASSA-PKCS1-v1_5", signer.privateKey, data);
    expect(await crypto.subtle.verify("RSASSA-PKCS1-v1_5", key, sig, data)).toBe(true);
  });

  it("reads the validity period, UTCTime and GeneralizedTime", async () => {
    const spki = new Uint8Array(await crypto.subtle.exportKey("spki", ((await crypto.subtle.generateKey(
      { name: "RSASSA-PKCS1-v1_5", modulusLength: 1024, publicExponent: Uint8Array.of(1, 0, 1), hash: "SHA-256" },
      true,
      ["sign", "verify"],
    )) as CryptoKeyPair).publicKey) as ArrayBuffer);
    const der = await selfSignedCertificate({
      spki,
      signTbs: async () => new Uint8Array(256),
      notBefore: Date.UTC(2024, 0, 2, 3, 4, 5),
      notAfter: Date.UTC(2051, 6, 1, 0, 0, 0),
    });
    const info = parseCertificate(der);
    expect(info.notBefore).toBe(Date.UTC(2024, 0, 2, 3, 4, 5));
    expect(info.notAfter).toBe(Date.UTC(2051, 6, 1, 0, 0, 0));
    expect(info.spki).toEqual(spki);
  });

  it("takes the leaf (first) certificate of a PEM chain", async () => {
    const a = await paypalSigner();
    const b = await paypalSigner();
    const chain = pemCertificates(a.pem + b.pem);
    expect(chain).toHaveLength(2);
    expect(chain[0]).toEqual(pemCertificates(a.pem)[0]);
  });

  it("refuses truncated or non-certificate DER", async () => {
    const signer = await paypalSigner();
    const [der] = pemCertificates(signer.pem);
    expect(() => parseCertificate(der!.subarray(0, der!.length - 10))).toThrow(X509Error);
    expect(() => parseCertificate(Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x01))).toThrow(X509Error);
    expect(() => parseCertificate(new Uint8Array())).toThrow(X509Error);
    expect(pemCertificates("no pem here")).toEqual([]);
  });
});

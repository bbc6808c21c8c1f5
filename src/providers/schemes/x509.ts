/**
 * Just enough X.509 for signature schemes that ship a certificate instead of a key (PayPal):
 * PEM -> DER, and a minimal DER walker (RFC 5280 §4.1) that returns the certificate's
 * SubjectPublicKeyInfo bytes, which Web Crypto imports with `importKey("spki", ...)`, and its
 * validity period. It does not validate the certificate chain: the caller decides whom to trust
 * (PayPal: a certificate fetched over HTTPS from an allow-listed PayPal host).
 *
 *   Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING }
 *   TBSCertificate ::= SEQUENCE { [0] version OPTIONAL, serialNumber INTEGER, signature AlgId,
 *     issuer Name, validity SEQUENCE { notBefore Time, notAfter Time }, subject Name,
 *     subjectPublicKeyInfo SEQUENCE, ... }
 */
export class X509Error extends Error {
  override readonly name = "X509Error";
}

const SEQUENCE = 0x30;
const INTEGER = 0x02;
const BIT_STRING = 0x03;
const CONTEXT_0 = 0xa0;
const UTC_TIME = 0x17;
const GENERALIZED_TIME = 0x18;

interface Tlv {
  tag: number;
  /** Offset of the tag byte. */
  start: number;
  /** Offset of the first content byte. */
  contentStart: number;
  /** Offset just past the content. */
  end: number;
}

function readTlv(der: Uint8Array, offset: number, limit: number): Tlv {
  if (offset + 2 > limit) throw new X509Error("truncated DER element");
  const tag = der[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new X509Error("multi-byte DER tags are not supported");
  let length = der[offset + 1]!;
  let contentStart = offset + 2;
  if (length & 0x80) {
    const octets = length & 0x7f;
    if (octets === 0 || octets > 4) throw new X509Error("unsupported DER length encoding");
    if (contentStart + octets > limit) throw new X509Error("truncated DER length");
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + der[contentStart + i]!;
    contentStart += octets;
  }
  const end = contentStart + length;
  if (end > limit) throw new X509Error("DER element runs past its container");
  return { tag, start: offset, contentStart, end };
}

function expectTag(tlv: Tlv, tag: number, what: string): Tlv {
  if (tlv.tag !== tag) throw new X509Error(`expected ${what} (tag 0x${tag.toString(16)}), found tag 0x${tlv.tag.toString(16)}`);
  return tlv;
}

export interface CertificateInfo {
  /** DER SubjectPublicKeyInfo, tag and length included: the input of importKey("spki"). */
  spki: Uint8Array;
  /** Validity period, epoch milliseconds. */
  notBefore: number;
  notAfter: number;
}

export function parseCertificate(der: Uint8Array): CertificateInfo {
  const cert = expectTag(readTlv(der, 0, der.length), SEQUENCE, "Certificate SEQUENCE");
  if (cert.end !== der.length) throw new X509Error("trailing bytes after the certificate");
  const tbs = expectTag(readTlv(der, cert.contentStart, cert.end), SEQUENCE, "TBSCertificate SEQUENCE");
  const sigAlg = expectTag(readTlv(der, tbs.end, cert.end), SEQUENCE, "signatureAlgorithm SEQUENCE");
  const sigValue = expectTag(readTlv(der, sigAlg.end, cert.end), BIT_STRING, "signatureValue BIT STRING");
  if (sigValue.end !== cert.end) throw new X509Error("unexpected elements after signatureValue");

  let field = readTlv(der, tbs.contentStart, tbs.end);
  if (field.tag === CONTEXT_0) field = readTlv(der, field.end, tbs.end); // explicit version
  expectTag(field, INTEGER, "serialNumber INTEGER");
  const signature = expectTag(readTlv(der, field.end, tbs.end), SEQUENCE, "signature AlgorithmIdentifier");
  const issuer = expectTag(readTlv(der, signature.end, tbs.end), SEQUENCE, "issuer Name");
  const validity = expectTag(readTlv(der, issuer.end, tbs.end), SEQUENCE, "validity SEQUENCE");
  const notBefore = readTlv(der, validity.contentStart, validity.end);
  const notAfter = readTlv(der, notBefore.end, validity.end);
  const subject = expectTag(readTlv(der, validity.end, tbs.end), SEQUENCE, "subject Name");
  const spki = expectTag(readTlv(der, subject.end, tbs.end), SEQUENCE, "subjectPublicKeyInfo SEQUENCE");
  return {
    spki: der.slice(spki.start, spki.end),
    notBefore: readTime(der, notBefore),
    notAfter: readTime(der, notAfter),
  };
}

function readTime(der: Uint8Array, tlv: Tlv): number {
  const text = String.fromCharCode(...der.subarray(tlv.contentStart, tlv.end));
  let match: RegExpExecArray | null;
  let year: number;
  if (tlv.tag === UTC_TIME) {
    match = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text);
    if (!match) throw new X509Error(`unsupported UTCTime "${text}"`);
    const yy = Number(match[1]);
    year = yy >= 50 ? 1900 + yy : 2000 + yy; // RFC 5280 §4.1.2.5.1
  } else if (tlv.tag === GENERALIZED_TIME) {
    match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text);
    if (!match) throw new X509Error(`unsupported GeneralizedTime "${text}"`);
    year = Number(match[1]);
  } else {
    throw new X509Error(`validity time has tag 0x${tlv.tag.toString(16)}`);
  }
  const [, , mo, d, h, mi, s] = match.map(Number) as number[];
  return Date.UTC(year, mo! - 1, d!, h!, mi!, s!);
}

/** The DER bytes of each `-----BEGIN CERTIFICATE-----` block, in order (leaf first in a chain). */
export function pemCertificates(pem: string): Uint8Array[] {
  const blocks: Uint8Array[] = [];
  const pattern = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;
  for (const match of pem.matchAll(pattern)) {
    const base64 = match[1]!.replace(/\s+/g, "");
    try {
      blocks.push(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
    } catch {
      throw new X509Error("certificate PEM block is not base64");
    }
  }
  return blocks;
}

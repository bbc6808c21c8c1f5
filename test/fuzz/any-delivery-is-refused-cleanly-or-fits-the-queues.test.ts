/**
 * Property: whatever bytes and headers reach a provider, signed or not, `verify` answers a
 * verdict (never throws), and ingest's normalize (provider normalize + ingest limits) either
 * refuses with MalformedPayloadError (400 malformed_payload) or accepts events whose stored form
 * is valid canonical data and whose queue messages fit. Any other exception would be a 500.
 * 10,000 cases per provider in `npm test`; `npm run fuzz` runs 200,000 (FUZZ_RUNS).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalEventSchema } from "../../src/events/canonical";
import { entityName } from "../../src/entity/entity-name";
import { MAX_EVENT_BYTES, normalizeWithinLimits } from "../../src/providers/ingest-limits";
import { MalformedPayloadError, type Normalized, type SourceConfig } from "../../src/providers/provider";
import { PROVIDER_IDS } from "../../src/providers/registry";
import { FUZZ_RUNS, fuzzParameters, hostileBody, hostileHeader } from "../support/fuzz";
import { FUZZ_TARGETS, paypalKeysOnce, type FuzzTarget } from "../support/fuzz-targets";
import { certificateServer } from "../support/paypal";

const isUtf8 = (body: Uint8Array) => {
  try {
    new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(body);
    return true;
  } catch {
    return false;
  }
};
const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).byteLength;
/** What ingest and the entity object ship about one event is a few KB: far under a queue message's 128 KB. */
const SHIPPED_BYTES = 16_000;

/** Plain checks, not expect(): this runs 10,000 times per provider. */
function check(ok: boolean, what: string, value?: unknown): void {
  if (!ok) throw new Error(`${what}${value === undefined ? "" : `: ${JSON.stringify(value).slice(0, 300)}`}`);
}

let accepted = 0;

function expectItFits(normalized: Normalized): void {
  if (normalized.outcome === "ignored") {
    const shipped = bytes({ deliveryId: normalized.deliveryId, topic: normalized.topic, reason: normalized.reason });
    check(shipped < SHIPPED_BYTES / 2, "an ignored delivery's record is too large", shipped);
    return;
  }
  for (const { deliveryId, event } of normalized.events) {
    const stored = JSON.stringify(event);
    check(new TextEncoder().encode(stored).byteLength <= MAX_EVENT_BYTES, "stored event over the limit");
    // The write consumer reads the stored JSON back: it must still be a canonical event (checked
    // on one accepted event in ten: zod runs without its compiled fast path inside workerd).
    if (accepted++ % 10 === 0) {
      const reread = canonicalEventSchema.safeParse(JSON.parse(stored));
      check(reread.success, "stored event is not canonical once read back", reread.error?.issues[0]);
    }
    const entity = entityName("tenant-with-a-long-slug", "source-with-a-long-slug", event.kind, event.externalId);
    const write = bytes({ type: "write", tenantId: "tenant-with-a-long-slug", entity, eventId: "evt_01JZ0000000000000000000000" });
    check(write < SHIPPED_BYTES, "write message too large", write);
    const identity = { topic: event.topic, type: event.type, kind: event.kind, externalId: event.externalId, deliveryId, version: event.version };
    const audit = bytes({ identity, received: { deliveryId, topic: event.topic } });
    check(audit < SHIPPED_BYTES, "audit message too large", audit);
  }
}

async function fuzz(target: FuzzTarget): Promise<void> {
  const source: SourceConfig = {
    tenantId: "acme",
    sourceId: "fuzz",
    provider: target.id,
    secrets: [target.secret],
    options: target.provider.optionsSchema.parse(target.options) as Record<string, unknown>,
  };
  const { certUrl, pem } = target.id === "paypal" ? await paypalKeysOnce() : { certUrl: "", pem: "" };
  const services = certificateServer(certUrl ? { [certUrl]: pem } : {});
  const headerNames = [...Object.keys(target.headers(0)), ...Object.keys(await target.sign(new Uint8Array(), Date.now(), target.headers(0)))];
  // RSA signing is slow: PayPal signs one case in ten, the HMAC providers nine in ten.
  const signedShare = target.id === "paypal" ? 1 : 9;

  const delivery = fc.nat({ max: target.seeds.length - 1 }).chain((i) =>
    fc.record({
      seed: fc.constant(i),
      body: hostileBody([target.seeds[i]!], target.mutate),
      header: fc.option(fc.tuple(fc.constantFrom(...headerNames), hostileHeader), { freq: 4 }),
      signed: fc.nat({ max: 9 }).map((n) => n < signedShare),
    }),
  );

  await fc.assert(
    fc.asyncProperty(delivery, async ({ seed, body, header, signed }) => {
      const now = Date.now();
      const headers = target.headers(seed);
      if (signed) Object.assign(headers, await target.sign(body, now, headers));
      if (header) headers[header[0]] = header[1];
      const inbound = { body, headers: new Headers(headers), method: "POST", url: target.url, receivedAt: now };

      target.provider.handshake?.(inbound, source);
      const verdict = await target.provider.verify(inbound, source, services);
      check(verdict.ok === true || (verdict.ok === false && typeof verdict.reason === "string"), "verify answered no verdict", verdict);
      // The signer is right: a signed, untouched delivery reaches normalize as in production.
      // (Salesforce has no signature: its verify reads the organization id in the body.)
      if (signed && !header && target.id !== "salesforce" && (target.id !== "paypal" || isUtf8(body))) {
        check(verdict.ok, "a correctly signed delivery was not verified", verdict);
      }

      let normalized: Normalized;
      try {
        normalized = normalizeWithinLimits(target.provider, inbound, source);
      } catch (err) {
        if (err instanceof MalformedPayloadError) return;
        throw err;
      }
      expectItFits(normalized);
    }),
    fuzzParameters(),
  );
}

describe("fuzzing every provider's verify and normalize", () => {
  it("covers every provider id of the registry", () => {
    expect(FUZZ_TARGETS.map((t) => t.id).sort()).toEqual([...PROVIDER_IDS].sort());
  });

  for (const target of FUZZ_TARGETS) {
    it(`${target.id}: ${FUZZ_RUNS} hostile deliveries get a verdict and either a malformed_payload refusal or events that fit`, async () => {
      await fuzz(target);
    }, 600_000);
  }
});

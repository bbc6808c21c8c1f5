/**
 * Nothing acknowledged is lost for its size (issue: a signed Shopify customer with a 200 KB id got
 * 202, then its entity object could not ship the 128 KB-limited queue messages). For every
 * provider, the largest id ingest accepts (255 characters, less a provider's prefix) is
 * acknowledged, travels through the write and audit queues and shows in the audit API; one
 * character more is refused at once with 400 malformed_payload.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { MAX_DELIVERY_ID_LENGTH, MAX_KEY_LENGTH, normalizeWithinLimits } from "../../src/providers/ingest-limits";
import { MalformedPayloadError } from "../../src/providers/provider";
import { ADMIN_TOKEN, call, createTenant, type TestTenant } from "../support/router";
import { FUZZ_TARGETS, paypalKeysOnce, postSigned, type FuzzTarget } from "../support/fuzz-targets";

type Path = (string | number)[];
/** Where each provider's seed (FUZZ_TARGETS) carries the id of its first entity, and the seed used. */
const ID_AT: Record<string, { seed: number; path: Path | null }> = {
  shopify: { seed: 1, path: ["id"] },
  quickbooks: { seed: 0, path: ["eventNotifications", 0, "dataChangeEvent", "entities", 0, "id"] },
  xero: { seed: 0, path: ["events", 0, "resourceId"] },
  paypal: { seed: 0, path: ["resource", "id"] },
  salesforce: { seed: 0, path: null }, // XML: the first <sf:Id>
  woocommerce: { seed: 0, path: ["id"] },
  hubspot: { seed: 0, path: [0, "objectId"] },
  zendesk: { seed: 0, path: ["detail", "id"] },
  square: { seed: 0, path: ["data", "id"] },
  stripe: { seed: 0, path: ["data", "object", "id"] },
  "standard-webhooks": { seed: 0, path: ["data", "id"] },
  github: { seed: 0, path: ["zen"] }, // a ping has no entity: its longest field, in the ignored record
  "generic-hmac": { seed: 0, path: ["id"] },
};

function withId(target: FuzzTarget, id: string): string {
  const { seed, path } = ID_AT[target.id]!;
  const text = target.seeds[seed]!;
  if (!path) return text.replace(/<sf:Id>[^<]*<\/sf:Id>/, `<sf:Id>${id}</sf:Id>`);
  const body = JSON.parse(text) as Record<string | number, unknown>;
  let at = body;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  at[path.at(-1)!] = id;
  return JSON.stringify(body);
}

/** The longest id of this provider that normalizes within the limits (ids with a prefix have less room). */
function longestAcceptedId(target: FuzzTarget, headers: Record<string, string>): number {
  const source = { tenantId: "t", sourceId: target.id, provider: target.id, secrets: [target.secret], options: target.provider.optionsSchema.parse(target.options) as Record<string, unknown> };
  for (let length = MAX_KEY_LENGTH; length > 0; length--) {
    const body = new TextEncoder().encode(withId(target, "7".repeat(length)));
    try {
      normalizeWithinLimits(target.provider, { body, headers: new Headers(headers), method: "POST", url: "https://router.test/", receivedAt: Date.now() }, source);
      return length;
    } catch (err) {
      if (!(err instanceof MalformedPayloadError)) throw err;
    }
  }
  throw new Error(`${target.id}: no id length is accepted`);
}

/** Headers with delivery ids at their limit, where the provider takes them from a header. */
function longestHeaders(target: FuzzTarget): Record<string, string> {
  const headers = target.headers(target.id === "github" ? 1 : 0);
  const long = "d".repeat(MAX_DELIVERY_ID_LENGTH);
  for (const name of ["x-shopify-webhook-id", "x-github-delivery", "x-zendesk-webhook-invocation-id", "webhook-id"]) {
    if (name in headers) headers[name] = long;
  }
  return headers;
}

async function auditItems(t: TestTenant, source: string) {
  const response = await call(`/v1/tenants/${t.tenant}/events?source=${source}&limit=200`, { token: ADMIN_TOKEN });
  return ((await response.json()) as { items: { externalId: string | null; status: string; deliveryId: string | null }[] }).items;
}

let t: TestTenant;
beforeAll(async () => {
  t = await createTenant();
  const { certUrl, pem } = await paypalKeysOnce();
  // The router fetches PayPal's signing certificate with the global fetch: serve it from here.
  const original = globalThis.fetch;
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    return url === certUrl ? new Response(pem) : original(input, init);
  });
});
afterAll(() => {
  vi.restoreAllMocks();
});

describe("the largest accepted event of every provider goes through the queues to the audit API", () => {
  // Odoo's callbacks name their records by integer id (`_id`): no long ids to test there.
  for (const target of FUZZ_TARGETS.filter((f) => f.id !== "odoo")) {
    it(`${target.id}`, async () => {
      const headers = longestHeaders(target);
      const length = target.id === "github" ? 200_000 : longestAcceptedId(target, headers);
      if (target.id !== "github") expect(length).toBeGreaterThan(MAX_KEY_LENGTH - 40);
      const id = "7".repeat(length);

      const accepted = await postSigned(t, target, withId(target, id), headers);
      expect([200, 202], await accepted.clone().text()).toContain(accepted.status);
      // Through the entity object's queues (or the ingest route's, for ignored deliveries) to D1.
      const shown = await vi.waitUntil(
        async () => {
          const items = await auditItems(t, target.id);
          return target.id === "github" ? items.find((i) => i.status === "ignored") : items.find((i) => i.externalId?.endsWith(id));
        },
        { timeout: 20_000, interval: 100 },
      );
      expect(shown).toBeTruthy();

      if (target.id === "github") return;
      const refused = await postSigned(t, target, withId(target, `${id}7`), headers);
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({ error: { code: "malformed_payload", message: expect.stringMatching(/limit is 255/) } });
    }, 60_000);
  }
});

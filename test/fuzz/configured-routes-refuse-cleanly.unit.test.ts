/**
 * Property: the configurable providers (standard-webhooks, generic-hmac) read whatever paths a
 * tenant configured (any kind, id, version and field paths that pass the admin API's options
 * schema) out of hostile bodies, and still only refuse with MalformedPayloadError or accept
 * events within the ingest limits.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizeWithinLimits } from "../../src/providers/ingest-limits";
import { CUSTOMER_FIELDS, PRODUCT_FIELDS, ROUTABLE_KINDS } from "../../src/providers/json-routes";
import { MalformedPayloadError } from "../../src/providers/provider";
import { PROVIDERS } from "../../src/providers/registry";
import { FUZZ_RUNS, fuzzParameters, mutatedJson } from "../support/fuzz";
import { FUZZ_TARGETS } from "../support/fuzz-targets";

/** Dot paths of a JSON value, as routes address them. */
function dotPaths(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return [path, ...dotPaths(inner, path)];
  });
}

const CASES = [
  { id: "standard-webhooks", routesKey: "eventTypes", typeHeader: null },
  { id: "generic-hmac", routesKey: "routes", typeHeader: "x-event" },
] as const;

describe("fuzzing configured routes of the generic providers", () => {
  for (const { id, routesKey, typeHeader } of CASES) {
    it(`${id}: any valid route configuration over hostile bodies refuses cleanly or fits`, () => {
      const target = FUZZ_TARGETS.find((t) => t.id === id)!;
      const provider = PROVIDERS[id]!;
      const seed = target.seeds[0]!;
      const paths = [...dotPaths(JSON.parse(seed)), "missing", "a.0.b", "__proto__", "constructor.name"];
      const path = fc.constantFrom(...paths);
      const kind = fc.constantFrom(...ROUTABLE_KINDS);
      const route = kind.chain((k) =>
        fc.record(
          {
            kind: fc.constant(k),
            idPath: path,
            versionPath: path,
            actionPath: path,
            fields: fc.dictionary(fc.constantFrom<string>(...(k === "product" ? PRODUCT_FIELDS : CUSTOMER_FIELDS)), path, { maxKeys: 5 }),
          },
          { requiredKeys: ["kind", "idPath", "versionPath"] },
        ),
      );
      const type = JSON.parse(seed).type ?? "customer.created";

      let configured = 0;
      let accepted = 0;
      const runs = Math.ceil(FUZZ_RUNS / 5);
      fc.assert(
        fc.property(route, mutatedJson(seed), (r, body) => {
          const parsed = provider.optionsSchema.safeParse({ ...target.options, [routesKey]: { [type]: r } });
          if (!parsed.success) return; // the admin API refuses it: never configured
          configured++;
          const source = { tenantId: "t", sourceId: id, provider: id, secrets: [target.secret], options: parsed.data as Record<string, unknown> };
          const headers = new Headers({ ...target.headers(0), ...(typeHeader ? { [typeHeader]: type } : {}) });
          try {
            const normalized = normalizeWithinLimits(provider, { body: new TextEncoder().encode(body), headers, method: "POST", url: target.url, receivedAt: Date.now() }, source);
            if (normalized.outcome === "events") accepted++;
          } catch (err) {
            if (!(err instanceof MalformedPayloadError)) throw err;
          }
        }),
        fuzzParameters(runs),
      );
      // The property is about configured routes: most cases must be configurable, some accepted.
      expect(configured).toBeGreaterThan(runs / 4);
      expect(accepted).toBeGreaterThan(0);
    }, 600_000);
  }
});

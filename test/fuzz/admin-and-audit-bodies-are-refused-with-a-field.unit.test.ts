/**
 * Property: every body the admin and audit APIs validate (tenant, source and its provider's
 * options, token, routing, alert settings, replay, the event, exception and alert lists' queries) is either accepted or refused with a
 * zod issue that names a field (422/400 invalid_request, see src/http/json-body.ts); validation
 * never throws, whatever JSON arrives. Bodies are real examples with hostile values put in, and
 * arbitrary JSON.
 */
import fc from "fast-check";
import { describe, it } from "vitest";
import type * as z from "zod";
import { sourceBody, tenantBody, tokenBody } from "../../src/http/admin";
import { listQuery } from "../../src/http/audit";
import { replayBody } from "../../src/http/replays";
import { alertSettingsBody } from "../../src/alerts/settings";
import { alertsQuery } from "../../src/http/alerts";
import { exceptionsQuery } from "../../src/http/exceptions";
import { PROVIDERS } from "../../src/providers/registry";
import { routingSchema } from "../../src/tenant/routing";
import { FUZZ_RUNS, fuzzParameters, hostileValue, jsonText, mutatedJson } from "../support/fuzz";
import { FUZZ_TARGETS } from "../support/fuzz-targets";

/** Schemas are cheap to explore: a fifth of the providers' runs each (2,000 in npm test). */
const SCHEMA_RUNS = Math.ceil(FUZZ_RUNS / 5);

const BODIES: Record<string, { schema: z.ZodType; seeds: unknown[] }> = {
  tenant: {
    schema: tenantBody,
    seeds: [
      {
        odoo: { url: "https://acme.odoo.com", database: "acme", login: "bot@acme.test", apiKey: "k", protocol: "json2" },
        delivery: { maxConcurrency: 4, retry: { baseSeconds: 10, maxAttempts: 20 }, breaker: { failureRate: 0.5, window: 20 } },
      },
    ],
  },
  source: {
    schema: sourceBody,
    seeds: FUZZ_TARGETS.map((t) => ({ provider: t.id, secrets: [t.secret, "old"], options: t.options })),
  },
  token: { schema: tokenBody, seeds: [{ role: "operate" }] },
  routing: {
    schema: routingSchema,
    seeds: [
      {
        flows: { customer: "ignore" },
        companyId: 1,
        productNotFound: "dead",
        lineTaxIds: [1, 2],
        dealStages: { qualified: "Qualified" },
        orderInvoicing: "on_payment",
        paymentJournals: { stripe: 7 },
        defaultCurrency: "EUR",
        tickets: { fallback: "project.task", projectId: 1, stages: { open: "New" } },
        fields: { customer: [{ from: "data.email", to: "x_email", transform: "lower" }] },
      },
    ],
  },
  alerts: {
    schema: alertSettingsBody,
    seeds: [
      {
        rules: [
          { id: "silent", type: "source_silent", minutes: 30, source: "shop", hours: { from: 9, to: 18 }, weekdays: ["mon", "fri"], timeZone: "Europe/Paris" },
          { id: "dead", type: "dead_letters", count: 5, minutes: 15 },
          { id: "breaker", type: "breaker_open", minutes: 10 },
          { id: "exceptions", type: "exceptions", count: 1, exceptionType: "payment_not_applied" },
          { id: "forged", type: "forged_deliveries", perMinute: 30 },
        ],
        webhook: { url: "https://ops.example.com/hook", secret: `whsec_${btoa("x".repeat(32))}` },
        odooActivity: { userId: 7 },
        exceptions: { stuckMinutes: 60, waitingMinutes: 30, silentMinutes: 1440, sources: { shop: { silentMinutes: 60 } } },
      },
    ],
  },
  replay: {
    schema: replayBody,
    seeds: [{ status: "dead", source: "shop", kind: "order", since: "2026-11-20T00:00:00Z", until: "2026-11-21T00:00:00+01:00", eventIds: ["evt_1"], dryRun: true }],
  },
};

/** A schema's verdict, or the exception that would have been a 500. */
function validate(schema: z.ZodType, value: unknown): void {
  const parsed = schema.safeParse(value);
  if (!parsed.success && parsed.error.issues.length === 0) throw new Error("refused without an issue to name");
}

describe("fuzzing the admin and audit body schemas", () => {
  for (const [name, { schema, seeds }] of Object.entries(BODIES)) {
    it(`${name} bodies: validation answers, never throws`, () => {
      const body = fc.oneof(
        { weight: 4, arbitrary: fc.oneof(...seeds.map((s) => mutatedJson(jsonText(s)))).map((text) => JSON.parse(text) as unknown) },
        { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
        { weight: 1, arbitrary: hostileValue.map((v) => JSON.parse(jsonText(v)) as unknown) },
      );
      fc.assert(
        fc.property(body, (value) => {
          validate(schema, value);
          // A source's options are its provider's to validate, on the same request.
          if (name === "source") {
            const parsed = sourceBody.safeParse(value);
            if (parsed.success) validate(PROVIDERS[parsed.data.provider]!.optionsSchema, parsed.data.options);
          }
        }),
        fuzzParameters(SCHEMA_RUNS),
      );
    }, 600_000);
  }

  it("the event list's query: any query string answers", () => {
    const value = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom("2026-11-20T00:00:00Z", "+275760-09-13T00:00:00Z", "1e21", "0", "201", "evt_01JZ0000000000000000000000"));
    const query = fc.dictionary(fc.constantFrom("status", "source", "type", "errorClass", "since", "until", "cursor", "limit", "other", "state"), value);
    fc.assert(fc.property(query, (q) => validate(listQuery, q)), fuzzParameters(SCHEMA_RUNS));
    fc.assert(fc.property(query, (q) => validate(exceptionsQuery, q)), fuzzParameters(SCHEMA_RUNS));
    fc.assert(fc.property(query, (q) => validate(alertsQuery, q)), fuzzParameters(SCHEMA_RUNS));
  }, 600_000);
});

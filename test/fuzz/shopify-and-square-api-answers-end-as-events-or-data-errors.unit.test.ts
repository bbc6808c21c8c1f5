/**
 * Property: whatever a Shopify GraphQL listing page or a Square batch-retrieve answer holds (real
 * answers with 1 to 4 values replaced by hostile ones), the clients end with events that pass
 * ingest's checks (canonical schema, sizes) or with a classed ProviderApiError — never a crash.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createApiSession } from "../../src/connections/api-session";
import { checkNormalized } from "../../src/providers/ingest-limits";
import { ProviderApiError } from "../../src/providers/provider-api";
import { shopifyApi } from "../../src/providers/shopify-api";
import { squareApi } from "../../src/providers/square-api";
import { openGate } from "../support/api-gates";
import { FUZZ_RUNS, fuzzParameters, mutatedJson } from "../support/fuzz";
import { uniqueId } from "../support/shopify";
import { graphqlOrder, seedShop, shopifyFakeFetch } from "../support/shopify-graphql";
import { squareOrder } from "../support/square-orders";

/** Async properties call the client end to end: a fifth of the synchronous fuzz tests' cases. */
const RUNS = Math.max(100, Math.floor(FUZZ_RUNS / 5));

const answering = (body: string) => async () => new Response(body, { status: 200, headers: { "content-type": "application/json" } });

function expectCleanOutcome(outcome: { events?: { deliveryId: string; event: unknown }[]; error?: unknown }) {
  if (outcome.error !== undefined) {
    expect(outcome.error).toBeInstanceOf(ProviderApiError);
    return;
  }
  for (const item of outcome.events ?? []) checkNormalized({ outcome: "events", events: [item as never] });
}

describe("fuzzing provider API answers", () => {
  it("Shopify: a hostile orders page lists checked events or fails as a ProviderApiError", async () => {
    const shop = `${uniqueId("fuzz")}.myshopify.com`;
    await seedShop(shop, { accessToken: "shpat_f", orders: [graphqlOrder(), graphqlOrder({ legacyResourceId: "5820982911947" })], bucket: { maximumAvailable: 1e9, restoreRate: 1e9 } });
    // The real answer to the client's listing query, as the seed.
    let seed = "";
    const recording = async (input: RequestInfo | URL, init?: RequestInit) => {
      const response = await shopifyFakeFetch(input, init);
      seed = await response.clone().text();
      return response;
    };
    const window = { since: Date.parse("2026-11-01T00:00:00Z"), until: Date.parse("2026-12-01T00:00:00Z"), cursor: null };
    const credentials = { shop, accessToken: "shpat_f" };
    await shopifyApi.listChanges!(createApiSession({ api: shopifyApi, credentials, gate: openGate(), fetch: recording }), window, ["order"]);
    expect(seed).toContain('"orders"');

    await fc.assert(
      fc.asyncProperty(mutatedJson(seed), async (body) => {
        const session = createApiSession({ api: shopifyApi, credentials, gate: openGate(), fetch: answering(body) });
        const outcome = await shopifyApi.listChanges!(session, window, ["order"]).then(
          (page) => ({ events: page.events }),
          (error: unknown) => ({ error }),
        );
        expectCleanOutcome(outcome);
      }),
      fuzzParameters(RUNS),
    );
  });

  it("Square: a hostile batch-retrieve answer hydrates checked orders or fails as a ProviderApiError", async () => {
    const seed = JSON.stringify({ orders: [squareOrder(), squareOrder({ id: "SECOND", state: "CANCELED" })] });
    const refs = [
      { kind: "order" as const, externalId: "eA3vssLHKJrv9H0IdJCM3gNqfdcZY", resource: "order_updated" },
      { kind: "order" as const, externalId: "SECOND", resource: "order_updated" },
    ];
    await fc.assert(
      fc.asyncProperty(mutatedJson(seed), async (body) => {
        const session = createApiSession({ api: squareApi, credentials: { accessToken: "EAAA" }, gate: openGate(), fetch: answering(body) });
        const outcome = await squareApi.hydrate!(session, refs).then(
          (results) => {
            // One answer per ref, found or deleted.
            expect([...results.keys()].sort()).toEqual(refs.map((r) => r.externalId).sort());
            return { events: [...results.values()].flatMap((r) => (r.status === "found" ? [{ deliveryId: `${r.event.externalId}@${r.event.version}`, event: r.event }] : [])) };
          },
          (error: unknown) => ({ error }),
        );
        expectCleanOutcome(outcome);
      }),
      fuzzParameters(RUNS),
    );
  });
});

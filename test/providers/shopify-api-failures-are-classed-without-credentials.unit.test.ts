// Every way a Shopify call fails ends as a classed ProviderApiError whose message never carries
// the access token; a connection's shop must be a *.myshopify.com domain.
import { describe, expect, it } from "vitest";
import { createApiSession } from "../../src/connections/api-session";
import { ProviderApiError } from "../../src/providers/provider-api";
import { shopifyApi } from "../../src/providers/shopify-api";
import { openGate } from "../support/api-gates";
import { uniqueId } from "../support/shopify";
import { graphqlOrder, seedShop, shopFaults, shopifyFakeFetch } from "../support/shopify-graphql";

const TOKEN = "shpat_secret_never_shown_0123";
const window = { since: Date.parse("2026-11-01T00:00:00Z"), until: Date.parse("2026-12-01T00:00:00Z"), cursor: null };

async function listingError(shop: string, accessToken = TOKEN): Promise<ProviderApiError> {
  const session = createApiSession({ api: shopifyApi, credentials: { shop, accessToken }, gate: openGate(), fetch: shopifyFakeFetch });
  const error = await shopifyApi.listChanges!(session, window, ["order"]).then(
    () => null,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(ProviderApiError);
  expect(String((error as Error).message)).not.toContain(TOKEN);
  return error as ProviderApiError;
}

describe("Shopify API failures", () => {
  it("classes a refused token as auth, outages as transient and broken answers as data", async () => {
    const shop = `${uniqueId("faults")}.myshopify.com`;
    await seedShop(shop, { accessToken: TOKEN, orders: [graphqlOrder()] });

    expect(await listingError(shop, "shpat_wrong")).toMatchObject({ category: "auth", status: 401 });

    await shopFaults(shop, [{ status: 503, body: "html" }]);
    expect(await listingError(shop)).toMatchObject({ category: "transient", status: 503 });
    await shopFaults(shop, [{ status: 200, body: "html" }]);
    expect(await listingError(shop)).toMatchObject({ category: "data", status: 200 });
    await shopFaults(shop, [{ status: 200, body: "garbage" }]);
    expect(await listingError(shop)).toMatchObject({ category: "data" });
    await shopFaults(shop, [{ status: 429, json: { errors: "Exceeded 2 calls per second for api client." }, retryAfter: 2 }]);
    expect(await listingError(shop)).toMatchObject({ category: "transient", status: 429, retryAfterSeconds: 2 });
    // A frozen (402) or locked (423) shop waits for its owner, not for a retry.
    await shopFaults(shop, [{ status: 423, json: { errors: "Locked" } }]);
    expect(await listingError(shop)).toMatchObject({ category: "config", status: 423 });
    // A 200 without the listing in it is not what the API documents.
    await shopFaults(shop, [{ status: 200, json: { data: { orders: { edges: [] } } } }]);
    expect((await listingError(shop)).message).toContain('"nodes"');
    // A missing scope is a GraphQL error inside a 200.
    await shopFaults(shop, [{ status: 200, json: { errors: [{ message: "Access denied for orders field.", extensions: { code: "ACCESS_DENIED" } }] } }]);
    expect(await listingError(shop)).toMatchObject({ category: "config" });
  });

  it("classes a shop that does not exist (404 on the endpoint) as the connection's set-up", async () => {
    expect(await listingError(`${uniqueId("nowhere")}.myshopify.com`)).toMatchObject({ category: "config", status: 404 });
  });

  it("accepts only a *.myshopify.com shop and a token as credentials", () => {
    const parse = (value: unknown) => shopifyApi.credentialsSchema.safeParse(value);
    expect(parse({ shop: "Acme-Store.myshopify.com", accessToken: "shpat_x" })).toMatchObject({ success: true, data: { shop: "acme-store.myshopify.com" } });
    for (const shop of ["acme.com", "https://acme.myshopify.com", "acme.myshopify.com/admin", "evil.com#.myshopify.com", "acme.myshopify.com.evil.com"]) {
      const result = parse({ shop, accessToken: "shpat_x" });
      expect(result.success, shop).toBe(false);
      expect(result.error?.issues[0]?.path).toEqual(["shop"]);
    }
    expect(parse({ shop: "acme.myshopify.com" }).success).toBe(false);
    expect(parse({ shop: "acme.myshopify.com", accessToken: "x", apiKey: "y" }).success).toBe(false);
    expect(shopifyApi.defaultBaseUrl({ shop: "acme.myshopify.com", accessToken: "x" })).toBe("https://acme.myshopify.com");
  });
});

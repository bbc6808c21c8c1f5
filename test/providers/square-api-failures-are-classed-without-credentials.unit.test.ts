// Square's failures end as classed ProviderApiErrors that never carry the token: RATE_LIMITED 429
// waits its Retry-After, 401 is auth, outages are transient, answers that are not Square's shape
// are data. Credentials are a token and optional location ids, nothing else.
import { describe, expect, it } from "vitest";
import { createApiSession } from "../../src/connections/api-session";
import { ProviderApiError } from "../../src/providers/provider-api";
import { squareApi } from "../../src/providers/square-api";
import { openGate } from "../support/api-gates";
import { uniqueId } from "../support/shopify";
import { seedSquare, squareCounters, squareFaults, squareFakeFetch, squareOrder } from "../support/square-orders";

const refs = [{ kind: "order" as const, externalId: "eA3vssLHKJrv9H0IdJCM3gNqfdcZY", resource: "order_updated" }];

async function hydrationError(token: string): Promise<ProviderApiError> {
  const session = createApiSession({ api: squareApi, credentials: { accessToken: token }, gate: openGate(), fetch: squareFakeFetch });
  const error = await squareApi.hydrate!(session, refs).then(
    () => null,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(ProviderApiError);
  expect((error as Error).message).not.toContain(token);
  return error as ProviderApiError;
}

describe("Square API failures", () => {
  it("classes each failure and keeps the token out of the message", async () => {
    const token = `EAAAl${uniqueId("secret")}`;
    await seedSquare(token, { locations: [{ id: "FPYCBCHYMXFK1" }], orders: [squareOrder()] });

    expect(await hydrationError(`${token}-revoked`)).toMatchObject({ category: "auth", status: 401 });
    await squareFaults(token, [{ body: "rate_limited", retryAfter: 3 }]);
    expect(await hydrationError(token)).toMatchObject({ category: "transient", status: 429, retryAfterSeconds: 3 });
    await squareFaults(token, [{ status: 502, body: "html" }]);
    expect(await hydrationError(token)).toMatchObject({ category: "transient", status: 502 });
    await squareFaults(token, [{ status: 200, body: "garbage" }]);
    expect(await hydrationError(token)).toMatchObject({ category: "data", status: 200 });
    await squareFaults(token, [{ status: 200, json: { orders: { id: "not-a-list" } } }]);
    expect((await hydrationError(token)).message).toContain('"orders" is not a list');
    await squareFaults(token, [{ status: 403, json: { errors: [{ category: "AUTHENTICATION_ERROR", code: "INSUFFICIENT_SCOPES", detail: "ORDERS_READ required" }] } }]);
    const scopes = await hydrationError(token);
    expect(scopes).toMatchObject({ category: "config", status: 403 });
    expect(scopes.message).toContain("INSUFFICIENT_SCOPES");
  });

  it("is rate limited by Square past its pace, with Retry-After", async () => {
    const token = uniqueId("sq-rate");
    await seedSquare(token, { locations: [{ id: "FPYCBCHYMXFK1" }], orders: [squareOrder()], ratePerSecond: 2 });
    const session = createApiSession({ api: squareApi, credentials: { accessToken: token }, gate: openGate(), fetch: squareFakeFetch });
    const results = await Promise.allSettled([1, 2, 3].map(() => squareApi.hydrate!(session, refs)));
    const refused = results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason as ProviderApiError);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ category: "transient", status: 429, retryAfterSeconds: 1 });
    expect((await squareCounters(token)).rateLimited).toBe(1);
  });

  it("takes a token and optional location ids, and the sandbox as baseUrl", () => {
    const parse = (value: unknown) => squareApi.credentialsSchema.safeParse(value);
    expect(parse({ accessToken: "EAAA" }).success).toBe(true);
    expect(parse({ accessToken: "EAAA", locationIds: ["L1"], baseUrl: "https://connect.squareupsandbox.com" }).success).toBe(true);
    expect(parse({ accessToken: "" }).error?.issues[0]?.path).toEqual(["accessToken"]);
    expect(parse({ accessToken: "EAAA", locationIds: [] }).error?.issues[0]?.path).toEqual(["locationIds"]);
    expect(parse({ accessToken: "EAAA", applicationSecret: "x" }).success).toBe(false);
    expect(squareApi.defaultBaseUrl({ accessToken: "EAAA" })).toBe("https://connect.squareup.com");
  });
});

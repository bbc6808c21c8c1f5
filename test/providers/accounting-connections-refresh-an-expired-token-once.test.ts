/**
 * Through the source's connection object (openSession), as deliveries use it: an access token the
 * provider says is expired is refreshed once for all the calls waiting on it, and the rotated
 * refresh token is what the next refresh sends (the fake refuses a used one).
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { openSession } from "../../src/connections/open-session";
import type { ProviderApi, ThinRef } from "../../src/providers/provider-api";
import { quickbooksApi } from "../../src/providers/quickbooks-api";
import { xeroApi } from "../../src/providers/xero-api";
import { qboCustomer, xeroContact } from "../support/accounting-objects";
import { putAccountingSource, quickbooksCompany, xeroOrganisation, type FakeCounters } from "../support/accounting-sources";
import { createTenant } from "../support/router";

interface Connected {
  provider: "quickbooks" | "xero";
  api: ProviderApi;
  credentials: Record<string, unknown>;
  refs: ThinRef[];
  counters(): Promise<FakeCounters>;
  expire(): Promise<unknown>;
}

const CASES: { name: string; connect(): Promise<Connected> }[] = [
  {
    name: "QuickBooks",
    async connect() {
      const company = await quickbooksCompany();
      await company.seed({ Customer: [qboCustomer("1"), qboCustomer("2")] });
      return {
        provider: "quickbooks",
        api: quickbooksApi,
        credentials: company.api,
        refs: ["1", "2"].map((id) => ({ kind: "customer", resource: "Customer", externalId: `${company.realmId}:${id}` })),
        counters: company.counters,
        expire: () => company.control("expire-access-tokens"),
      };
    },
  },
  {
    name: "Xero",
    async connect() {
      const organisation = await xeroOrganisation();
      const ids = [crypto.randomUUID(), crypto.randomUUID()];
      await organisation.seed({ Contacts: ids.map((id) => xeroContact(id)) });
      return {
        provider: "xero",
        api: xeroApi,
        credentials: organisation.api,
        refs: ids.map((id) => ({ kind: "customer", resource: "Contacts", externalId: id })),
        counters: organisation.counters,
        expire: () => organisation.control("expire-access-tokens"),
      };
    },
  },
];

describe.each(CASES)("$name connection", ({ connect }) => {
  it("refreshes an expired access token once for the calls that found it expired", async () => {
    const t = await createTenant();
    const c = await connect();
    expect((await putAccountingSource(t, "books", c.provider, c.credentials)).status).toBe(201);
    const session = await openSession(env, null, t.tenant, "books");
    await c.api.hydrate!(session!, c.refs);
    await c.expire();

    // Two deliveries at once, each with its own session on the one connection object.
    const results = await Promise.all(c.refs.map(async (ref) => c.api.hydrate!((await openSession(env, null, t.tenant, "books"))!, [ref])));

    expect(results.map((r, i) => r.get(c.refs[i]!.externalId)?.status)).toEqual(["found", "found"]);
    const counters = await c.counters();
    // One refresh to start, one after the expiry; never two at once, never a used token sent.
    expect(counters).toMatchObject({ refreshes: 2, maxRefreshesInFlight: 1, invalidGrants: 0 });
  });
});

/**
 * The limits the QuickBooks and Xero clients declare are the ones their fakes enforce from the
 * providers' docs (QuickBooks: 10 a second and 10 in flight per realm; Xero: 5 in flight and 60 a
 * minute per tenant): a burst through the connection's gate is never answered 429.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { openSession } from "../../src/connections/open-session";
import { quickbooksApi } from "../../src/providers/quickbooks-api";
import { xeroApi } from "../../src/providers/xero-api";
import { qboCustomer, xeroContact } from "../support/accounting-objects";
import { putAccountingSource, quickbooksCompany, xeroOrganisation } from "../support/accounting-sources";
import { createTenant } from "../support/router";

const BURST = 12;

describe("a burst of reads through the connection", () => {
  it("QuickBooks: within 10 a second and 10 in flight per realm", async () => {
    const t = await createTenant();
    const company = await quickbooksCompany({ latencyMs: 40 });
    await company.seed({ Customer: [qboCustomer("1")] });
    expect((await putAccountingSource(t, "books", "quickbooks", company.api)).status).toBe(201);
    const ref = { kind: "customer" as const, resource: "Customer", externalId: `${company.realmId}:1` };

    const results = await Promise.all(Array.from({ length: BURST }, async () => (await quickbooksApi.hydrate!((await openSession(env, null, t.tenant, "books"))!, [ref])).get(ref.externalId)?.status));

    expect(results).toEqual(Array(BURST).fill("found"));
    const counters = await company.counters();
    expect(counters.throttled).toBe(0);
    expect(counters.calls).toBe(BURST);
    expect(counters.maxConcurrent).toBeLessThanOrEqual(10);
  });

  it("Xero: within 5 in flight and 60 a minute per tenant", async () => {
    const t = await createTenant();
    const organisation = await xeroOrganisation({ latencyMs: 40 });
    const contact = crypto.randomUUID();
    await organisation.seed({ Contacts: [xeroContact(contact)] });
    expect((await putAccountingSource(t, "books", "xero", organisation.api)).status).toBe(201);
    const ref = { kind: "customer" as const, resource: "Contacts", externalId: contact };

    const results = await Promise.all(Array.from({ length: BURST }, async () => (await xeroApi.hydrate!((await openSession(env, null, t.tenant, "books"))!, [ref])).get(contact)?.status));

    expect(results).toEqual(Array(BURST).fill("found"));
    const counters = await organisation.counters();
    expect(counters.throttled).toBe(0);
    expect(counters.maxConcurrent).toBeLessThanOrEqual(5);
    expect(counters.maxConcurrent).toBeGreaterThan(1);
  });
});

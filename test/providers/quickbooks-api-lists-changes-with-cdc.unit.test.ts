import { describe, expect, it } from "vitest";
import { quickbooksApi } from "../../src/providers/quickbooks-api";
import { qboCustomer, qboInvoice, qboPayment, uniqueRealm } from "../support/accounting-objects";
import { control, sessionOn } from "../support/provider-api-session";
import quickbooks from "../support/provider-fakes/quickbooks.mjs";

async function connected() {
  const realmId = uniqueRealm();
  const base = `https://quickbooks.api.intuit.com/__fake/realms/${realmId}`;
  const { refreshToken } = await control<{ refreshToken: string }>(quickbooks, `${base}/connect`, { clientId: "app", clientSecret: "shh" });
  return { realmId, base, ...sessionOn(quickbooks, quickbooksApi, { clientId: "app", clientSecret: "shh", refreshToken, realmId }) };
}

const hourAgo = () => Date.now() - 3_600_000;
const soon = () => Date.now() + 60_000;

describe("QuickBooks change listing (CDC)", () => {
  it("lists what changed in the window, deletions (and customers made inactive) included, with a delivery id per version", async () => {
    const { realmId, base, session } = await connected();
    const old = new Date(Date.now() - 2 * 3_600_000).toISOString();
    await control(quickbooks, `${base}/objects`, {
      Customer: [qboCustomer("1"), qboCustomer("2", { MetaData: { LastUpdatedTime: old } })],
      Invoice: [qboInvoice("3", "1", "9"), qboInvoice("4", "1", "9")],
      Payment: [qboPayment("5", "1", "3", 27)],
    });
    await control(quickbooks, `${base}/delete`, { entity: "Invoice", id: "4" });
    await control(quickbooks, `${base}/objects`, { Customer: [qboCustomer("6")] });
    await control(quickbooks, `${base}/delete`, { entity: "Customer", id: "6" });

    const page = await quickbooksApi.listChanges!(session, { since: hourAgo(), until: soon(), cursor: null }, ["customer", "invoice", "payment", "product"]);

    expect(page.cursor).toBeNull();
    const summary = page.events.map((e) => [e.event.kind, e.event.externalId, e.event.action]).sort();
    expect(summary).toEqual([
      ["customer", `${realmId}:1`, "upsert"],
      ["customer", `${realmId}:6`, "delete"],
      ["invoice", `${realmId}:3`, "upsert"],
      ["invoice", `${realmId}:4`, "delete"],
      ["payment", `${realmId}:5`, "upsert"],
    ]);
    for (const { deliveryId, event } of page.events) expect(deliveryId).toMatch(new RegExp(`^${realmId}:(Customer|Invoice|Payment):\\d+@${event.version}$`));
    const counters = await control<{ requests: string[] }>(quickbooks, `${base}/counters`);
    expect(counters.requests).toHaveLength(1);
    expect(counters.requests[0]).toContain("entities=Customer%2CInvoice%2CPayment%2CItem");
  });

  it("asks only for the entities of the requested kinds", async () => {
    const { base, session } = await connected();
    await control(quickbooks, `${base}/objects`, { Customer: [qboCustomer("1")], Invoice: [qboInvoice("3", "1", "9")] });
    const page = await quickbooksApi.listChanges!(session, { since: hourAgo(), until: soon(), cursor: null }, ["invoice"]);
    expect(page.events.map((e) => e.event.kind)).toEqual(["invoice"]);
  });

  it("lists a window whose CDC answer is full (1,000 objects) again, page by page with the query endpoint", async () => {
    const { realmId, base, session } = await connected();
    await control(quickbooks, `${base}/objects`, {
      Customer: Array.from({ length: 1000 }, (_, i) => qboCustomer(String(i + 1))),
      Invoice: Array.from({ length: 5 }, (_, i) => qboInvoice(String(2001 + i), "1", "9")),
    });
    await control(quickbooks, `${base}/delete`, { entity: "Customer", id: "7" });

    const events = [];
    let cursor: string | null = null;
    let calls = 0;
    do {
      const page = await quickbooksApi.listChanges!(session, { since: hourAgo(), until: soon(), cursor }, ["customer", "invoice"]);
      events.push(...page.events);
      cursor = page.cursor;
      calls += 1;
    } while (cursor !== null && calls < 10);

    expect(events.filter((e) => e.event.kind === "customer")).toHaveLength(1000);
    expect(events.filter((e) => e.event.kind === "invoice")).toHaveLength(5);
    // The inactive (deleted) customer is listed as a deletion.
    expect(events.find((e) => e.event.externalId === `${realmId}:7`)?.event.action).toBe("delete");
    const counters = await control<{ requests: string[] }>(quickbooks, `${base}/counters`);
    expect(counters.requests[0]).toContain("/cdc?");
    expect(counters.requests.slice(1).every((r) => r.includes("/query?") && r.includes("ORDERBY"))).toBe(true);
  });

  it("declares the 30-day CDC horizon", () => {
    expect(quickbooksApi.changeHorizonDays).toBe(30);
  });
});

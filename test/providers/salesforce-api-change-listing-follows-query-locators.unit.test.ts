import { expect, it } from "vitest";
import { salesforceApi } from "../../src/providers/salesforce-api";
import type { NormalizedEvent } from "../../src/providers/provider";
import salesforceFake from "../support/provider-fakes/salesforce.mjs";
import { control, sessionOn, uniqueId } from "../support/api-session-on-fake";

it("listing a window queries Accounts, Contacts and Opportunities changed in it by SystemModstamp (deleted rows included), follows nextRecordsUrl, and maps rows like the outbound messages", async () => {
  const host = `${uniqueId("acme")}.my.salesforce.com`;
  const oauth = { clientId: uniqueId("3MVG"), clientSecret: "sf-secret", refreshToken: uniqueId("5Aep") };
  await control(salesforceFake, `https://${host}/__fake/org`, { ...oauth, batchSize: 2 });
  const t = (minutes: number) => new Date(Date.parse("2026-12-01T10:00:00Z") + minutes * 60_000).toISOString();
  await control(salesforceFake, `https://${host}/__fake/records`, {
    sObject: "Account",
    records: [
      { Id: "001A", Name: "Acme", Website: "https://www.acme.test/about", BillingCity: "Paris", BillingCountry: "FR", SystemModstamp: t(1) },
      { Id: "001B", Name: "Old", SystemModstamp: t(-90) },
      { Id: "001C", Name: "Binned", SystemModstamp: t(2), IsDeleted: true },
      { Id: "001D", Name: "Later", SystemModstamp: t(3) },
    ],
  });
  await control(salesforceFake, `https://${host}/__fake/records`, {
    sObject: "Contact",
    records: [{ Id: "003A", FirstName: "Jane", LastName: "Doe", Email: "jane@acme.test", AccountId: "001A", SystemModstamp: t(4) }],
  });
  await control(salesforceFake, `https://${host}/__fake/records`, {
    sObject: "Opportunity",
    records: [{ Id: "006A", Name: "Big deal", Amount: 12500.5, StageName: "Closed Won", IsClosed: true, IsWon: true, AccountId: "001A", CloseDate: "2026-12-20", SystemModstamp: t(5) }],
  });
  const session = sessionOn(salesforceFake, salesforceApi, { instanceUrl: `https://${host}`, ...oauth, currency: "EUR" });

  const events: NormalizedEvent[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await salesforceApi.listChanges!(session, { since: Date.parse(t(0)), until: Date.parse(t(60)), cursor }, ["company", "customer", "deal"]);
    events.push(...page.events);
    cursor = page.cursor;
    pages += 1;
  } while (cursor !== null && pages < 20);

  expect(events.map((e) => [e.deliveryId, e.event.kind, e.event.action])).toEqual([
    [`001A@${Date.parse(t(1))}`, "company", "upsert"],
    [`001C@${Date.parse(t(2))}`, "company", "delete"],
    [`001D@${Date.parse(t(3))}`, "company", "upsert"],
    [`003A@${Date.parse(t(4))}`, "customer", "upsert"],
    [`006A@${Date.parse(t(5))}`, "deal", "upsert"],
  ]);
  expect(events[0]!.event.data).toMatchObject({ name: "Acme", domain: "acme.test", address: { city: "Paris", countryCode: "FR" } });
  expect(events[3]!.event.data).toMatchObject({ email: "jane@acme.test", firstName: "Jane", lastName: "Doe", parentCompany: { kind: "company", externalId: "001A" } });
  expect(events[4]!.event.data).toMatchObject({ title: "Big deal", amount: { amount: 1_250_050, currency: "EUR" }, stage: "Closed Won", status: "won", company: { kind: "company", externalId: "001A" } });
  // Two Accounts pages (2 per page), then one page each.
  const counters = await control<{ calls: number }>(salesforceFake, `https://${host}/__fake/counters`);
  expect(counters.calls).toBe(4);
});

import { expect, it } from "vitest";
import { hubspotApi } from "../../src/providers/hubspot-api";
import type { NormalizedEvent } from "../../src/providers/provider";
import hubspotFake from "../support/provider-fakes/hubspot.mjs";
import { control, sessionOn, uniqueId } from "../support/api-session-on-fake";

const HOST = "https://api.hubapi.com";

it("listing a window with more than 10,000 changes (most in one millisecond, as a bulk import leaves them) reaches every contact and company without paging past HubSpot's cap", async () => {
  const portalId = uniqueId("p");
  const accessToken = uniqueId("pat-");
  // The search limit itself is HubSpot's and the gate's business; here paging is under test.
  await control(hubspotFake, `${HOST}/__fake/portals`, { portalId, accessToken, searchPerSecond: 1000, tenSecondLimit: 10_000 });
  const bulkAt = Date.parse("2026-12-01T10:00:00.000Z");
  const contacts = [
    ...Array.from({ length: 10_150 }, (_, i) => ({ id: String(100_000 + i), properties: { email: `b${i}@example.test`, lastmodifieddate: new Date(bulkAt).toISOString() } })),
    ...Array.from({ length: 120 }, (_, i) => ({ id: String(200_000 + i), properties: { email: `l${i}@example.test`, lastmodifieddate: new Date(bulkAt + 1000 + i).toISOString() } })),
    // Outside the window: not listed.
    { id: "1", properties: { email: "old@example.test", lastmodifieddate: new Date(bulkAt - 60_000).toISOString() } },
  ];
  await control(hubspotFake, `${HOST}/__fake/portals/${portalId}/objects/contacts`, { records: contacts });
  await control(hubspotFake, `${HOST}/__fake/portals/${portalId}/objects/companies`, {
    records: [{ id: "7", properties: { name: "Globex", hs_lastmodifieddate: new Date(bulkAt + 5).toISOString() } }],
  });
  const session = sessionOn(hubspotFake, hubspotApi, { accessToken });

  const events: NormalizedEvent[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await hubspotApi.listChanges!(session, { since: bulkAt - 1000, until: bulkAt + 3_600_000, cursor }, ["customer", "company"]);
    events.push(...page.events);
    cursor = page.cursor;
    pages += 1;
  } while (cursor !== null && pages < 500);

  expect(cursor).toBeNull();
  const contactIds = new Set(events.filter((e) => e.event.kind === "customer").map((e) => e.event.externalId));
  expect(contactIds.size).toBe(10_270);
  expect(contactIds.has("1")).toBe(false);
  expect(events.filter((e) => e.event.kind === "company").map((e) => e.deliveryId)).toEqual([`company-7@${bulkAt + 5}`]);
  // A record read twice (a new slice starts at the last date seen) has the same delivery id: a duplicate.
  const first = events.find((e) => e.event.externalId === "100000")!;
  expect(first.deliveryId).toBe(`contact-100000@${bulkAt}`);
  const counters = await control<{ served429: number; byPath: Record<string, number> }>(hubspotFake, `${HOST}/__fake/portals/${portalId}/counters`);
  expect(counters.served429).toBe(0);
});

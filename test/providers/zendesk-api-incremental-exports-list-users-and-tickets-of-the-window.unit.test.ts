import { expect, it } from "vitest";
import { zendeskApi } from "../../src/providers/zendesk-api";
import type { NormalizedEvent } from "../../src/providers/provider";
import zendeskFake from "../support/provider-fakes/zendesk.mjs";
import { control, sessionOn, uniqueId } from "../support/api-session-on-fake";

it("listing a window follows Zendesk's incremental cursor exports of users then tickets to the end of the stream, keeps only what changed inside the window, and a deleted ticket is a delete", async () => {
  const subdomain = uniqueId("acme");
  const host = `https://${subdomain}.zendesk.com`;
  const accessToken = uniqueId("zd-oauth-");
  await control(zendeskFake, `${host}/__fake/account`, { accessToken, pageSize: 2 });
  const t = (minutes: number) => new Date(Date.parse("2026-12-01T10:00:00Z") + minutes * 60_000).toISOString().replace(".000", "");
  await control(zendeskFake, `${host}/__fake/users`, {
    users: [
      { id: 1, name: "Before", email: "b@acme.test", active: true, updated_at: t(-30) },
      { id: 2, name: "Ann One", email: "a1@acme.test", active: true, updated_at: t(1) },
      { id: 3, name: "Bob Two", email: "b2@acme.test", active: true, updated_at: t(2) },
      { id: 4, name: "Cy Three", email: "c3@acme.test", active: false, updated_at: t(3) },
      { id: 5, name: "After", email: "after@acme.test", active: true, updated_at: t(90) },
    ],
  });
  await control(zendeskFake, `${host}/__fake/tickets`, {
    tickets: [
      { id: 30, subject: "Printer", description: "On fire", status: "open", priority: "high", requester_id: 2, updated_at: t(4) },
      { id: 31, subject: "Spam", description: "x", status: "deleted", priority: null, requester_id: 3, updated_at: t(5) },
    ],
  });
  const session = sessionOn(zendeskFake, zendeskApi, { subdomain, accessToken });

  const events: NormalizedEvent[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await zendeskApi.listChanges!(session, { since: Date.parse(t(0)), until: Date.parse(t(60)), cursor }, ["customer", "ticket", "deal"]);
    events.push(...page.events);
    cursor = page.cursor;
    pages += 1;
  } while (cursor !== null && pages < 20);

  expect(cursor).toBeNull();
  expect(events.map((e) => [e.deliveryId, e.event.kind, e.event.action])).toEqual([
    [`user-2@${Date.parse(t(1))}`, "customer", "upsert"],
    [`user-3@${Date.parse(t(2))}`, "customer", "upsert"],
    [`user-4@${Date.parse(t(3))}`, "customer", "delete"],
    [`ticket-30@${Date.parse(t(4))}`, "ticket", "upsert"],
    [`ticket-31@${Date.parse(t(5))}`, "ticket", "delete"],
  ]);
  expect(events[3]!.event.data).toMatchObject({ subject: "Printer", status: "open", priority: "high", requester: { kind: "customer", externalId: "2" } });
  const counters = await control<{ served429: number }>(zendeskFake, `${host}/__fake/counters`);
  expect(counters.served429).toBe(0);
});

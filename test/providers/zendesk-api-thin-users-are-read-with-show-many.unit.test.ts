import { expect, it } from "vitest";
import { zendeskApi } from "../../src/providers/zendesk-api";
import zendeskFake from "../support/provider-fakes/zendesk.mjs";
import { control, sessionOn, uniqueId } from "../support/api-session-on-fake";

it("thin Zendesk user refs are read with show_many (at most 100 ids a call, API token auth) and become full customers; soft-deleted and unknown users are 'deleted'", async () => {
  const subdomain = uniqueId("acme");
  const host = `https://${subdomain}.zendesk.com`;
  const credentials = { subdomain, email: "admin@acme.test", apiToken: uniqueId("tok") };
  await control(zendeskFake, `${host}/__fake/account`, { email: credentials.email, apiToken: credentials.apiToken });
  const others = Array.from({ length: 120 }, (_, i) => ({ id: 5000 + i, name: `User ${i}`, email: `u${i}@acme.test`, active: true, updated_at: "2026-11-30T08:00:00Z" }));
  await control(zendeskFake, `${host}/__fake/users`, {
    users: [
      { id: 35436, name: "Mary Ann Smith", email: "mary@acme.test", phone: "+15550123", active: true, updated_at: "2026-12-01T10:00:00Z" },
      { id: 35437, name: "Gone User", email: "gone@acme.test", active: false, updated_at: "2026-12-01T10:05:00Z" },
      ...others,
    ],
  });
  const session = sessionOn(zendeskFake, zendeskApi, credentials);
  const ids = ["35436", "35437", "99999", ...others.map((u) => String(u.id))];

  const hydrated = await zendeskApi.hydrate!(session, ids.map((externalId) => ({ kind: "customer", externalId, resource: "user" })));

  expect(hydrated.get("35436")).toEqual({
    status: "found",
    event: expect.objectContaining({
      provider: "zendesk",
      kind: "customer",
      externalId: "35436",
      version: Date.parse("2026-12-01T10:00:00Z"),
      action: "upsert",
      data: { email: "mary@acme.test", firstName: "Mary Ann", lastName: "Smith", phone: "+15550123", company: null, address: null },
    }),
  });
  expect(hydrated.get("35437")).toEqual({ status: "deleted" });
  expect(hydrated.get("99999")).toEqual({ status: "deleted" });
  expect([...hydrated.values()].filter((h) => h.status === "found")).toHaveLength(121);
  const counters = await control<{ byPath: Record<string, number> }>(zendeskFake, `${host}/__fake/counters`);
  expect(counters.byPath).toEqual({ "/api/v2/users/show_many.json": 2 });
});

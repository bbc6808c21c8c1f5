import { expect, it } from "vitest";
import { attemptDetail, createTenant, odooRecords, waitForStatus } from "../support/router";
import { fakeAccount, fakeCounters, oauth2Api, postThinCustomer, putFakeObject, putThinSource } from "../support/generic-api";

it("a thin event is fetched from the provider's API, then written to Odoo by the usual flow; its fetched version is recorded", async () => {
  const t = await createTenant();
  const account = await fakeAccount();
  await putFakeObject(account, "customers/c-1", { email: "ada@example.com", first_name: "Ada", last_name: "Lovelace", version: 7 });
  expect((await putThinSource(t, "crm", oauth2Api(account))).status).toBe(201);

  const reply = await postThinCustomer(t, "crm", "c-1", 5);
  expect(reply.status).toBe(202);
  const { eventId } = (await reply.json()) as { eventId: string };
  const event = await waitForStatus(t, eventId, ["delivered", "dead"]);
  expect(event.status).toBe("delivered");
  expect(attemptDetail(event)).toMatchObject({ hydrated: { version: 7, thinVersion: 5 } });
  const partners = await odooRecords<{ name: string; email: string }>(t, "res.partner");
  expect(partners.map((p) => [p.name, p.email])).toEqual([["Ada Lovelace", "ada@example.com"]]);
  expect((await fakeCounters(account)).served).toBe(1);
});

it("thin events of one queue batch are read through one connection; without api on the source they stay ignored, naming the fix", async () => {
  const t = await createTenant();
  const account = await fakeAccount();
  for (const id of ["b-1", "b-2", "b-3"]) await putFakeObject(account, `customers/${id}`, { email: `${id}@example.com`, first_name: id, version: 1 });
  expect((await putThinSource(t, "plain")).status).toBe(201);
  const ignored = (await (await postThinCustomer(t, "plain", "b-1", 1)).json()) as { status: string; reason: string };
  expect(ignored).toMatchObject({ status: "ignored", reason: expect.stringContaining('configure "api" on the source') });

  expect((await putThinSource(t, "crm", oauth2Api(account))).status).toBe(201);
  const ids = await Promise.all(["b-1", "b-2", "b-3"].map(async (id) => ((await (await postThinCustomer(t, "crm", id, 1)).json()) as { eventId: string }).eventId));
  for (const id of ids) expect((await waitForStatus(t, id, ["delivered", "dead"])).status).toBe("delivered");
  const counters = await fakeCounters(account);
  expect(counters.served).toBe(3);
  expect(counters.refreshes).toBe(1);
});

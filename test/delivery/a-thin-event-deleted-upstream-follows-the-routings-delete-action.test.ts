import { expect, it } from "vitest";
import { createTenant, odooSearchRead, putRouting, waitForStatus } from "../support/router";
import { fakeAccount, postThinCustomer, putFakeObject, putThinSource } from "../support/generic-api";

it('an entity deleted upstream (404) is ignored with the reason by default, and archived in Odoo with deletes.customer = "archive"', async () => {
  const t = await createTenant();
  const account = await fakeAccount({ auth: "none" });
  expect((await putThinSource(t, "crm", { fetchUrl: `https://api.generic.test/${account.account}/customers/{id}` })).status).toBe(201);

  // Never existed upstream: ignored, nothing written.
  const gone = (await (await postThinCustomer(t, "crm", "g-0", 1)).json()) as { eventId: string };
  const ignored = await waitForStatus(t, gone.eventId, ["ignored", "dead", "delivered"]);
  expect(ignored).toMatchObject({ status: "ignored", reason: expect.stringContaining('deletes.customer is "ignore"') });

  // Written once, then deleted upstream with the routing saying "archive": the partner is archived.
  await putFakeObject(account, "customers/g-1", { email: "gone@example.com", first_name: "Gon", last_name: "E", version: 1 });
  const first = (await (await postThinCustomer(t, "crm", "g-1", 1)).json()) as { eventId: string };
  expect((await waitForStatus(t, first.eventId, ["delivered", "dead"])).status).toBe("delivered");
  await putRouting(t, { deletes: { customer: "archive" } });
  await putFakeObject(account, "customers/g-1", null);
  const second = (await (await postThinCustomer(t, "crm", "g-1", 2)).json()) as { eventId: string };
  const archived = await waitForStatus(t, second.eventId, ["delivered", "dead", "ignored"]);
  expect(archived.status).toBe("delivered");
  const partners = await odooSearchRead<{ email: string; active: boolean }>(t, "res.partner", ["email", "active"]);
  expect(partners.filter((p) => p.email === "gone@example.com")).toEqual([expect.objectContaining({ active: false })]);
});

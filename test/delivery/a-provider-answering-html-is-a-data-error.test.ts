import { expect, it } from "vitest";
import { createTenant, odooRecords, waitForStatus } from "../support/router";
import { fakeAccount, fakeControl, postThinCustomer, putFakeObject, putThinSource } from "../support/generic-api";

it("a provider answering an HTML page (or garbage) for a thin event's object makes the event dead with a clear data error", async () => {
  const t = await createTenant();
  const account = await fakeAccount({ auth: "none" });
  await putFakeObject(account, "customers/h-1", { email: "h@example.com", version: 1 });
  await putFakeObject(account, "customers/h-2", { email: "h2@example.com", version: 1 });
  expect((await putThinSource(t, "crm", { fetchUrl: `https://api.generic.test/${account.account}/customers/{id}` })).status).toBe(201);

  await fakeControl(account, "faults", { mode: "html", count: 1 });
  const html = (await (await postThinCustomer(t, "crm", "h-1", 1)).json()) as { eventId: string };
  const dead = await waitForStatus(t, html.eventId, ["dead", "delivered"]);
  expect(dead.status).toBe("dead");
  expect(dead.error).toMatchObject({ category: "business", name: "provider_data", message: expect.stringMatching(/customer h-1: HTTP 200 with an HTML page/) });

  await fakeControl(account, "faults", { mode: "garbage", count: 1 });
  const garbage = (await (await postThinCustomer(t, "crm", "h-2", 1)).json()) as { eventId: string };
  const dead2 = await waitForStatus(t, garbage.eventId, ["dead", "delivered"]);
  expect(dead2.error).toMatchObject({ name: "provider_data", message: expect.stringContaining("not JSON") });
  expect(await odooRecords(t, "res.partner")).toEqual([]);
});

import { afterEach, expect, it, vi } from "vitest";
import { PROVIDERS } from "../../src/providers/registry";
import { createTenant, waitForStatus } from "../support/router";
import { fakeAccount, postThinCustomer, putFakeObject, putThinSource } from "../support/generic-api";

afterEach(() => vi.restoreAllMocks());

it("the thin events of one queue batch and source are handed to the provider's client in one hydrate call", async () => {
  const api = PROVIDERS["standard-webhooks"]!.api!;
  const hydrate = vi.spyOn(api, "hydrate");
  const t = await createTenant();
  const account = await fakeAccount({ auth: "none" });
  const ids = ["m-1", "m-2", "m-3", "m-4"];
  for (const id of ids) await putFakeObject(account, `customers/${id}`, { email: `${id}@example.com`, first_name: id, version: 1 });
  expect((await putThinSource(t, "crm", { fetchUrl: `https://api.generic.test/${account.account}/customers/{id}` })).status).toBe(201);

  const events = await Promise.all(ids.map(async (id) => ((await (await postThinCustomer(t, "crm", id, 1)).json()) as { eventId: string }).eventId));
  for (const eventId of events) expect((await waitForStatus(t, eventId, ["delivered", "dead"])).status).toBe("delivered");

  // Every id was read exactly once, and fewer calls than events were made (a batch is read together).
  const calls = hydrate.mock.calls.map(([, refs]) => refs.map((r) => r.externalId));
  expect(calls.flat().sort()).toEqual(ids);
  expect(calls.length).toBeLessThan(ids.length);
});

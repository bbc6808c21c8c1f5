import { expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { attemptDetail, createTenant, waitForStatus } from "../support/router";
import { fakeAccount, fakeControl, postThinCustomer, putFakeObject, putThinSource } from "../support/generic-api";

it("a provider answering 429 to a thin event's read: the event is retried no sooner than Retry-After, and Odoo's breaker is not told", async () => {
  const t = await createTenant({ delivery: { retry: { baseSeconds: 1, maxDelaySeconds: 120 } } });
  const account = await fakeAccount({ auth: "none" });
  await putFakeObject(account, "customers/r-1", { email: "r@example.com", version: 1 });
  expect((await putThinSource(t, "crm", { fetchUrl: `https://api.generic.test/${account.account}/customers/{id}` })).status).toBe(201);
  await fakeControl(account, "faults", { mode: "429", count: 1 });

  const { eventId } = (await (await postThinCustomer(t, "crm", "r-1", 1)).json()) as { eventId: string };
  const retrying = await waitForStatus(t, eventId, ["retrying", "dead", "delivered"]);
  expect(retrying.status).toBe("retrying");
  expect(retrying.error).toMatchObject({ category: "retryable", name: "provider_transient", message: expect.stringContaining("HTTP 429") });
  expect(attemptDetail(retrying).retryInSeconds).toBeGreaterThanOrEqual(30);
  expect(await env.ODOO_GATE.getByName(t.tenant).health()).toMatchObject({ state: "closed", window: { failures: 0 } });
});

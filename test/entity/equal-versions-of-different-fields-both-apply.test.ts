import { expect, it } from "vitest";
import { createTenant, odooSearchRead, waitForStatus } from "../support/router";
import { dealChange, postHubSpot, putHubSpotSource } from "../support/hubspot";

it("two HubSpot changes of one deal with the same occurredAt, of different properties, both apply (only an older change is stale)", async () => {
  const t = await createTenant();
  await putHubSpotSource(t);
  const at = 1_764_000_000_000;
  const [name] = await postHubSpot(t, [dealChange(502, at, "dealname", "Same instant")]);
  expect((await waitForStatus(t, name!.eventId!, ["delivered", "dead"])).status).toBe("delivered");

  const [amount] = await postHubSpot(t, [dealChange(502, at, "amount", "300")]);
  expect((await waitForStatus(t, amount!.eventId!, ["delivered", "dead"])).status).toBe("delivered");

  const leads = await odooSearchRead<{ name: string; expected_revenue: number }>(t, "crm.lead", ["name", "expected_revenue"]);
  expect(leads).toEqual([expect.objectContaining({ name: "Same instant", expected_revenue: 300 })]);

  // The same property again at the same version with the same value is a no-op (nothing to write).
  const [again] = await postHubSpot(t, [dealChange(502, at, "amount", "300")]);
  const noop = await waitForStatus(t, again!.eventId!, ["stale", "delivered", "dead"]);
  expect(noop).toMatchObject({ status: "stale", reason: expect.stringContaining("no change") });
});

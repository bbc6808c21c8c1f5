import { expect, it } from "vitest";
import { createTenant, injectOdooFaults, odooSearchRead, putRouting, waitForStatus } from "../support/router";
import { dealChange, postHubSpot, putHubSpotSource } from "../support/hubspot";

it("a HubSpot batch of three property changes of one deal (name, amount, stage) is coalesced into writes that carry all three", async () => {
  const t = await createTenant();
  await putHubSpotSource(t);
  await putRouting(t, { dealStages: { appointmentscheduled: "Qualified" } });
  // The first change is held in Odoo while the others arrive: they wait, and coalesce.
  await injectOdooFaults(t, [{ kind: "slow", model: "crm.lead", method: "create", delayMs: 1500, times: 1 }]);
  const at = 1_764_000_000_000;
  const first = await postHubSpot(t, [dealChange(501, at, "dealname", "Big renewal")]);
  const rest = await postHubSpot(t, [dealChange(501, at + 1000, "amount", "1250.50"), dealChange(501, at + 2000, "dealstage", "appointmentscheduled")]);
  expect([...first, ...rest].map((r) => r.status)).toEqual(["accepted", "accepted", "accepted"]);

  const ids = [...first, ...rest].map((r) => r.eventId!);
  const statuses = await Promise.all(ids.map(async (id) => (await waitForStatus(t, id, ["delivered", "superseded", "dead", "stale"])).status));
  // The second waited behind the first and was merged into the third (not replaced by it).
  expect(statuses).toEqual(["delivered", "superseded", "delivered"]);

  const leads = await odooSearchRead<{ name: string; expected_revenue: number; stage_id: [number, string] }>(t, "crm.lead", [
    "name",
    "expected_revenue",
    "stage_id",
  ]);
  expect(leads).toEqual([expect.objectContaining({ name: "Big renewal", expected_revenue: 1250.5, stage_id: [expect.any(Number), "Qualified"] })]);
});

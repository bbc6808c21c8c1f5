import { expect, it } from "vitest";
import { createTenant, odooSearchRead, waitForStatus } from "../support/router";
import { dealChange, postHubSpot, putHubSpotSource } from "../support/hubspot";

it("an older HubSpot change of a deal property already written newer is stale for that property, while an older change of another property applies", async () => {
  const t = await createTenant();
  await putHubSpotSource(t);
  const at = 1_764_000_000_000;
  const [newer] = await postHubSpot(t, [dealChange(503, at + 5000, "amount", "900")]);
  expect((await waitForStatus(t, newer!.eventId!, ["delivered", "dead"])).status).toBe("delivered");

  const [olderAmount] = await postHubSpot(t, [dealChange(503, at, "amount", "100")]);
  const [olderName] = await postHubSpot(t, [dealChange(503, at, "dealname", "Renamed earlier")]);
  expect((await waitForStatus(t, olderAmount!.eventId!, ["stale", "delivered", "dead"])).status).toBe("stale");
  expect((await waitForStatus(t, olderName!.eventId!, ["stale", "delivered", "dead"])).status).toBe("delivered");

  const leads = await odooSearchRead<{ name: string; expected_revenue: number }>(t, "crm.lead", ["name", "expected_revenue"]);
  expect(leads).toEqual([expect.objectContaining({ name: "Renamed earlier", expected_revenue: 900 })]);
});

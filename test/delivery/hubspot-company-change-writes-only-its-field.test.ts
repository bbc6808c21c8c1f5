import { expect, it } from "vitest";
import { createTenant, odooSearchRead, waitForStatus, type TestTenant } from "../support/router";
import { objectChange, postHubSpot, putHubSpotSource } from "../support/hubspot";

const deliver = async (t: TestTenant, change: ReturnType<typeof objectChange>) => {
  const [reply] = await postHubSpot(t, [change]);
  expect((await waitForStatus(t, reply!.eventId!, ["delivered", "dead", "stale"])).status).toBe("delivered");
};

it("a HubSpot company property change writes only that field of the company partner", async () => {
  const t = await createTenant();
  await putHubSpotSource(t);
  const at = 1_764_000_000_000;
  await deliver(t, objectChange("company", 901, at, "name", "Acme Corp"));
  await deliver(t, objectChange("company", 901, at + 1000, "city", "Boston"));
  await deliver(t, objectChange("company", 901, at + 2000, "domain", "acme.example"));

  const partners = await odooSearchRead<{ name: string; is_company: boolean; city: string; website: string }>(t, "res.partner", ["name", "is_company", "city", "website"]);
  expect(partners).toEqual([expect.objectContaining({ name: "Acme Corp", is_company: true, city: "Boston", website: expect.stringContaining("acme.example") })]);
});

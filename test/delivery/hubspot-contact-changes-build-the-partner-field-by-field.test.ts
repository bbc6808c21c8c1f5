import { expect, it } from "vitest";
import { createTenant, odooSearchRead, waitForStatus, type TestTenant } from "../support/router";
import { objectChange, postHubSpot, putHubSpotSource } from "../support/hubspot";

const deliver = async (t: TestTenant, change: ReturnType<typeof objectChange>) => {
  const [reply] = await postHubSpot(t, [change]);
  expect(reply!.status).toBe("accepted");
  expect((await waitForStatus(t, reply!.eventId!, ["delivered", "dead", "stale"])).status).toBe("delivered");
};

it("HubSpot contact property changes, one property each, build one partner field by field: the name from both name changes, each later change writing only its field", async () => {
  const t = await createTenant();
  await putHubSpotSource(t);
  const at = 1_764_000_000_000;
  await deliver(t, objectChange("contact", 801, at, "email", "jane.doe@example.test"));
  await deliver(t, objectChange("contact", 801, at + 1000, "firstname", "Jane"));
  await deliver(t, objectChange("contact", 801, at + 2000, "lastname", "Doe"));
  await deliver(t, objectChange("contact", 801, at + 3000, "phone", "+15550100"));

  const partners = await odooSearchRead<{ name: string; email: string; phone: string; ref: string }>(t, "res.partner", ["name", "email", "phone", "ref"]);
  expect(partners).toEqual([expect.objectContaining({ name: "Jane Doe", email: "jane.doe@example.test", phone: "+15550100", ref: "hubspot:801" })]);
});

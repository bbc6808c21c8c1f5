import { expect, it } from "vitest";
import { createTenant, odooExecute, odooSearchRead, waitForStatus, type TestTenant } from "../support/router";
import { objectChange, postHubSpot, putHubSpotSource } from "../support/hubspot";

const deliver = async (t: TestTenant, change: ReturnType<typeof objectChange>) => {
  const [reply] = await postHubSpot(t, [change]);
  expect(reply!.status).toBe("accepted");
  expect((await waitForStatus(t, reply!.eventId!, ["delivered", "dead", "stale"])).status).toBe("delivered");
};

it("a HubSpot contact's opt-out of all email (hs_email_optout) blacklists its email in Odoo when newer than Odoo's entry, and its opt-in releases it", async () => {
  const t = await createTenant({ odooVersion: "17.0" });
  await putHubSpotSource(t);
  const blacklist = async () => (await odooSearchRead<{ email: string; active: boolean }>(t, "mail.blacklist", ["email", "active"])).map((r) => [r.email, r.active]);
  const now = Date.now();
  await deliver(t, objectChange("contact", 901, now - 5_000, "email", "Kim@Example.test"));

  // An opt-out older than Odoo's own release of the address changes nothing.
  await odooExecute(t, "mail.blacklist", "create", [{ email: "kim@example.test", active: false }]);
  await deliver(t, objectChange("contact", 901, now - 4_000, "hs_email_optout", "true"));
  expect(await blacklist()).toEqual([["kim@example.test", false]]);

  // A newer one blacklists the partner's email; the contact opting in again later releases it.
  await deliver(t, objectChange("contact", 901, now + 60_000, "hs_email_optout", "true"));
  expect(await blacklist()).toEqual([["kim@example.test", true]]);
  await deliver(t, objectChange("contact", 901, now + 120_000, "hs_email_optout", "false"));
  expect(await blacklist()).toEqual([["kim@example.test", false]]);
});

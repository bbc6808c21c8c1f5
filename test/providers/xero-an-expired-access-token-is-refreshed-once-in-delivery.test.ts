/**
 * In the delivery path: Xero access tokens live 30 minutes. When the API answers 401 TokenExpired,
 * the connection refreshes once, stores the rotated refresh token and the read is retried: the
 * event is written, not failed.
 */
import { expect, it } from "vitest";
import { xeroContact, xeroDate } from "../support/accounting-objects";
import { postXeroChanges, putAccountingSource, xeroOrganisation } from "../support/accounting-sources";
import { createTenant, odooSearchRead } from "../support/router";

async function partnerWritten(t: Awaited<ReturnType<typeof createTenant>>, ref: string) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const partners = await odooSearchRead<{ ref: string; name: string }>(t, "res.partner", ["ref", "name"]);
    const partner = partners.find((p) => p.ref === ref);
    if (partner || Date.now() > deadline) return partner;
    await new Promise((r) => setTimeout(r, 200));
  }
}

it("an expired Xero access token is refreshed once and the contact is written", async () => {
  const t = await createTenant();
  const organisation = await xeroOrganisation();
  const [first, second] = [crypto.randomUUID(), crypto.randomUUID()];
  const updated = Date.now() - 60_000;
  await organisation.seed({ Contacts: [xeroContact(first, { UpdatedDateUTC: xeroDate(updated) }), xeroContact(second, { Name: "Second Ltd", FirstName: "Sam", LastName: "Second", UpdatedDateUTC: xeroDate(updated) })] });
  expect((await putAccountingSource(t, "xero", "xero", organisation.api)).status).toBe(201);
  const eventDateUtc = new Date(updated).toISOString().replace("Z", "");

  await postXeroChanges(t, "xero", organisation.tenantId, [{ category: "CONTACT", id: first, eventDateUtc }]);
  expect(await partnerWritten(t, `xero:${first}`)).toBeDefined();
  await organisation.control("expire-access-tokens");
  await postXeroChanges(t, "xero", organisation.tenantId, [{ category: "CONTACT", id: second, eventDateUtc }]);

  expect(await partnerWritten(t, `xero:${second}`)).toMatchObject({ name: "Sam Second" });
  expect(await organisation.counters()).toMatchObject({ refreshes: 2, unauthorized: 1, invalidGrants: 0, maxRefreshesInFlight: 1 });
});

import { expect, it } from "vitest";
import { createTenant, odooExecute, odooSearchRead, postShopify, waitForStatus } from "../support/router";
import { shopifyCustomer } from "../support/shopify";

it("a Shopify unsubscribe newer than Odoo's blacklist entry blacklists the email in Odoo, an older one does not", async () => {
  const t = await createTenant({ odooVersion: "19.0" });
  // Released in Odoo now (an archived row: Odoo's _remove of an address it never listed).
  const entry = await odooExecute<number>(t, "mail.blacklist", "create", [{ email: "bob.doe@example.test", active: false }]);
  const blacklist = async () => (await odooSearchRead<{ id: number; email: string; active: boolean }>(t, "mail.blacklist", ["email", "active"])).map((r) => [r.id, r.email, r.active]);

  const post = async (updatedAt: string, consentUpdatedAt: string) => {
    const payload = shopifyCustomer({ updated_at: updatedAt, email_marketing_consent: { state: "unsubscribed", opt_in_level: "single_opt_in", consent_updated_at: consentUpdatedAt } });
    const { eventId } = (await (await postShopify(t, "customers/update", payload)).json()) as { eventId: string };
    const event = await waitForStatus(t, eventId, ["delivered", "dead"]);
    expect(event.status).toBe("delivered");
  };

  // Unsubscribed in Shopify before Odoo released the address: Odoo's newer release stands.
  await post("2026-11-02T00:00:00Z", "2020-01-01T00:00:00Z");
  expect(await blacklist()).toEqual([[entry, "bob.doe@example.test", false]]);

  // Unsubscribed in Shopify after it: the address is blacklisted again (the same row).
  await post("2026-11-03T00:00:00Z", new Date(Date.now() + 60_000).toISOString());
  expect(await blacklist()).toEqual([[entry, "bob.doe@example.test", true]]);
});

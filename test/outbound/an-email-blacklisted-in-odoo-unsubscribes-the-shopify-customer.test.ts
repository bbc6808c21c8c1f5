import { expect, it } from "vitest";
import { consentFlow } from "../../src/outbound/flows/consent";
import { shopifyApi } from "../../src/providers/shopify-api";
import { memoryLedger } from "../support/memory-ledger";
import { fakeSession, outboundContext } from "../support/outbound-flow-context";
import { createTenant, odooExecute } from "../support/router";
import { uniqueId } from "../support/shopify";
import { graphqlCustomer } from "../support/shopify-graphql";

interface FakeCustomer {
  legacyResourceId: string;
  defaultEmailAddress: { marketingState: string; marketingUpdatedAt: string | null };
}

it("an email blacklisted in Odoo unsubscribes the Shopify customer once; released, it subscribes them again only because they had opted in", async () => {
  const t = await createTenant({ odooVersion: "18.0" });
  const shop = `${uniqueId("consent")}.myshopify.com`;
  const customer = (id: string, email: string, marketingState: string) =>
    graphqlCustomer({ legacyResourceId: id, defaultEmailAddress: { emailAddress: email, marketingState, marketingOptInLevel: "SINGLE_OPT_IN", marketingUpdatedAt: "2026-01-01T00:00:00Z" } });
  await fetch(`https://${shop}/__fake/seed`, {
    method: "POST",
    body: JSON.stringify({ accessToken: "shpat_c", customers: [customer("501", "ann@example.test", "SUBSCRIBED"), customer("502", "never@example.test", "NOT_SUBSCRIBED")] }),
  });
  const targets = [{ sourceId: "shop", provider: "shopify", session: fakeSession(shopifyApi, { shop, accessToken: "shpat_c" }) }];
  const ledger = memoryLedger();
  const send = (id: number) => consentFlow.send(outboundContext(t, { flow: "consent", externalId: String(id), model: "mail.blacklist", targets, odooVersion: 18, ledger }));
  const shopCustomer = async (id: string) => {
    const response = await fetch(`https://${shop}/admin/api/2026-10/graphql.json`, {
      method: "POST",
      headers: { "x-shopify-access-token": "shpat_c", "content-type": "application/json" },
      body: JSON.stringify({ query: `query { customer(id: "gid://shopify/Customer/${id}") { defaultEmailAddress { marketingState marketingUpdatedAt } } }` }),
    });
    return ((await response.json()) as { data: { customer: FakeCustomer } }).data.customer.defaultEmailAddress;
  };

  // Blacklisted in Odoo (the Mass Mailing "Blacklist" button creates the row).
  const entry = await odooExecute<number>(t, "mail.blacklist", "create", [{ email: "Ann@Example.test" }]);
  const [row] = await odooExecute<{ write_date: string }[]>(t, "mail.blacklist", "read", [[entry], ["write_date"]]);
  const first = await send(entry);
  expect(first.writes).toEqual([
    { to: "shop", provider: "shopify", objectKey: "email-consent:gid://shopify/Customer/501", value: { marketingState: "UNSUBSCRIBED" }, status: "sent", link: "gid://shopify/Customer/501" },
  ]);
  // Shopify's consent carries Odoo's time, so its customers/update is not newer than Odoo's entry.
  expect(await shopCustomer("501")).toEqual({ marketingState: "UNSUBSCRIBED", marketingUpdatedAt: `${row!.write_date.replace(" ", "T")}Z` });

  // Seen again: nothing to write.
  expect((await send(entry)).writes.map((w) => w.status)).toEqual(["unchanged"]);

  // Released in Odoo: the customer had opted in and only the router unsubscribed them.
  await odooExecute(t, "mail.blacklist", "action_archive", [[entry]]);
  const released = await send(entry);
  expect(released.writes.map((w) => [w.status, w.value])).toEqual([["sent", { marketingState: "SUBSCRIBED" }]]);
  expect((await shopCustomer("501")).marketingState).toBe("SUBSCRIBED");

  // Someone who never opted in is never subscribed by a release.
  const never = await odooExecute<number>(t, "mail.blacklist", "create", [{ email: "never@example.test", active: false }]);
  const skipped = await send(never);
  expect(skipped.writes).toEqual([expect.objectContaining({ status: "skipped", reason: expect.stringContaining("never subscribed without an opt-in") })]);
  expect((await shopCustomer("502")).marketingState).toBe("NOT_SUBSCRIBED");
});

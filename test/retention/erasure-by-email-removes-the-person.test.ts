import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { rejectionRecord } from "../../src/audit/rejections";
import { writeAuditMessages } from "../../src/audit/event-records";
import { call, createTenant, getEvent, injectOdooFaults, postShopify, waitForStatus } from "../support/router";
import { storedEvents, tenantToken } from "../support/retention";
import { shopifyCustomer, shopifyOrder, uniqueId } from "../support/shopify";

it("an erasure by email removes the person from stored payloads, audit responses and rejections, answers with counts and is audited without the email", async () => {
  const t = await createTenant();
  const email = `${uniqueId("jane")}@example.test`;
  const other = `${uniqueId("bob")}@example.test`;
  const customerId = Date.now();
  const orderId = customerId + 1;
  const otherId = customerId + 2;

  // The person's contact (refused by Odoo, quoting the email) and an order of theirs.
  await injectOdooFaults(t, [{ kind: "validation", model: "res.partner", method: "create", times: 1, message: `Invalid email ${email}` }]);
  const contact = (await (
    await postShopify(t, "customers/create", shopifyCustomer({ id: customerId, email, first_name: "Jane", last_name: "Roe" }))
  ).json()) as { eventId: string };
  await waitForStatus(t, contact.eventId, ["dead"]);
  const order = (await (
    await postShopify(
      t,
      "orders/create",
      shopifyOrder({ id: orderId, email, customer: { ...shopifyOrder().customer, id: customerId + 100, email, first_name: "Jane", last_name: "Roe" } }),
    )
  ).json()) as { eventId: string };
  await waitForStatus(t, order.eventId, ["delivered"]);
  // Someone else, who must be left alone.
  const bystander = (await (await postShopify(t, "customers/create", shopifyCustomer({ id: otherId, email: other }))).json()) as { eventId: string };
  await waitForStatus(t, bystander.eventId, ["delivered"]);
  // A refused delivery whose recorded reason quoted the person.
  const rejection = rejectionRecord(
    { tenantId: t.tenant, sourceId: t.source, provider: "shopify", code: "malformed_payload", reason: `bad field near "${email}"`, topic: "customers/update" },
    Date.now(),
  )!;
  await writeAuditMessages(env.DB, [rejection]);

  const token = await tenantToken(t, "operate");
  const response = await call(`/v1/tenants/${t.tenant}/erasures`, { method: "POST", token, body: JSON.stringify({ email: email.toUpperCase() }) });
  expect(response.status).toBe(200);
  const erasure = (await response.json()) as { id: string; requestedBy: string; subject: { type: string; hash: string }; counts: Record<string, number> };
  expect(erasure.counts).toEqual({ entities: 2, storedPayloads: 2, pendingPayloads: 0, auditEvents: 3, rejections: 1 });
  expect(erasure.requestedBy).toMatch(/^token:tok_/);
  expect(erasure.subject.type).toBe("email");
  expect(JSON.stringify(erasure).toLowerCase()).not.toContain(email);

  // Gone from every audit response...
  for (const id of [contact.eventId, order.eventId, rejection.event.id]) {
    expect(JSON.stringify(await getEvent(t, id)).toLowerCase()).not.toContain(email);
  }
  const list = await (await call(`/v1/tenants/${t.tenant}/events?limit=200`, { token })).text();
  expect(list.toLowerCase()).not.toContain(email);
  // ...and from the entity objects' storage.
  for (const [kind, id] of [["customer", customerId], ["order", orderId]] as const) {
    const stored = await storedEvents(t, kind, String(id));
    expect(stored.length).toBeGreaterThan(0);
    for (const row of stored) {
      expect(row.payload.toLowerCase()).not.toContain(email);
      expect(row.payload).not.toMatch(/Jane|Roe|Test Street/);
    }
  }
  // The bystander keeps their data.
  expect((await storedEvents(t, "customer", String(otherId)))[0]!.payload).toContain(other);

  // The erasure itself is on record, with counts and a hash, never the email.
  const records = await (await call(`/v1/tenants/${t.tenant}/erasures`, { token })).json();
  expect(records).toEqual({ items: [erasure] });
  const rows = JSON.stringify((await env.DB.prepare("SELECT * FROM erasures").all()).results).toLowerCase();
  expect(rows).toContain(erasure.subject.hash);
  expect(rows).not.toContain(email);
});

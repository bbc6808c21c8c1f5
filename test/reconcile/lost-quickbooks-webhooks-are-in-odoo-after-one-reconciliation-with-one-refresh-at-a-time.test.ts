/**
 * The scenario of issue #14 on an OAuth2 provider: a QuickBooks company (the fake at Intuit's
 * hosts, single-use rotating refresh tokens) with N customers and their invoices. Its thin
 * webhooks are signed as Intuit signs them, but 10 % are never delivered, some arrive twice, some
 * late (an older change after a newer one), and some customers' updates are lost. The access token
 * expires twice during the run. After one reconciliation every customer is in Odoo at its newest
 * version and every invoice once, at its newest amount; the exceptions name exactly the invoice
 * changed by hand in Odoo; the realm's limits were never exceeded and never more than one refresh
 * was in flight (the fake's token endpoint is slow, so refreshes that were not serialized would
 * overlap, and a second use of a rotated token would be an invalid_grant).
 */
import { expect, it } from "vitest";
import { qboCustomer, qboInvoice } from "../support/accounting-objects";
import { postQuickBooksChanges, QBO_VERIFIER, quickbooksCompany } from "../support/accounting-sources";
import { waitForJob } from "../support/reconcile";
import { ADMIN_TOKEN, call, createTenant, ODOO_API_KEY, odooExecute, odooSearchRead, waitForStatus, type TestTenant } from "../support/router";

const N = 20;
/** Whole seconds: QuickBooks' LastUpdatedTime has second precision. */
const T0 = Math.floor((Date.now() - 30 * 60_000) / 1000) * 1000;
const at = (ms: number) => new Date(ms).toISOString();

/** An open invoice of `qty` x 12.50 plus 2.00 tax (nothing paid). */
function invoice(id: string, customerId: string, qty: number, updatedAt: number) {
  const total = qty * 12.5 + 2;
  return qboInvoice(id, customerId, "9", total, {
    Line: [
      { Id: "1", LineNum: 1, Description: "Garden rocks", Amount: qty * 12.5, DetailType: "SalesItemLineDetail", SalesItemLineDetail: { ItemRef: { value: "9", name: "Garden Rocks" }, UnitPrice: 12.5, Qty: qty } },
      { Amount: qty * 12.5, DetailType: "SubTotalLineDetail", SubTotalLineDetail: {} },
    ],
    TotalAmt: total,
    MetaData: { LastUpdatedTime: at(updatedAt) },
  });
}

const customer = (id: string, email: string, updatedAt: number) => qboCustomer(id, { PrimaryEmailAddr: { Address: email }, MetaData: { LastUpdatedTime: at(updatedAt) } });

/** Event ids the router accepted from one notification (a duplicate is answered, not accepted). */
async function accepted(response: Response): Promise<string[]> {
  expect([200, 202]).toContain(response.status);
  const reply = (await response.json()) as { status: string; eventId?: string; events?: { status: string; eventId?: string }[] };
  return (reply.events ?? [reply]).filter((r) => r.status === "accepted").map((r) => r.eventId!);
}

/** A method that returns None: Odoo's JSON-RPC answer then has no "result" (odooExecute wants one). */
async function odooCallReturningNone(t: TestTenant, model: string, method: string, args: unknown[]) {
  const response = await fetch(`${t.odooUrl}/jsonrpc`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", method: "call", id: 1, params: { service: "object", method: "execute_kw", args: ["acme", 2, ODOO_API_KEY, model, method, args, {}] } }),
  });
  expect(((await response.json()) as { error?: unknown }).error).toBeUndefined();
}

async function settled(t: TestTenant, eventIds: string[]) {
  for (const id of eventIds) {
    const event = await waitForStatus(t, id, ["delivered", "stale", "superseded", "dead"], 60_000);
    expect(["delivered", "stale", "superseded"], `${id}: ${JSON.stringify(event.error)}`).toContain(event.status);
  }
}

it("after one reconciliation every QuickBooks customer and invoice is in Odoo at its newest version, once, with one refresh in flight at a time", { timeout: 240_000 }, async () => {
  const t = await createTenant();
  const company = await quickbooksCompany({ tokenLatencyMs: 300 });
  const put = await call(`/v1/admin/tenants/${t.tenant}/sources/qbo`, {
    method: "PUT",
    token: ADMIN_TOKEN,
    body: JSON.stringify({ provider: "quickbooks", secrets: [QBO_VERIFIER], api: company.api, reconcile: { every: "1d", lookbackHours: 1 } }),
  });
  expect(put.status).toBe(201);
  const realm = company.realmId;

  // Pair i: customer 100+i and its invoice 500+i. A quarter of the invoices were edited (one more
  // line item) before their webhooks were read: the newest is upstream.
  const pairs = Array.from({ length: N }, (_, i) => {
    const customerId = String(100 + i);
    const invoiceId = String(500 + i);
    const edited = i % 4 === 2;
    const qty = 1 + (i % 3);
    return { i, customerId, invoiceId, edited, newestQty: edited ? qty + 1 : qty, createdAt: T0 + i * 2000, editedAt: T0 + 600_000 + i * 2000 };
  });
  await company.seed({
    Customer: pairs.map((p) => customer(p.customerId, `c${p.i}@v1.example`, p.createdAt)),
    Invoice: pairs.map((p) => invoice(p.invoiceId, p.customerId, 1 + (p.i % 3), p.createdAt)),
  });
  await company.seed({ Invoice: pairs.filter((p) => p.edited).map((p) => invoice(p.invoiceId, p.customerId, p.newestQty, p.editedAt)) });

  const lost = pairs.filter((p) => p.i < N / 10); // 10 %: neither webhook ever delivered
  const customerUpdateLost = pairs.filter((p) => p.i % 5 === 3); // v1 written, the v2 webhook lost
  const events: string[] = [];
  for (const p of pairs) {
    if (lost.includes(p)) continue;
    const created = [
      { name: "Customer", id: p.customerId, lastUpdated: at(p.createdAt) },
      { name: "Invoice", id: p.invoiceId, lastUpdated: at(p.createdAt) },
    ];
    if (p.edited) {
      // Late: the edit's notification first, then the creation's (older by the time it comes).
      events.push(...(await accepted(await postQuickBooksChanges(t, "qbo", realm, [{ name: "Invoice", id: p.invoiceId, operation: "Update", lastUpdated: at(p.editedAt) }]))));
    }
    events.push(...(await accepted(await postQuickBooksChanges(t, "qbo", realm, created))));
    if (p.i % 4 === 1) expect(await accepted(await postQuickBooksChanges(t, "qbo", realm, created))).toEqual([]); // twice: a duplicate
    if (p.i === N / 2) {
      // The access token expires in the middle of the deliveries (after the first half was read with it).
      await settled(t, events);
      await company.control("expire-access-tokens");
    }
  }
  await settled(t, events);

  // Customers edited after their webhook was written, whose update webhook is lost.
  const customerEditedAt = T0 + 1200_000;
  await company.seed({ Customer: customerUpdateLost.map((p) => customer(p.customerId, `c${p.i}@v2.example`, customerEditedAt + p.i * 1000)) });

  // Someone adds a fee to one invoice in Odoo by hand: Odoo now differs from QuickBooks.
  const handChanged = pairs.find((p) => p.i === 10)!;
  const [move] = await odooExecute<{ id: number }[]>(t, "account.move", "search_read", [[["ref", "=", `qbo:${realm}:${handChanged.invoiceId}`]]], { fields: ["id"] });
  await odooCallReturningNone(t, "account.move", "button_draft", [[move!.id]]);
  await odooExecute(t, "account.move", "write", [[move!.id], { invoice_line_ids: [[0, 0, { name: "Hand-added fee", quantity: 1, price_unit: 5 }]] }]);
  await odooExecute(t, "account.move", "action_post", [[move!.id]]);

  // The access token expires again just before the reconciliation.
  await company.control("expire-access-tokens");
  const started = await call(`/v1/tenants/${t.tenant}/reconciliations`, { method: "POST", token: ADMIN_TOKEN, body: JSON.stringify({ source: "qbo" }) });
  expect(started.status).toBe(202);
  const job = await waitForJob(t, ((await started.json()) as { id: string }).id, 150_000);
  expect(job.error).toBeNull();
  expect(job.state).toBe("done");
  const fed = 2 * lost.length + customerUpdateLost.length;
  expect(job.counts).toMatchObject({ listed: 2 * N, fed, unchanged: 2 * N - fed, written: fed, exceptions: 1 });

  // Every customer once, at its newest version.
  const partners = (await odooSearchRead<{ ref: string | false; email: string }>(t, "res.partner", ["ref", "email"])).filter((p) => String(p.ref).startsWith(`qbo:${realm}:`));
  expect(partners).toHaveLength(N);
  for (const p of pairs) {
    const newest = customerUpdateLost.includes(p) ? `c${p.i}@v2.example` : `c${p.i}@v1.example`;
    expect(partners.filter((partner) => partner.ref === `qbo:${realm}:${p.customerId}`).map((partner) => partner.email)).toEqual([newest]);
  }

  // Every invoice once, posted, at its newest amount (the hand-changed one as Odoo has it).
  const moves = await odooSearchRead<{ ref: string; state: string; amount_residual: number; partner_id: [number, string] }>(t, "account.move", ["ref", "state", "amount_residual", "partner_id"]);
  expect(moves).toHaveLength(N);
  expect(new Set(moves.map((m) => m.ref)).size).toBe(N);
  for (const p of pairs) {
    const saved = moves.find((m) => m.ref === `qbo:${realm}:${p.invoiceId}`);
    const total = p.newestQty * 12.5 + 2;
    expect(saved, p.invoiceId).toMatchObject({ state: "posted", amount_residual: p === handChanged ? total + 5 : total });
  }

  // The exceptions name exactly the record that still differs, with both values.
  const listing = (await (await call(`/v1/tenants/${t.tenant}/reconciliation-exceptions?source=qbo`, { token: ADMIN_TOKEN })).json()) as { items: Record<string, unknown>[] };
  const handTotal = handChanged.newestQty * 12.5 + 2;
  expect(listing.items).toHaveLength(1);
  expect(listing.items[0]).toMatchObject({
    kind: "invoice",
    externalId: `${realm}:${handChanged.invoiceId}`,
    type: "amount_differs",
    provider: { amount: handTotal, currency: "USD" },
    odooValue: { amount: handTotal + 5 },
  });
  expect(job.exceptions.items.map((e) => e.externalId)).toEqual([`${realm}:${handChanged.invoiceId}`]);

  // Within the realm's limits (no 429 served), and one refresh at a time: the first one and one
  // per expiry, however many calls met the expired token (the run did meet it: 401s were
  // served), never a rotated refresh token used twice.
  const counters = await company.counters();
  expect(counters.throttled).toBe(0);
  expect(counters.maxConcurrent).toBeLessThanOrEqual(10);
  expect(counters.unauthorized).toBeGreaterThanOrEqual(2);
  expect(counters).toMatchObject({ refreshes: 3, maxRefreshesInFlight: 1, invalidGrants: 0 });
});

/**
 * Odoo calls per flow, counted from the emulator's call log (every HTTP call the router made to
 * the tenant's Odoo: authentication, version and `execute_kw`/JSON-2 calls alike). Each flow is
 * one event, sent after the log is cleared and waited for until it is terminal, so the log holds
 * its calls only. "Warm" means what an isolate that has written before holds: the schemas
 * (fields_get), reference ids (countries, states, currencies, pricelists) and the uid.
 */
import { expect } from "vitest";
import { odooCalls, odooSeed, postShopify, putRouting, waitForStatus, type TestTenant } from "./router";
import { shopifyCustomer, shopifyOrder, shopifyRefund, shopifyTransaction } from "./shopify";

export interface LoggedCall {
  model?: string | null;
  method: string;
  service?: string | null;
}

async function clearCalls(t: TestTenant): Promise<void> {
  const response = await fetch(`${t.odooUrl}/__emulator/calls`, { method: "DELETE" });
  if (!response.ok) throw new Error(`clearing the emulator's call log failed: ${response.status}`);
}

/** The Odoo calls one event's write made: the log is cleared, the event sent and waited for. */
export async function callsOf(t: TestTenant, topic: string, payload: unknown): Promise<LoggedCall[]> {
  await clearCalls(t);
  const { eventId } = (await (await postShopify(t, topic, payload)).json()) as { eventId: string };
  const event = await waitForStatus(t, eventId, ["delivered", "dead", "stale"], 20_000);
  expect(event.status, `${topic}: ${JSON.stringify(event.error)}`).toBe("delivered");
  return (await odooCalls(t)) as LoggedCall[];
}

export const describeCalls = (calls: LoggedCall[]) => calls.map((c) => (c.model ? `${c.model}.${c.method}` : c.method)).join(", ");

const ORDER_2 = 5820982911999;
const CUSTOMER_2 = 7115310627999;

/** A second order: a new customer, the products of the first order, paid (so it is confirmed). */
export const secondOrder = (overrides: Record<string, unknown> = {}) =>
  shopifyOrder({
    id: ORDER_2,
    name: "#1002",
    email: "john.poe@example.test",
    customer: { ...shopifyOrder().customer, id: CUSTOMER_2, email: "john.poe@example.test", first_name: "John", last_name: "Poe" },
    ...overrides,
  });

/**
 * Makes a tenant's caches warm (a customer, an order, its payment and its refund written once) and
 * returns what those first writes cost (cold: schemas, reference ids and the uid read on the way).
 */
export async function warmTenant(t: TestTenant): Promise<Record<string, LoggedCall[]>> {
  await putRouting(t, { orderInvoicing: "on_payment" });
  return {
    "cold: customer create": await callsOf(t, "customers/create", shopifyCustomer()),
    "cold: order create (new customer, new products, paid)": await callsOf(t, "orders/create", shopifyOrder()),
    "cold: payment (invoices its order)": await callsOf(t, "order_transactions/create", shopifyTransaction()),
    "cold: refund (whole)": await callsOf(t, "refunds/create", shopifyRefund()),
  };
}

/** A third order, of three products Odoo has (seeded, as a catalog imported into Odoo) that no event named yet. */
export async function thirdOrderOfOdooProducts(t: TestTenant) {
  await odooSeed(t, "product.product", ["CAT-1", "CAT-2", "CAT-3"].map((code) => ({ name: code, default_code: code, list_price: 5 })));
  const line = (n: number) => ({ id: 9100 + n, product_id: 9200 + n, variant_id: 9300 + n, sku: `CAT-${n}`, name: `Cat ${n}`, title: `Cat ${n}`, quantity: 1, price: "5.00", total_discount: "0.00" });
  return secondOrder({ id: 5820982911777, name: "#1003", line_items: [line(1), line(2), line(3)] });
}

/** Every flow of the benchmark's "Odoo calls per flow", on a warm tenant, in the order a shop sends them. */
export async function callsPerFlow(t: TestTenant): Promise<Record<string, LoggedCall[]>> {
  const counts: Record<string, LoggedCall[]> = await warmTenant(t);
  counts["order create (new customer, known products, paid)"] = await callsOf(t, "orders/create", secondOrder());
  counts["order create (known customer, 3 products in Odoo not mapped yet, paid)"] = await callsOf(t, "orders/create", await thirdOrderOfOdooProducts(t));
  counts["order update"] = await callsOf(t, "orders/updated", secondOrder({ note: "gift", updated_at: "2026-11-20T11:00:00-05:00" }));
  counts["customer update"] = await callsOf(t, "customers/update", shopifyCustomer({ last_name: "Doe-Smith", updated_at: "2026-11-02T12:00:00Z" }));
  counts["payment (invoices its order)"] = await callsOf(t, "order_transactions/create", shopifyTransaction({ id: 389404999, order_id: ORDER_2 }));
  counts["refund (whole)"] = await callsOf(
    t,
    "refunds/create",
    shopifyRefund({ id: 509562999, order_id: ORDER_2, transactions: [{ id: 179259999, parent_id: 389404999, kind: "refund", status: "success", amount: "41.10", currency: "USD" }] }),
  );
  return counts;
}

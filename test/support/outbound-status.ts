/**
 * Drives the invoiceStatus and accountStatus flows' `send` directly (workers pool): a real
 * emulated Odoo reached over JSON-RPC (its own database per host), provider fakes behind real API
 * sessions (createApiSession), the real D1 mappings, and an in-memory ledger.
 */
import { env } from "cloudflare:workers";
import { MappingStore } from "../../src/db/mappings";
import { odooClient } from "../../src/odoo/connect";
import type { OdooClient } from "../../src/odoo/client";
import type { OutboundConfig, OutboundContext, OutboundFlowName, OutboundTarget } from "../../src/outbound/flow";
import { DEFAULT_ROUTING } from "../../src/tenant/routing";
import { memoryLedger } from "./memory-ledger";
import { ODOO_API_KEY } from "./router";
import { uniqueId } from "./shopify";

export interface EmulatedOdoo {
  tenant: string;
  url: string;
  client: OdooClient;
  /** One execute_kw as the API user (setting up what a user of Odoo would do). */
  run<T = unknown>(model: string, method: string, args: unknown[], kwargs?: Record<string, unknown>): Promise<T>;
  /** A control route of the emulator (`/__emulator/<route>`). */
  control<T = unknown>(route: string, body: unknown): Promise<T>;
}

export async function emulatedOdoo(version = "19.0"): Promise<EmulatedOdoo> {
  const tenant = uniqueId("t");
  const url = `http://odoo-${tenant}.test`;
  const connection = { url, database: "acme", login: "router@acme.test", apiKey: ODOO_API_KEY, protocol: "jsonrpc" as const };
  const control = async <T>(route: string, body: unknown): Promise<T> => {
    const response = await fetch(`${url}/__emulator/${route}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`emulator ${route}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  await control("config", { database: "acme", login: "router@acme.test", apiKey: ODOO_API_KEY, version });
  const client = odooClient(connection);
  return { tenant, url, client, control, run: (model, method, args, kwargs = {}) => client.call(model, method, args, kwargs) };
}

/** A confirmed order of one service line, quoted from an opportunity, invoiced and posted. */
export async function postedInvoice(odoo: Pick<EmulatedOdoo, "run">, options: { price?: number; dueDate?: string; company?: string } = {}) {
  const partnerId = await odoo.run<number>("res.partner", "create", [{ name: options.company ?? "Acme Corp", is_company: true }]);
  const opportunityId = await odoo.run<number>("crm.lead", "create", [{ name: "Acme deal", type: "opportunity", partner_id: partnerId }]);
  const templateId = await odoo.run<number>("product.template", "create", [{ name: "Consulting", type: "service", list_price: options.price ?? 100 }]);
  const [productId] = await odoo.run<number[]>("product.product", "search", [[["product_tmpl_id", "=", templateId]]]);
  const orderId = await odoo.run<number>("sale.order", "create", [
    { partner_id: partnerId, opportunity_id: opportunityId, order_line: [[0, 0, { product_id: productId, product_uom_qty: 1, price_unit: options.price ?? 100 }]] },
  ]);
  await odoo.run("sale.order", "action_confirm", [[orderId]]);
  const context = { active_model: "sale.order", active_ids: [orderId], active_id: orderId };
  const wizardId = await odoo.run<number>("sale.advance.payment.inv", "create", [{ advance_payment_method: "delivered" }], { context });
  const action = await odoo.run<{ res_id: number }>("sale.advance.payment.inv", "create_invoices", [[wizardId]], { context });
  const invoiceId = action.res_id;
  if (options.dueDate) await odoo.run("account.move", "write", [[invoiceId], { invoice_date_due: options.dueDate, invoice_date: options.dueDate }]);
  await odoo.run("account.move", "action_post", [[invoiceId]]);
  return { partnerId, opportunityId, orderId, invoiceId };
}

/** Registers a payment on an invoice ("Register Payment"; the whole amount due when none is given). */
export function pay(odoo: EmulatedOdoo, invoiceId: number, amount?: number) {
  return odoo.control<{ payment_state: string; amount_residual: number }>("payments", { invoice_id: invoiceId, ...(amount === undefined ? {} : { amount }) });
}

/** A flow's context over this Odoo, these targets and a ledger; `mappings` are the real D1 store of the tenant. */
export function flowContext<F extends OutboundFlowName>(
  odoo: EmulatedOdoo,
  options: { externalId: string; model: string; config: OutboundConfig<F>; targets: OutboundTarget[]; ledger?: ReturnType<typeof memoryLedger>; version?: number },
): OutboundContext<F> & { ledger: ReturnType<typeof memoryLedger> } {
  const ledger = options.ledger ?? memoryLedger();
  return {
    tenantId: odoo.tenant,
    eventId: uniqueId("ev"),
    externalId: options.externalId,
    change: { model: options.model, ids: [Number(options.externalId)], via: "poll", writeDate: null },
    config: options.config,
    routing: DEFAULT_ROUTING,
    odoo: odoo.client,
    odooVersion: options.version ?? 19,
    targets: options.targets,
    ledger,
    mappings: (sourceId) => new MappingStore(env.DB, odoo.tenant, sourceId),
  };
}

export const mappingsOf = (odoo: EmulatedOdoo, sourceId: string) => new MappingStore(env.DB, odoo.tenant, sourceId);

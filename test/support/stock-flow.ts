/**
 * Drives the stock flow's `send` directly in the workers pool: a real Odoo client on the tenant's
 * own emulated database, provider sessions on the fakes (reached through the global fetch, as the
 * router's own calls are), and an in-memory ledger. What the delivery step would hand the flow.
 */
import { createApiSession } from "../../src/connections/api-session";
import type { OdooClient } from "../../src/odoo/client";
import { odooClient } from "../../src/odoo/connect";
import { outboundRoutingSchema, type OutboundContext, type OutboundLedger, type OutboundTarget } from "../../src/outbound/flow";
import type { ApiSession } from "../../src/providers/provider-api";
import { shopifyApi } from "../../src/providers/shopify-api";
import { squareApi } from "../../src/providers/square-api";
import { woocommerceApi } from "../../src/providers/woocommerce-api";
import { routingSchema } from "../../src/tenant/routing";
import { openGate } from "./api-gates";
import { ODOO_API_KEY } from "./router";
import { uniqueId } from "./shopify";

async function post(url: string, body: unknown): Promise<unknown> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}

export const getJson = async <T>(url: string): Promise<T> => (await fetch(url)).json() as Promise<T>;

/** An emulated Odoo database with the default warehouse "WH" and a second one, "WH2". */
export async function stockOdoo(version = "19.0") {
  const url = `http://odoo-${uniqueId("stock")}.test`;
  await post(`${url}/__emulator/config`, { database: "acme", login: "router@acme.test", apiKey: ODOO_API_KEY, version });
  await post(`${url}/__emulator/records/stock.warehouse`, [{ name: "Second", code: "WH2" }]);
  const major = Number.parseInt(version, 10);
  const odoo: OdooClient = odooClient({ url, database: "acme", login: "router@acme.test", apiKey: ODOO_API_KEY, protocol: "jsonrpc" });
  return {
    odoo,
    /** The major version, as the delivery step hands it to a flow (`odooVersion`). */
    major,
    /** A storable product (16/17 type "product", 18+ is_storable) with this SKU; its product.product id. */
    async product(sku: string, barcode: string | null = null, tracked = true): Promise<number> {
      const storable = !tracked ? {} : version === "16.0" || version === "17.0" ? { type: "product" } : { is_storable: true };
      await post(`${url}/__emulator/records/product.template`, [{ name: `Product ${sku}`, default_code: sku, ...(barcode ? { barcode } : {}), ...storable }]);
      const [id] = await odoo.call<number[]>("product.product", "search", [[["default_code", "=", sku]]]);
      return id!;
    },
    /** Sets the quantity on hand in a warehouse (an applied inventory adjustment). */
    setStock: (productId: number, warehouse: string, quantity: number) => post(`${url}/__emulator/stock`, { product_id: productId, warehouse, quantity }),
  };
}

export async function seedFake(host: string, body: Record<string, unknown>): Promise<void> {
  await post(`https://${host}/__fake/seed`, body);
}

export function shopifyTarget(shop: string, accessToken: string): OutboundTarget {
  return { sourceId: "shop", provider: "shopify", session: createApiSession({ api: shopifyApi, credentials: { shop, accessToken }, gate: openGate() }) };
}

export function wooTarget(host: string, consumerKey: string, consumerSecret: string): OutboundTarget {
  const session: ApiSession = createApiSession({ api: woocommerceApi, credentials: { consumerKey, consumerSecret, baseUrl: `https://${host}` }, gate: openGate() });
  return { sourceId: "woo", provider: "woocommerce", session };
}

export function squareTarget(accessToken: string): OutboundTarget {
  return { sourceId: "pos", provider: "square", session: createApiSession({ api: squareApi, credentials: { accessToken }, gate: openGate() }) };
}

export function stockContext(input: {
  odoo: OdooClient;
  productId: number;
  targets: OutboundTarget[];
  stock: Record<string, unknown>;
  ledger: OutboundLedger;
  eventId?: string;
  odooVersion?: number;
  via?: OutboundContext["change"]["via"];
}): OutboundContext<"stock"> {
  const config = outboundRoutingSchema.parse({ stock: { to: input.targets.map((t) => t.sourceId), ...input.stock } }).stock!;
  return {
    tenantId: uniqueId("t-stock"),
    eventId: input.eventId ?? uniqueId("evt"),
    externalId: String(input.productId),
    change: { model: "stock.quant", ids: [], via: input.via ?? "poll", writeDate: null },
    config,
    routing: routingSchema.parse({}),
    odoo: input.odoo,
    odooVersion: input.odooVersion ?? 19,
    targets: input.targets,
    ledger: input.ledger,
    mappings() {
      throw new Error("the stock flow reads no mappings");
    },
  };
}

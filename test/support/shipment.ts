/**
 * The shipment flow driven directly (workers pool): a tenant's emulated Odoo with a confirmed order
 * of 5 mugs and its delivery, the same order in the Shopify fake (mapped to the sale.order as the
 * inbound order writer maps it), a real Odoo client, a Shopify session on the fake, and an
 * in-memory ledger. `send(pickingId)` runs `shipmentFlow.send` as the outbound delivery step would.
 */
import { env } from "cloudflare:workers";
import { createApiSession } from "../../src/connections/api-session";
import { MappingStore } from "../../src/db/mappings";
import { odooClient } from "../../src/odoo/connect";
import type { OutboundContext, OutboundResult, OutboundTarget } from "../../src/outbound/flow";
import { shipmentFlow } from "../../src/outbound/flows/shipment";
import { shopifyApi } from "../../src/providers/shopify-api";
import { DEFAULT_ROUTING } from "../../src/tenant/routing";
import { memoryLedger } from "./memory-ledger";
import { trivialGate } from "./provider-api-session";
import { createTenant, ODOO_API_KEY, odooExecute } from "./router";
import { uniqueId } from "./shopify";

export const SHOPIFY_ORDER_ID = "5001";
export const CARRIER_NAME = "DHL Express";

async function emulatorControl<T>(odooUrl: string, route: string, body: unknown): Promise<T> {
  const response = await fetch(`${odooUrl}/__emulator/${route}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`emulator ${route}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function shopifyControl<T>(shop: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`https://${shop}/__fake/${path}`, body === undefined ? {} : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`shopify fake ${path}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

export interface FakeFulfillment {
  id: string;
  trackingInfo: { company: string | null; number: string; url: string | null }[];
  fulfillmentLineItems: { quantity: number; lineItem: { sku: string } }[];
}

export async function shipmentScenario(odooVersion = "19.0") {
  const t = await createTenant({ odooVersion });
  const rpc = <T>(model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}) => odooExecute<T>(t, model, method, args, kwargs);

  const storable = odooVersion === "16.0" || odooVersion === "17.0" ? { type: "product" } : { is_storable: true };
  await rpc("product.template", "create", [{ name: "Mug", default_code: "MUG", ...storable }]);
  const [product] = await rpc<number[]>("product.product", "search", [[["default_code", "=", "MUG"]]]);
  await emulatorControl(t.odooUrl, "stock", { product_id: product, quantity: 20 });
  const shippingTemplate = await rpc<number>("product.template", "create", [{ name: "Shipping", type: "service" }]);
  const [shipping] = await rpc<{ product_variant_id: [number, string] }[]>("product.template", "read", [[shippingTemplate], ["product_variant_id"]]);
  const carrier = await rpc<number>("delivery.carrier", "create", [
    { name: CARRIER_NAME, product_id: shipping!.product_variant_id[0], tracking_url: "https://track.example/<shipmenttrackingnumber>" },
  ]);
  const partner = await rpc<number>("res.partner", "create", [{ name: "Jane Doe" }]);
  const order = await rpc<number>("sale.order", "create", [{ partner_id: partner, order_line: [[0, 0, { product_id: product, product_uom_qty: 5 }]] }]);
  await rpc("sale.order", "action_confirm", [[order]]);
  const [picking] = await rpc<number[]>("stock.picking", "search", [[["sale_id", "=", order]]]);

  const shop = `${uniqueId("ship")}.myshopify.com`;
  const accessToken = `shpat_${uniqueId("token")}`;
  await shopifyControl(shop, "seed", {
    accessToken,
    orders: [{ legacyResourceId: SHOPIFY_ORDER_ID, name: "#5001", lineItems: [{ id: "gid://shopify/LineItem/9001", sku: "MUG", name: "Mug", quantity: 5 }] }],
  });
  // What the inbound order writer records when it creates the sale.order of a Shopify order.
  const mappings = new MappingStore(env.DB, t.tenant, t.source);
  await mappings.put("order", SHOPIFY_ORDER_ID, { model: "sale.order", id: order });

  const odoo = odooClient({ url: t.odooUrl, database: "acme", login: "router@acme.test", apiKey: ODOO_API_KEY, protocol: "jsonrpc" });
  const target: OutboundTarget = {
    sourceId: t.source,
    provider: "shopify",
    session: createApiSession({ api: shopifyApi, credentials: { shop, accessToken }, gate: trivialGate }),
  };
  const targets: OutboundTarget[] = [target];
  const ledger = memoryLedger();
  let events = 0;

  return {
    t,
    shop,
    accessToken,
    rpc,
    product: product!,
    carrier,
    picking: picking!,
    ledger,
    order: order!,
    /** Sends to these targets instead of the Shopify one. */
    useTargets(...list: OutboundTarget[]) {
      targets.splice(0, targets.length, ...list);
    },
    /** The provider order a source created for the sale.order (as its inbound order writer maps it). */
    mapOrder: (sourceId: string, externalId: string) => new MappingStore(env.DB, t.tenant, sourceId).put("order", externalId, { model: "sale.order", id: order }),
    /** Validates a delivery as a user does (done quantities, tracking), keeping a backorder of the rest. */
    validate: (pickingId: number, quantity: number, tracking?: string) =>
      emulatorControl<{ state: string; backorder_ids: number[] }>(t.odooUrl, "deliveries/validate", {
        picking_id: pickingId,
        quantities: { [String(product)]: quantity },
        ...(tracking ? { tracking_ref: tracking, carrier_id: carrier } : {}),
      }),
    /** One delivery attempt; the same `eventId` again = the delivery step retrying that event. */
    send(pickingId: number, eventId = `evt-${++events}`): Promise<OutboundResult> {
      const ctx: OutboundContext<"shipment"> = {
        tenantId: t.tenant,
        eventId,
        externalId: String(pickingId),
        change: { model: "stock.picking", ids: [pickingId], via: "callback", writeDate: null },
        config: { to: targets.map((x) => x.sourceId), notifyCustomer: true, mode: "realtime" },
        routing: DEFAULT_ROUTING,
        odoo,
        odooVersion: Number(odooVersion.split(".")[0]),
        targets,
        ledger,
        mappings: (sourceId) => new MappingStore(env.DB, t.tenant, sourceId),
      };
      return shipmentFlow.send(ctx);
    },
    shopifyOrder: () => shopifyControl<{ fulfillments: FakeFulfillment[]; fulfillmentOrders: { status: string; lineItems: { remainingQuantity: number }[] }[] }>(shop, `orders/${SHOPIFY_ORDER_ID}`),
    shopifyCounters: () => shopifyControl<{ fulfillmentsCreated?: number; trackingUpdates?: number }>(shop, "counters"),
    loseNextShopifyAnswer: () => shopifyControl(shop, "faults", { faults: [{ commit: true, status: 502, body: "html" }] }),
  };
}

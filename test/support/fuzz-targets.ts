/**
 * Every provider of src/providers/registry.ts as the fuzz tests and the size tests drive it: a
 * source configuration, real payloads to mutate (test/fixtures/), the headers its normalize reads
 * (topic, delivery id) and a signer that makes verify accept a body, as the provider would sign it.
 */
import type { Provider } from "../../src/providers/provider";
import { PROVIDERS } from "../../src/providers/registry";
import { toBase64, toHex } from "./signing";
import { shopifyCustomer, shopifyOrder, shopifyProduct, shopifyRefund, shopifyTransaction } from "./shopify";
import { paypalSignature, paypalSigner, sandboxCertUrl, type PaypalSigner } from "./paypal";
import { mutatedJson, mutatedXml } from "./fuzz";
import type fc from "fast-check";

import stripeCustomer from "../fixtures/stripe/customer.created.json?raw";
import stripePayment from "../fixtures/stripe/payment_intent.succeeded.json?raw";
import stripeRefund from "../fixtures/stripe/charge.refunded.with-refunds-2022-08-01.json?raw";
import stripeInvoice from "../fixtures/stripe/invoice.paid.json?raw";
import stripeProduct from "../fixtures/stripe/product.updated.expanded-price.json?raw";
import stripeThin from "../fixtures/stripe/thin.v1.customer.updated.json?raw";
import hubspotBatch from "../fixtures/hubspot/batch.json?raw";
import paypalCapture from "../fixtures/paypal/payment-capture-completed.json?raw";
import paypalRefund from "../fixtures/paypal/payment-capture-refunded.json?raw";
import qboLegacy from "../fixtures/quickbooks/legacy-routed.json?raw";
import qboCloudEvents from "../fixtures/quickbooks/cloudevents-routed.json?raw";
import sfAccount from "../fixtures/salesforce/account-and-contact.xml?raw";
import sfOpportunity from "../fixtures/salesforce/opportunity.xml?raw";
import squareCustomer from "../fixtures/square/customer-updated.json?raw";
import squareOrder from "../fixtures/square/order-updated.json?raw";
import squarePayment from "../fixtures/square/payment-updated.json?raw";
import squareRefund from "../fixtures/square/refund-created.json?raw";
import swFull from "../fixtures/standard-webhooks/contact.created.full.json?raw";
import swBigcommerce from "../fixtures/standard-webhooks/bigcommerce.store-customer-created.json?raw";
import githubPing from "../fixtures/github/ping.json?raw";
import genericCustomer from "../fixtures/generic-hmac/woocommerce.customer.created.json?raw";
import wooCustomer from "../fixtures/woocommerce/customer.json?raw";
import wooOrder from "../fixtures/woocommerce/order.json?raw";
import wooProduct from "../fixtures/woocommerce/product-variable.json?raw";
import xeroBatch from "../fixtures/xero/mixed-batch.json?raw";
import zendeskTicket from "../fixtures/zendesk/ticket-created.json?raw";
import zendeskUser from "../fixtures/zendesk/user-active-changed.json?raw";
import odooQuantCallback from "../fixtures/odoo/stock-quant-callback.json?raw";

export interface FuzzTarget {
  id: string;
  provider: Provider;
  /** The source's options as the admin API stores them (parsed by the provider's schema). */
  options: Record<string, unknown>;
  secret: string;
  url: string;
  seeds: string[];
  mutate: (seed: string) => fc.Arbitrary<string>;
  /** Headers normalize reads, by seed (a topic goes with its payload); the fuzz also mutates them. */
  headers: (seedIndex: number) => Record<string, string>;
  /** Headers that make verify accept `body` at `now` (ms); PayPal's signer takes text, so only UTF-8 bodies. */
  sign: (body: Uint8Array, now: number, headers: Record<string, string>) => Promise<Record<string, string>>;
}

const SECRET = "fuzz-secret-0123456789";
const WHSEC = `whsec_${btoa("fuzz-standard-webhooks-key-32byt")}`;
const concat = (...parts: (string | Uint8Array)[]) => {
  const bytes = parts.map((p) => (typeof p === "string" ? new TextEncoder().encode(p) : p));
  const out = new Uint8Array(bytes.reduce((n, b) => n + b.byteLength, 0));
  let at = 0;
  for (const b of bytes) out.set(b, at), (at += b.byteLength);
  return out;
};
const text = (body: Uint8Array) => new TextDecoder().decode(body);
/** HMAC-SHA256 with the key imported once (the fuzz signs tens of thousands of bodies). */
const keys = new Map<string, Promise<CryptoKey>>();
async function hmac(key: string | Uint8Array, message: Uint8Array): Promise<Uint8Array> {
  const id = typeof key === "string" ? key : toHex(key);
  let cryptoKey = keys.get(id);
  if (!cryptoKey) {
    const raw = typeof key === "string" ? new TextEncoder().encode(key) : key;
    keys.set(id, (cryptoKey = crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign"])));
  }
  return new Uint8Array(await crypto.subtle.sign("HMAC", await cryptoKey, message));
}
const hmacBase64 = async (key: string | Uint8Array, message: Uint8Array) => toBase64(await hmac(key, message));
const hmacHex = async (key: string | Uint8Array, message: Uint8Array) => toHex(await hmac(key, message));
const bodyHmacBase64 = (header: string) => async (body: Uint8Array) => ({ [header]: await hmacBase64(SECRET, body) });

const shopifySeeds: [string, string][] = [
  ["orders/create", JSON.stringify(shopifyOrder())],
  ["customers/update", JSON.stringify(shopifyCustomer())],
  ["products/update", JSON.stringify(shopifyProduct())],
  ["order_transactions/create", JSON.stringify(shopifyTransaction())],
  ["refunds/create", JSON.stringify(shopifyRefund())],
  ["inventory_levels/update", JSON.stringify({ inventory_item_id: 808950810, location_id: 905684977, available: 6, updated_at: "2026-11-20T10:00:00-05:00" })],
];
const wooSeeds: [string, string][] = [
  ["customer.created", wooCustomer],
  ["order.updated", wooOrder],
  ["product.updated", wooProduct],
];
const genericRoutes = {
  "customer.created": {
    kind: "customer",
    idPath: "id",
    versionPath: "date_modified_gmt",
    fields: { email: "email", firstName: "first_name", lastName: "last_name", phone: "billing.phone", countryCode: "billing.country" },
  },
  "product.created": { kind: "product", idPath: "id", versionPath: "date_modified_gmt", fields: { title: "first_name", price: "id", currency: "billing.country" } },
};

let paypalKeys: Promise<{ signer: PaypalSigner; certUrl: string; pem: string }> | null = null;
/** One signing certificate for the whole run (RSA keys are slow to make). */
export function paypalKeysOnce() {
  paypalKeys ??= paypalSigner().then((signer) => ({ signer, certUrl: sandboxCertUrl(), pem: signer.pem }));
  return paypalKeys;
}

export const FUZZ_TARGETS: FuzzTarget[] = [
  {
    id: "shopify",
    provider: PROVIDERS.shopify!,
    options: { currency: "USD" },
    secret: SECRET,
    url: "https://router.test/webhooks/acme/shopify",
    seeds: shopifySeeds.map(([, body]) => body),
    mutate: mutatedJson,
    headers: (i) => ({ "x-shopify-topic": shopifySeeds[i % shopifySeeds.length]![0], "x-shopify-webhook-id": `wh-${i}` }),
    sign: bodyHmacBase64("x-shopify-hmac-sha256"),
  },
  {
    id: "quickbooks",
    provider: PROVIDERS.quickbooks!,
    options: {},
    secret: SECRET,
    url: "https://router.test/webhooks/acme/qbo",
    seeds: [qboLegacy, qboCloudEvents],
    mutate: mutatedJson,
    headers: () => ({}),
    sign: bodyHmacBase64("intuit-signature"),
  },
  {
    id: "xero",
    provider: PROVIDERS.xero!,
    options: {},
    secret: SECRET,
    url: "https://router.test/webhooks/acme/xero",
    seeds: [xeroBatch],
    mutate: mutatedJson,
    headers: () => ({}),
    sign: bodyHmacBase64("x-xero-signature"),
  },
  {
    id: "paypal",
    provider: PROVIDERS.paypal!,
    options: { webhookId: "1JE4291016473214C" },
    secret: "unused",
    url: "https://router.test/webhooks/acme/paypal",
    seeds: [paypalCapture, paypalRefund],
    mutate: mutatedJson,
    headers: () => ({}),
    async sign(body, now) {
      const { signer, certUrl } = await paypalKeysOnce();
      const transmissionId = crypto.randomUUID();
      const transmissionTime = new Date(now).toISOString().replace(/\.\d{3}Z$/, "Z");
      const sig = await paypalSignature(signer.privateKey, { transmissionId, transmissionTime, webhookId: "1JE4291016473214C", body: text(body) });
      return {
        "paypal-transmission-id": transmissionId,
        "paypal-transmission-time": transmissionTime,
        "paypal-transmission-sig": sig,
        "paypal-cert-url": certUrl,
        "paypal-auth-algo": "SHA256withRSA",
      };
    },
  },
  {
    id: "salesforce",
    provider: PROVIDERS.salesforce!,
    options: { organizationId: "00D5w000004qGTOEA2", currency: "USD" },
    secret: "none",
    url: "https://router.test/webhooks/acme/salesforce",
    seeds: [sfAccount, sfOpportunity],
    mutate: mutatedXml,
    headers: () => ({ "content-type": "text/xml" }),
    // No signature: the organization id in the body and an optional URL token.
    sign: async () => ({}),
  },
  {
    id: "woocommerce",
    provider: PROVIDERS.woocommerce!,
    options: { currency: "EUR" },
    secret: SECRET,
    url: "https://router.test/webhooks/acme/woo",
    seeds: wooSeeds.map(([, body]) => body),
    mutate: mutatedJson,
    headers: (i) => ({ "x-wc-webhook-topic": wooSeeds[i % wooSeeds.length]![0], "x-wc-webhook-id": "7", "x-wc-webhook-delivery-id": `d-${i}` }),
    sign: bodyHmacBase64("x-wc-webhook-signature"),
  },
  {
    id: "hubspot",
    provider: PROVIDERS.hubspot!,
    options: { publicUrl: "https://hooks.example.test/hubspot" },
    secret: SECRET,
    url: "https://router.test/webhooks/acme/hubspot",
    seeds: [hubspotBatch],
    mutate: mutatedJson,
    headers: () => ({}),
    async sign(body, now) {
      const timestamp = String(now);
      const signed = concat("POST", "https://hooks.example.test/hubspot", body, timestamp);
      return { "x-hubspot-signature-v3": await hmacBase64(SECRET, signed), "x-hubspot-request-timestamp": timestamp };
    },
  },
  {
    id: "zendesk",
    provider: PROVIDERS.zendesk!,
    options: {},
    secret: SECRET,
    url: "https://router.test/webhooks/acme/zendesk",
    seeds: [zendeskTicket, zendeskUser],
    mutate: mutatedJson,
    headers: (i) => ({ "x-zendesk-webhook-invocation-id": `inv-${i}` }),
    async sign(body, now) {
      const timestamp = new Date(now).toISOString();
      return {
        "x-zendesk-webhook-signature-timestamp": timestamp,
        "x-zendesk-webhook-signature": await hmacBase64(SECRET, concat(timestamp, body)),
      };
    },
  },
  {
    id: "square",
    provider: PROVIDERS.square!,
    options: { publicUrl: "https://hooks.example.test/square" },
    secret: SECRET,
    url: "https://router.test/webhooks/acme/square",
    seeds: [squareCustomer, squareOrder, squarePayment, squareRefund],
    mutate: mutatedJson,
    headers: () => ({}),
    async sign(body) {
      return { "x-square-hmacsha256-signature": await hmacBase64(SECRET, concat("https://hooks.example.test/square", body)) };
    },
  },
  {
    id: "stripe",
    provider: PROVIDERS.stripe!,
    options: { toleranceSeconds: 300 },
    secret: SECRET,
    url: "https://router.test/webhooks/acme/stripe",
    seeds: [stripeCustomer, stripePayment, stripeRefund, stripeInvoice, stripeProduct, stripeThin],
    mutate: mutatedJson,
    headers: () => ({}),
    async sign(body, now) {
      const t = Math.floor(now / 1000);
      return { "stripe-signature": `t=${t},v1=${await hmacHex(SECRET, concat(`${t}.`, body))}` };
    },
  },
  {
    id: "standard-webhooks",
    provider: PROVIDERS["standard-webhooks"]!,
    options: {
      eventTypes: {
        "contact.created": { kind: "customer", idPath: "data.id", fields: { lastName: "data.fullName", phone: "data.phoneNumber", street: "data.address" } },
        "store/customer/created": { kind: "customer", idPath: "data.id", versionPath: "created_at" },
      },
    },
    secret: WHSEC,
    url: "https://router.test/webhooks/acme/svix",
    seeds: [swFull, swBigcommerce],
    mutate: mutatedJson,
    headers: (i) => ({ "webhook-id": `msg_${i}`, "webhook-timestamp": "1674087231" }),
    async sign(body, now, headers) {
      const [id, t] = [headers["webhook-id"] ?? "msg_0", Math.floor(now / 1000)];
      const key = Uint8Array.from(atob(WHSEC.slice("whsec_".length)), (c) => c.charCodeAt(0));
      return { "webhook-id": id, "webhook-timestamp": String(t), "webhook-signature": `v1,${await hmacBase64(key, concat(`${id}.${t}.`, body))}` };
    },
  },
  {
    id: "github",
    provider: PROVIDERS.github!,
    options: {},
    secret: SECRET,
    url: "https://router.test/webhooks/acme/github",
    seeds: [githubPing],
    mutate: mutatedJson,
    headers: (i) => ({ "x-github-event": i % 2 ? "ping" : "push", "x-github-delivery": `gh-${i}` }),
    async sign(body) {
      return { "x-hub-signature-256": `sha256=${await hmacHex(SECRET, body)}` };
    },
  },
  {
    id: "generic-hmac",
    provider: PROVIDERS["generic-hmac"]!,
    options: {
      signatureHeader: "X-Signature",
      algorithm: "SHA-256",
      encoding: "hex",
      signaturePrefix: "sha256=",
      signedTemplate: "{timestamp}.{body}",
      timestampHeader: "X-Timestamp",
      eventTypeHeader: "X-Event",
      deliveryIdPath: "id",
      routes: genericRoutes,
    },
    secret: SECRET,
    url: "https://router.test/webhooks/acme/generic",
    seeds: [genericCustomer],
    mutate: mutatedJson,
    headers: (i) => ({ "x-event": i % 2 ? "product.created" : "customer.created" }),
    async sign(body, now) {
      const timestamp = String(Math.floor(now / 1000));
      return { "x-signature": `sha256=${await hmacHex(SECRET, concat(timestamp, ".", body))}`, "x-timestamp": timestamp };
    },
  },
  {
    // Odoo's webhook action signs nothing: the secret is the URL's `?token=` (verify reads the URL).
    id: "odoo",
    provider: PROVIDERS.odoo!,
    options: { odooVersion: 18, rules: [{ flow: "stock", model: "stock.quant", ruleId: 3, actionId: 12 }] },
    secret: SECRET,
    url: `https://router.test/webhooks/acme/odoo?token=${SECRET}`,
    seeds: [odooQuantCallback],
    mutate: mutatedJson,
    // What requests sends besides the body; normalize reads no header.
    headers: () => ({ "user-agent": "python-requests/2.31.0" }),
    sign: async () => ({}),
  },
];

/**
 * Puts the target's source on a test tenant (source id = provider id) and posts `body` to it,
 * signed as the provider signs; `headers` override the target's normalize headers.
 */
export async function postSigned(
  t: { tenant: string },
  target: FuzzTarget,
  body: string,
  headers: Record<string, string> = target.headers(0),
): Promise<Response> {
  const { call, ADMIN_TOKEN } = await import("./router");
  const put = await call(`/v1/admin/tenants/${t.tenant}/sources/${target.id}`, {
    method: "PUT",
    token: ADMIN_TOKEN,
    body: JSON.stringify({ provider: target.id, secrets: [target.secret], options: target.options }),
  });
  if (put.status !== 201 && put.status !== 200) throw new Error(`source ${target.id}: ${put.status} ${await put.text()}`);
  const bytes = new TextEncoder().encode(body);
  const signature = await target.sign(bytes, Date.now(), headers);
  return call(`/webhooks/${t.tenant}/${target.id}`, {
    method: "POST",
    body: bytes,
    headers: { "content-type": target.id === "salesforce" ? "text/xml" : "application/json", ...headers, ...signature },
  });
}

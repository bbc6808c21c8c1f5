/** Provider ids accepted in `PUT /v1/admin/tenants/{t}/sources/{s}`, each with its implementation. */
import type { Provider } from "./provider";
import { shopify } from "./shopify";
import { quickbooks } from "./quickbooks";
import { xero } from "./xero";
import { paypal } from "./paypal";
import { salesforce } from "./salesforce";
import { woocommerce } from "./woocommerce";
import { hubspot } from "./hubspot";
import { zendesk } from "./zendesk";
import { square } from "./square";
import { stripe } from "./stripe";
import { standardWebhooks } from "./standard-webhooks";
import { github } from "./github";
import { genericHmac } from "./generic-hmac";
import { odoo } from "./odoo";

export const PROVIDERS: Readonly<Record<string, Provider>> = {
  shopify,
  quickbooks,
  xero,
  paypal,
  salesforce,
  woocommerce,
  hubspot,
  zendesk,
  square,
  stripe,
  "standard-webhooks": standardWebhooks,
  github,
  "generic-hmac": genericHmac,
  odoo,
};

export const PROVIDER_IDS = Object.keys(PROVIDERS) as [string, ...string[]];

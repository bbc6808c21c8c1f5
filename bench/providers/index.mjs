// One generator per provider the router may support. Which ones take part in a run is decided at run
// time: a provider is included only if the router accepts a source for it (PUT .../sources/... is
// not 422) and answers a signed probe delivery with a 2xx (see bench/lib/setup.mjs).
import hubspot from "./hubspot.mjs";
import shopify from "./shopify.mjs";
import standardWebhooks from "./standard-webhooks.mjs";
import stripe from "./stripe.mjs";
import woocommerce from "./woocommerce.mjs";

export const GENERATORS = {
  shopify,
  stripe,
  hubspot,
  woocommerce,
  "standard-webhooks": standardWebhooks,
};

// The price and consent side of the Shopify fake (shopify.mjs serves it): what the router's
// outbound price and consent flows call, with Shopify's semantics (shopify.dev/docs/api/
// admin-graphql/2026-10):
// - `productVariants(first, query)` (root connection over every product's variants; the search
//   terms `sku:'X'` and `barcode:'X'` match exactly here, Shopify matches tokens),
//   `customers(first, query: "email:'a@b.c'")` (the `email:` term, case-insensitive);
// - `productVariantsBulkUpdate(productId, variants: [{id, price}])`: atomic; unknown product ->
//   userError PRODUCT_DOES_NOT_EXIST, a variant of another product -> PRODUCT_VARIANT_DOES_NOT_EXIST,
//   a negative price -> GREATER_THAN_OR_EQUAL_TO, a price that is not a decimal -> a top-level
//   INVALID_VARIABLE error (GraphQL coercion of Money);
// - `customerEmailMarketingConsentUpdate(input: {customerId, emailMarketingConsent: {marketingState,
//   marketingOptInLevel?, consentUpdatedAt?}})`: only SUBSCRIBED, UNSUBSCRIBED and PENDING are
//   accepted; the customer must exist and have an email; `marketingUpdatedAt` becomes
//   `consentUpdatedAt` (else now);
// - a replay that changes nothing (same price, same state and time) changes nothing and sends no
//   webhook; every real change queues the webhook Shopify sends about it (`products/update` with
//   the variants, `customers/update` with `email_marketing_consent`), read at GET /__fake/webhooks.
// The userError messages are modelled on Shopify's codes; their exact wording is not documented.

const S = "scalar";
const obj = (type) => ({ object: type });

/** Schema types added to the fake's schema (merged in shopify.mjs). */
export const PRICE_CONSENT_SCHEMA = {
  Mutation: {
    productVariantsBulkUpdate: obj("ProductVariantsBulkUpdatePayload"),
    customerEmailMarketingConsentUpdate: obj("CustomerEmailMarketingConsentUpdatePayload"),
  },
  ProductVariantsBulkUpdatePayload: { product: obj("Product"), productVariants: { list: "ProductVariant" }, userErrors: { list: "UserError" } },
  CustomerEmailMarketingConsentUpdatePayload: { customer: obj("Customer"), userErrors: { list: "UserError" } },
  UserError: { field: S, message: S, code: S },
};

/** Extra fields of existing types (ProductVariant.product, CustomerEmailAddress consent fields). */
export const PRICE_CONSENT_FIELDS = {
  ProductVariant: { product: obj("Product") },
  CustomerEmailAddress: { marketingOptInLevel: S, marketingUpdatedAt: S },
};

const gid = (type, id) => `gid://shopify/${type}/${id}`;
const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, "Z");

/** Every variant of the shop, each linked to its product (ids completed from legacyResourceId). */
export function variantsOf(state) {
  const out = [];
  for (const product of state.objects.products.values()) {
    for (const variant of product.variants ?? []) {
      variant.id ??= gid("ProductVariant", variant.legacyResourceId);
      Object.defineProperty(variant, "product", { value: product, enumerable: false, configurable: true });
      out.push(variant);
    }
  }
  return out;
}

/** The `sku:`, `barcode:` and `email:` terms of a search query, as a predicate (null: none of them). */
export function exactTermFilter(query) {
  if (!query) return null;
  const tests = [];
  for (const m of String(query).matchAll(/\b(sku|barcode|email):'((?:[^'\\]|\\.)*)'/g)) {
    const [, field, raw] = m;
    const value = raw.replace(/\\(.)/g, "$1");
    if (field === "email") tests.push((item) => (item.defaultEmailAddress?.emailAddress ?? "").toLowerCase() === value.toLowerCase());
    else tests.push((item) => item[field] === value);
  }
  return tests.length ? (item) => tests.every((t) => t(item)) : null;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

function variantsBulkUpdate(state, args) {
  const productId = String(args.productId ?? "");
  const m = /^gid:\/\/shopify\/Product\/(\d+)$/.exec(productId);
  const product = m ? state.objects.products.get(m[1]) : null;
  if (!product) return { product: null, productVariants: null, userErrors: [{ field: ["productId"], message: "Product does not exist", code: "PRODUCT_DOES_NOT_EXIST" }] };
  const inputs = Array.isArray(args.variants) ? args.variants : [];
  variantsOf(state);
  const errors = [];
  const targets = inputs.map((input, i) => {
    const variant = (product.variants ?? []).find((v) => v.id === input?.id);
    if (!variant) errors.push({ field: ["variants", String(i), "id"], message: "Product variant does not exist", code: "PRODUCT_VARIANT_DOES_NOT_EXIST" });
    else if (input.price !== undefined && Number(input.price) < 0) {
      errors.push({ field: ["variants", String(i), "price"], message: "Price must be greater than or equal to 0", code: "GREATER_THAN_OR_EQUAL_TO" });
    }
    return variant;
  });
  // Atomic: one refused variant leaves every variant as it was.
  if (errors.length) return { product, productVariants: null, userErrors: errors };
  let changed = false;
  inputs.forEach((input, i) => {
    const variant = targets[i];
    if (input.price !== undefined && Number(variant.price) !== Number(input.price)) {
      variant.price = Number(input.price).toFixed(2);
      changed = true;
    }
  });
  if (changed) {
    product.updatedAt = now();
    state.webhooks.push({ topic: "products/update", body: restProduct(product) });
  }
  return { product, productVariants: targets, userErrors: [] };
}

function restProduct(product) {
  return {
    id: Number(product.legacyResourceId),
    title: product.title ?? "",
    status: (product.status ?? "ACTIVE").toLowerCase(),
    variants: (product.variants ?? []).map((v) => ({
      id: Number(v.legacyResourceId),
      product_id: Number(product.legacyResourceId),
      sku: v.sku ?? null,
      barcode: v.barcode ?? null,
      title: v.title ?? "Default Title",
      price: v.price,
    })),
    updated_at: product.updatedAt,
  };
}

const CONSENT_INPUT_STATES = new Set(["SUBSCRIBED", "UNSUBSCRIBED", "PENDING"]);

function consentUpdate(state, args) {
  const input = args.input ?? {};
  const m = /^gid:\/\/shopify\/Customer\/(\d+)$/.exec(String(input.customerId ?? ""));
  const customer = m ? state.objects.customers.get(m[1]) : null;
  if (!customer) return { customer: null, userErrors: [{ field: ["input", "customerId"], message: "Customer not found", code: "INVALID" }] };
  const address = customer.defaultEmailAddress;
  if (!address?.emailAddress) return { customer: null, userErrors: [{ field: ["input", "customerId"], message: "Customer must have an email address", code: "INVALID" }] };
  const consent = input.emailMarketingConsent ?? {};
  if (!CONSENT_INPUT_STATES.has(consent.marketingState)) {
    return {
      customer: null,
      userErrors: [{ field: ["input", "emailMarketingConsent", "marketingState"], message: `Marketing state ${consent.marketingState ?? "(none)"} cannot be set: only SUBSCRIBED, UNSUBSCRIBED or PENDING`, code: "INCLUSION" }],
    };
  }
  const at = consent.consentUpdatedAt ? new Date(consent.consentUpdatedAt).toISOString().replace(/\.\d{3}Z$/, "Z") : now();
  if (address.marketingState === consent.marketingState && address.marketingUpdatedAt === at) return { customer, userErrors: [] };
  address.marketingState = consent.marketingState;
  address.marketingUpdatedAt = at;
  if (consent.marketingOptInLevel) address.marketingOptInLevel = consent.marketingOptInLevel;
  customer.updatedAt = now();
  state.webhooks.push({
    topic: "customers/update",
    body: {
      id: Number(customer.legacyResourceId),
      email: address.emailAddress,
      first_name: customer.firstName ?? null,
      last_name: customer.lastName ?? null,
      email_marketing_consent: { state: consent.marketingState.toLowerCase(), opt_in_level: (address.marketingOptInLevel ?? "single_opt_in").toLowerCase(), consent_updated_at: at },
      updated_at: customer.updatedAt,
    },
  });
  return { customer, userErrors: [] };
}

/** Shopify coerces Money variables before running: a price that is not a decimal is a top-level error. */
export function checkMutationVariables(variables) {
  for (const [i, v] of (Array.isArray(variables.variants) ? variables.variants : []).entries()) {
    if (v && v.price !== undefined && !(typeof v.price === "string" && DECIMAL.test(v.price)) && typeof v.price !== "number") {
      return `Variable $variants of type [ProductVariantsBulkInput!]! was provided invalid value for ${i}.price (Could not coerce value ${JSON.stringify(v.price)} to Money)`;
    }
  }
  return null;
}

export const MUTATIONS = {
  productVariantsBulkUpdate: variantsBulkUpdate,
  customerEmailMarketingConsentUpdate: consentUpdate,
};

/** Shopify sample payloads (overridable field by field) and unique ids for test tenants and deliveries. */

// The signer lives with the others in signing.ts; re-exported because test/chaos imports it from here.
export { shopifyHmac } from "./signing";

let counter = 0;
export const uniqueId = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

export function shopifyOrder(overrides: Record<string, unknown> = {}) {
  return {
    id: 5820982911946,
    admin_graphql_api_id: "gid://shopify/Order/5820982911946",
    name: "#1001",
    email: "jane.roe@example.test",
    currency: "USD",
    created_at: "2026-11-20T10:00:00-05:00",
    updated_at: "2026-11-20T10:00:00-05:00",
    cancelled_at: null,
    financial_status: "paid",
    total_price: "43.50",
    note: null,
    customer: {
      id: 7115310627314,
      email: "jane.roe@example.test",
      first_name: "Jane",
      last_name: "Roe",
      phone: "+15555550100",
      updated_at: "2026-11-19T09:00:00-05:00",
      default_address: {
        first_name: "Jane",
        last_name: "Roe",
        address1: "1 Test Street",
        city: "Ottawa",
        zip: "K2P 1L4",
        province_code: "ON",
        country_code: "CA",
        phone: "+15555550100",
      },
    },
    billing_address: {
      first_name: "Jane",
      last_name: "Roe",
      address1: "1 Test Street",
      city: "Ottawa",
      zip: "K2P 1L4",
      province_code: "ON",
      country_code: "CA",
    },
    shipping_address: null,
    line_items: [
      {
        id: 14866550311766,
        product_id: 8788032119674,
        variant_id: 42642667041472,
        sku: "MUG-RED",
        name: "Mug - Red",
        title: "Mug",
        quantity: 2,
        price: "12.00",
        total_discount: "2.40",
      },
      {
        id: 14141249953214,
        product_id: 632910392,
        variant_id: 808950810,
        sku: "TEE-M",
        name: "T-shirt - M",
        title: "T-shirt",
        quantity: 1,
        price: "19.50",
        total_discount: "0.00",
      },
    ],
    ...overrides,
  };
}

export function shopifyCustomer(overrides: Record<string, unknown> = {}) {
  return {
    id: 7706405506930,
    email: "bob.doe@example.test",
    first_name: "Bob",
    last_name: "Doe",
    phone: null,
    created_at: "2026-11-01T12:00:00Z",
    updated_at: "2026-11-01T12:00:00Z",
    default_address: {
      first_name: "Bob",
      last_name: "Doe",
      company: "Doe Trading",
      address1: "2 Sample Road",
      city: "Paris",
      zip: "75001",
      province_code: null,
      country_code: "FR",
      phone: "+33100000000",
    },
    ...overrides,
  };
}

export function shopifyProduct(overrides: Record<string, unknown> = {}) {
  return {
    id: 8788032119674,
    title: "Example T-Shirt",
    vendor: "Acme",
    product_type: "Shirts",
    status: "active",
    created_at: "2026-11-01T12:00:00Z",
    updated_at: "2026-11-01T12:00:00Z",
    variants: [
      { id: 42642667041472, title: "Small", sku: "TEE-S", barcode: null, price: "19.99" },
      { id: 42757650484644, title: "Medium", sku: "TEE-M", barcode: null, price: "21.00" },
    ],
    ...overrides,
  };
}

/** An order transaction (order_transactions/create): a sale of the whole sample order by default. */
export function shopifyTransaction(overrides: Record<string, unknown> = {}) {
  return {
    id: 389404469,
    order_id: 5820982911946,
    kind: "sale",
    gateway: "shopify_payments",
    status: "success",
    amount: "41.10",
    currency: "USD",
    authorization: "ch_3PgafuB7WZ01zgkW",
    created_at: "2026-11-20T10:00:05-05:00",
    processed_at: "2026-11-20T10:00:05-05:00",
    ...overrides,
  };
}

/** A refund (refunds/create) of the sample order's sale transaction, in full by default. */
export function shopifyRefund(overrides: Record<string, unknown> = {}, amount = "41.10") {
  return {
    id: 509562969,
    order_id: 5820982911946,
    created_at: "2026-11-22T09:00:00-05:00",
    processed_at: "2026-11-22T09:00:00-05:00",
    note: "Arrived damaged",
    transactions: [{ id: 179259969, parent_id: 389404469, kind: "refund", status: "success", amount, currency: "USD" }],
    ...overrides,
  };
}

/**
 * An order of 3 new lines (SKU-A, SKU-B, SKU-C) shipped to an address of its own, with a shipping
 * line: with a new customer it creates 7 records (customer, delivery contact, 3 products, the
 * shipping product, the order).
 */
export function shopifyOrderOfThreeLinesShippedElsewhere() {
  const line = (id: number, sku: string) => ({ id, product_id: id + 1, variant_id: id + 2, sku, name: sku, title: sku, quantity: 1, price: "10.00", total_discount: "0.00" });
  return shopifyOrder({
    line_items: [line(100, "SKU-A"), line(200, "SKU-B"), line(300, "SKU-C")],
    shipping_address: { first_name: "Jane", last_name: "Roe", address1: "99 Warehouse Way", city: "Toronto", zip: "M5V 2T6", province_code: "ON", country_code: "CA" },
    shipping_lines: [{ id: 1, title: "Standard Shipping", price: "5.00" }],
  });
}

/**
 * The sample Shopify objects of test/support/shopify.ts as the GraphQL Admin API (2026-10) returns
 * them, to seed the Shopify fake (test/support/provider-fakes/shopify.mjs), and helpers to call it.
 */
import shopifyFake from "./provider-fakes/shopify.mjs";

const money = (amount: string, currencyCode = "USD") => ({ shopMoney: { amount, currencyCode } });

export function graphqlOrder(overrides: Record<string, unknown> = {}) {
  return {
    legacyResourceId: "5820982911946",
    name: "#1001",
    email: "jane.roe@example.test",
    currencyCode: "USD",
    displayFinancialStatus: "PAID",
    cancelledAt: null,
    createdAt: "2026-11-20T15:00:00Z",
    updatedAt: "2026-11-20T15:00:00Z",
    note: null,
    totalPriceSet: money("43.50"),
    customer: {
      legacyResourceId: "7115310627314",
      firstName: "Jane",
      lastName: "Roe",
      updatedAt: "2026-11-19T14:00:00Z",
      defaultEmailAddress: { emailAddress: "jane.roe@example.test" },
      defaultPhoneNumber: { phoneNumber: "+15555550100" },
      defaultAddress: {
        firstName: "Jane", lastName: "Roe", address1: "1 Test Street", city: "Ottawa", zip: "K2P 1L4",
        provinceCode: "ON", countryCodeV2: "CA", phone: "+15555550100",
      },
    },
    billingAddress: { firstName: "Jane", lastName: "Roe", address1: "1 Test Street", city: "Ottawa", zip: "K2P 1L4", provinceCode: "ON", countryCodeV2: "CA" },
    shippingAddress: null,
    lineItems: [
      {
        id: "gid://shopify/LineItem/14866550311766", sku: "MUG-RED", name: "Mug - Red", title: "Mug", quantity: 2,
        product: { legacyResourceId: "8788032119674" }, variant: { legacyResourceId: "42642667041472" },
        originalUnitPriceSet: money("12.00"), totalDiscountSet: money("2.40"),
      },
      {
        id: "gid://shopify/LineItem/14141249953214", sku: "TEE-M", name: "T-shirt - M", title: "T-shirt", quantity: 1,
        product: { legacyResourceId: "632910392" }, variant: { legacyResourceId: "808950810" },
        originalUnitPriceSet: money("19.50"), totalDiscountSet: money("0.00"),
      },
    ],
    shippingLines: [],
    ...overrides,
  };
}

export function graphqlCustomer(overrides: Record<string, unknown> = {}) {
  return {
    legacyResourceId: "7706405506930",
    firstName: "Bob",
    lastName: "Doe",
    updatedAt: "2026-11-01T12:00:00Z",
    defaultEmailAddress: { emailAddress: "bob.doe@example.test" },
    defaultPhoneNumber: null,
    defaultAddress: {
      firstName: "Bob", lastName: "Doe", company: "Doe Trading", address1: "2 Sample Road", city: "Paris", zip: "75001",
      provinceCode: null, countryCodeV2: "FR", phone: "+33100000000",
    },
    ...overrides,
  };
}

export function graphqlProduct(overrides: Record<string, unknown> = {}) {
  return {
    legacyResourceId: "8788032119674",
    title: "Example T-Shirt",
    vendor: "Acme",
    productType: "Shirts",
    status: "ACTIVE",
    updatedAt: "2026-11-01T12:00:00Z",
    variants: [
      { legacyResourceId: "42642667041472", title: "Small", sku: "TEE-S", barcode: null, price: "19.99" },
      { legacyResourceId: "42757650484644", title: "Medium", sku: "TEE-M", barcode: null, price: "21.00" },
    ],
    ...overrides,
  };
}

/** The fake's fetch, as a session's `fetch`. */
export const shopifyFakeFetch = (input: RequestInfo | URL, init?: RequestInit) => shopifyFake.fetch(new Request(input, init));

export async function seedShop(shop: string, body: Record<string, unknown>): Promise<void> {
  const response = await shopifyFake.fetch(new Request(`https://${shop}/__fake/seed`, { method: "POST", body: JSON.stringify(body) }));
  if (!response.ok) throw new Error(`seeding ${shop} failed: ${response.status}`);
}

export async function shopFaults(shop: string, faults: Record<string, unknown>[]): Promise<void> {
  await shopifyFake.fetch(new Request(`https://${shop}/__fake/faults`, { method: "POST", body: JSON.stringify({ faults }) }));
}

export interface ShopCounters {
  calls: number;
  throttled: number;
  pointsRequested: number;
  pointsSpent: number;
  unauthorized: number;
  maxConcurrent: number;
}

export async function shopCounters(shop: string): Promise<ShopCounters> {
  return (await shopifyFake.fetch(new Request(`https://${shop}/__fake/counters`))).json();
}

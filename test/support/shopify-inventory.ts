/**
 * The Shopify fake's inventory (test/support/provider-fakes/shopify-inventory.mjs) for unit tests of
 * the stock writes: a shop with variants stocked at locations, a session on it, the fake's view.
 */
import { createApiSession } from "../../src/connections/api-session";
import type { ApiSession } from "../../src/providers/provider-api";
import { shopifyApi } from "../../src/providers/shopify-api";
import shopifyFake from "./provider-fakes/shopify.mjs";
import { openGate } from "./api-gates";
import { uniqueId } from "./shopify";
import { seedShop, shopifyFakeFetch } from "./shopify-graphql";

export interface StockedVariant {
  legacyResourceId: string;
  sku: string | null;
  barcode?: string | null;
  inventoryItemId: string;
  levels: Record<string, number>;
}

export const TOKEN = "shpat_stock_test";

/** A new shop (unique domain) with these variants; `bucket` shrinks its cost bucket. */
export async function stockedShop(variants: StockedVariant[], bucket?: { maximumAvailable: number; restoreRate: number }): Promise<string> {
  const shop = `${uniqueId("stock")}.myshopify.com`;
  await seedShop(shop, { accessToken: TOKEN, inventory: { variants }, ...(bucket ? { bucket } : {}) });
  return shop;
}

/** A session on the fake in plain Node (workers tests reach the fake through the global fetch). */
export function shopSession(shop: string, fetch: typeof globalThis.fetch = shopifyFakeFetch): ApiSession {
  return createApiSession({ api: shopifyApi, credentials: { shop, accessToken: TOKEN }, gate: openGate(), fetch });
}

export interface ShopInventory {
  levels: Record<string, number>;
  webhooks: { topic: string; body: Record<string, unknown> }[];
  applied: number;
  replays: number;
  stale: number;
}

export async function shopInventory(shop: string, fetch: (r: Request) => Promise<Response> = (r) => shopifyFake.fetch(r)): Promise<ShopInventory> {
  return (await fetch(new Request(`https://${shop}/__fake/inventory`))).json() as Promise<ShopInventory>;
}

/** A merchant's own change of a level ("<item>@<location>": available), as the admin would make it. */
export async function merchantSets(shop: string, levels: Record<string, number>, fetch: (r: Request) => Promise<Response> = (r) => shopifyFake.fetch(r)) {
  await fetch(new Request(`https://${shop}/__fake/inventory`, { method: "POST", body: JSON.stringify({ levels }) }));
}

/**
 * The `price` flow: a product's sales price in Odoo -> the Shopify variant / WooCommerce regular
 * price with the same SKU (`default_code`, else barcode). Only where the tenant's ownership says
 * Odoo owns `product.template.list_price` (the delivery step enforces it, not this module).
 *
 * What is read in Odoo (16.0-19.0, addons/product):
 * - `product.template.list_price` (stored, "Sales Price") is what users edit; a variant's price is
 *   `product.product.lst_price` = list_price + `price_extra` (the attribute values' extras; a
 *   non-stored compute). `lst_price` is what goes out, so variants with extras get their own price.
 * - `product.template.currency_id`: the company currency the price is in.
 * - Pricelists are not applied (they have no public API: odoo-outbound.md §7).
 *
 * What is watched: `product.template` on `list_price` (a stored field: the callback fires; the
 * poller sees the template's `write_date`). The entity is a `product.product` id: a template change
 * maps to its first variant (`product_variant_id`), and `send` then prices EVERY variant of that
 * template (one template change fans out to all its variants; the ledger makes the unchanged ones
 * cost no write). A change of an attribute value's `price_extra` alone is not watched (it bumps no
 * template or variant write_date): a resync sends it.
 *
 * Currency: a price goes out only in the shop's own currency. When the shop's currency differs
 * from Odoo's company currency the write is `skipped` with the reason (never a converted price:
 * the shop's own rounding and market prices decide there).
 *
 * Ledger keys (per target source):
 * - Shopify `variant-price:<ProductVariant gid>` -> `{price: "19.90", version}`
 * - WooCommerce `regular-price:<product or variation id>` -> `{price: "19.90", version}`
 * `version` is the provider object's version (epoch ms) the write produced (see versionOf).
 *
 * Echo: Shopify `products/update` and WooCommerce `product.updated` after the router's write carry
 * the price it wrote at that version; `echoOf` names the ledger entry such a webhook would match
 * (one-variant products only: a probe names one entry).
 */
import { currencyExponent, type CanonicalEvent } from "../../events/canonical";
import { OdooError } from "../../odoo/errors";
import { ProviderApiError } from "../../providers/provider-api";
import { shopifySetVariantPrices, shopifyVariantsByCode } from "../../providers/shopify-api";
import { wooItemsBySku, wooSetRegularPrices, wooShopCurrency } from "../../providers/woocommerce-api";
import type { OutboundContext, OutboundFlow, OutboundResult, OutboundTarget, OutboundWrite } from "../flow";
import { skippedWrite } from "../flow";

export type PriceDecision = { price: string } | { skip: string };

/**
 * The price a shop should show for a product, in the shop's currency: Odoo's `lst_price` rounded
 * to the currency's digits, as the decimal string both APIs take. A shop in another currency than
 * Odoo's company, or no price, is skipped with the reason (a wrong price is worse than none).
 */
export function decidePrice(input: { listPrice: unknown; odooCurrency: string | null; shopCurrency: string | null }): PriceDecision {
  const { listPrice, odooCurrency, shopCurrency } = input;
  if (typeof listPrice !== "number" || !Number.isFinite(listPrice)) return { skip: "the product has no sales price in Odoo" };
  if (listPrice < 0) return { skip: `the sales price in Odoo is negative (${listPrice})` };
  if (!odooCurrency) return { skip: "Odoo's company currency is unknown" };
  if (!shopCurrency) return { skip: "the shop's currency is unknown" };
  if (odooCurrency.toUpperCase() !== shopCurrency.toUpperCase()) {
    return {
      skip: `the shop sells in ${shopCurrency.toUpperCase()} and Odoo's price is in ${odooCurrency.toUpperCase()}: prices are only sent in the same currency`,
    };
  }
  return { price: listPrice.toFixed(currencyExponent(shopCurrency)) };
}

/** Two decimal strings that are the same amount ("19.9" and "19.90"). */
export const samePrice = (a: unknown, b: unknown): boolean =>
  typeof a === "string" && typeof b === "string" && a.trim() !== "" && b.trim() !== "" && Number(a) === Number(b);

/**
 * The provider object's version after the router's write (epoch ms of its updated_at /
 * date_modified_gmt), kept in the ledger beside the value: only the webhook of exactly that version
 * is the write's echo, so an edit of the same product at the provider moments later (same price,
 * a new title) is never taken for one.
 */
const versionOf = (instant: string | null): number | null => {
  const ms = instant ? Date.parse(instant) : NaN;
  return Number.isNaN(ms) ? null : ms;
};

interface OdooVariant {
  id: number;
  sku: string | null;
  barcode: string | null;
  listPrice: unknown;
}

const many2oneId = (value: unknown): number | null =>
  Array.isArray(value) && typeof value[0] === "number" ? value[0] : typeof value === "number" ? value : null;
const textOf = (value: unknown): string | null => (typeof value === "string" && value.trim() ? value.trim() : null);

/** The product, its template's other variants, and the company currency, read back from Odoo. */
async function readVariants(ctx: OutboundContext<"price">, productId: number): Promise<{ variants: OdooVariant[]; currency: string | null } | null> {
  const fields = ["product_tmpl_id", "default_code", "barcode", "lst_price", "currency_id"];
  const [product] = await ctx.odoo.call<Record<string, unknown>[]>("product.product", "read", [[productId], fields]);
  if (!product) return null;
  const templateId = many2oneId(product.product_tmpl_id);
  // The template's variants (archived ones are not sold: left out).
  const siblings = templateId
    ? await ctx.odoo.call<Record<string, unknown>[]>("product.product", "search_read", [[["product_tmpl_id", "=", templateId]], fields], { order: "id asc" })
    : [product];
  const all = siblings.some((s) => s.id === productId) ? siblings : [product, ...siblings];
  const currencyId = many2oneId(product.currency_id);
  let currency: string | null = null;
  if (currencyId) {
    const [row] = await ctx.odoo.call<{ name?: unknown }[]>("res.currency", "read", [[currencyId], ["name"]]);
    currency = textOf(row?.name);
  }
  return {
    currency,
    variants: all.map((v) => ({ id: Number(v.id), sku: textOf(v.default_code), barcode: textOf(v.barcode), listPrice: v.lst_price })),
  };
}


async function toShopify(ctx: OutboundContext<"price">, target: OutboundTarget, variants: OdooVariant[], odooCurrency: string | null): Promise<OutboundWrite[]> {
  const writes: OutboundWrite[] = [];
  // Per Shopify product: the variant prices to set (one productVariantsBulkUpdate per product).
  const pending = new Map<string, { id: string; price: string; key: string }[]>();
  for (const variant of variants) {
    const label = `product.product:${variant.id}`;
    if (!variant.sku && !variant.barcode) {
      writes.push(skippedWrite(target, label, "the product has no Internal Reference (default_code) or barcode to find it in the shop"));
      continue;
    }
    const found = await shopifyVariantsByCode(target.session, { sku: variant.sku, barcode: variant.barcode });
    if (!found.variants.length) {
      writes.push(skippedWrite(target, label, `no Shopify variant has SKU ${variant.sku ?? "-"} or barcode ${variant.barcode ?? "-"}`));
      continue;
    }
    const decision = decidePrice({ listPrice: variant.listPrice, odooCurrency, shopCurrency: found.currency });
    const keys = found.variants.map((v) => `variant-price:${v.id}`);
    if ("skip" in decision) {
      for (const key of keys) writes.push(skippedWrite(target, key, decision.skip));
      continue;
    }
    const known = await ctx.ledger.get(target.sourceId, keys);
    for (const v of found.variants) {
      const key = `variant-price:${v.id}`;
      const ledgerPrice = (known.get(key)?.value as { price?: unknown } | undefined)?.price;
      // The shop already shows it (read now), or the router wrote it and nobody changed it since.
      if (samePrice(v.price, decision.price) || (samePrice(ledgerPrice, decision.price) && samePrice(v.price, ledgerPrice))) {
        writes.push({ to: target.sourceId, provider: target.provider, objectKey: key, value: { price: decision.price }, status: "unchanged" });
        continue;
      }
      pending.set(v.productId, [...(pending.get(v.productId) ?? []), { id: v.id, price: decision.price, key }]);
    }
  }
  for (const [productId, prices] of pending) {
    const { prices: written, productUpdatedAt } = await shopifySetVariantPrices(target.session, productId, prices.map(({ id, price }) => ({ id, price })));
    const version = versionOf(productUpdatedAt);
    const missing = prices.filter((p) => !samePrice(written.get(p.id), p.price));
    if (missing.length) {
      throw new ProviderApiError("data", `Shopify productVariantsBulkUpdate ${productId}: the answer does not show the price set on ${missing.map((p) => p.id).join(", ")}`, 200);
    }
    const entries = prices.map((p) => ({ sourceId: target.sourceId, objectKey: p.key, value: { price: p.price, version }, eventId: ctx.eventId, link: p.id }));
    // Recorded as soon as the call succeeded: a retry after a later failure sends only the rest.
    await ctx.ledger.put(entries);
    for (const p of prices) writes.push({ to: target.sourceId, provider: target.provider, objectKey: p.key, value: { price: p.price }, status: "sent", link: p.id });
  }
  return writes;
}

async function toWooCommerce(ctx: OutboundContext<"price">, target: OutboundTarget, variants: OdooVariant[], odooCurrency: string | null): Promise<OutboundWrite[]> {
  const writes: OutboundWrite[] = [];
  const shopCurrency = await wooShopCurrency(target.session);
  const pending: { id: number; parentId: number | null; regularPrice: string; key: string }[] = [];
  for (const variant of variants) {
    const label = `product.product:${variant.id}`;
    if (!variant.sku) {
      writes.push(skippedWrite(target, label, "the product has no Internal Reference (default_code): WooCommerce finds products by SKU only"));
      continue;
    }
    const decision = decidePrice({ listPrice: variant.listPrice, odooCurrency, shopCurrency });
    if ("skip" in decision) {
      writes.push(skippedWrite(target, label, decision.skip));
      continue;
    }
    const items = await wooItemsBySku(target.session, variant.sku);
    if (!items.length) {
      writes.push(skippedWrite(target, label, `no WooCommerce product or variation has SKU ${variant.sku}`));
      continue;
    }
    const keys = items.map((i) => `regular-price:${i.id}`);
    const known = await ctx.ledger.get(target.sourceId, keys);
    for (const item of items) {
      const key = `regular-price:${item.id}`;
      const ledgerPrice = (known.get(key)?.value as { price?: unknown } | undefined)?.price;
      if (samePrice(item.regularPrice, decision.price) || (samePrice(ledgerPrice, decision.price) && samePrice(item.regularPrice, ledgerPrice))) {
        writes.push({ to: target.sourceId, provider: target.provider, objectKey: key, value: { price: decision.price }, status: "unchanged" });
        continue;
      }
      pending.push({ id: item.id, parentId: item.parentId, regularPrice: decision.price, key });
    }
  }
  if (pending.length) {
    const { written, modifiedAt, failed } = await wooSetRegularPrices(target.session, pending);
    const done = pending.filter((p) => written.includes(p.id));
    await ctx.ledger.put(
      done.map((p) => {
        const modified = modifiedAt.get(p.id);
        const version = modified ? versionOf(`${modified}Z`) : null;
        return { sourceId: target.sourceId, objectKey: p.key, value: { price: p.regularPrice, version }, eventId: ctx.eventId, link: String(p.id) };
      }),
    );
    // Items the shop refused: the event fails with its class (the written ones are in the ledger).
    if (failed) throw failed;
    for (const p of done) writes.push({ to: target.sourceId, provider: target.provider, objectKey: p.key, value: { price: p.regularPrice }, status: "sent", link: String(p.id) });
  }
  return writes;
}

/** The price a `products/update` (Shopify) or `product.updated` (WooCommerce) webhook reports, as a ledger probe. */
function echoOf(event: CanonicalEvent, provider: string) {
  if (event.kind !== "product" || event.action === "delete") return null;
  const data = event.data as { variants?: { externalId: string; price?: { amount: number; currency?: string } }[] } | undefined;
  // One probe per event: a product with one variant (a variant's own price change comes as its product).
  const variants = data?.variants ?? [];
  if (variants.length !== 1) return null;
  const [variant] = variants;
  if (!variant?.price || typeof variant.price.amount !== "number") return null;
  // Canonical money is in minor units.
  const digits = currencyExponent(variant.price.currency ?? null);
  const price = (variant.price.amount / 10 ** digits).toFixed(digits);
  const value = { price, version: event.version };
  if (provider === "shopify") return { objectKey: `variant-price:gid://shopify/ProductVariant/${variant.externalId}`, value };
  if (provider === "woocommerce") return { objectKey: `regular-price:${variant.externalId}`, value };
  return null;
}

export const priceFlow: OutboundFlow<"price"> = {
  name: "price",
  watches: () => [
    {
      model: "product.template",
      triggerFields: ["list_price"],
      fields: ["product_variant_id", "list_price"],
      domain: [],
      entityOf: (record) => {
        const id = many2oneId(record.product_variant_id);
        return id ? String(id) : null;
      },
    },
  ],

  async send(ctx): Promise<OutboundResult> {
    const productId = Number(ctx.externalId);
    if (!Number.isInteger(productId) || productId <= 0) throw new OdooError("business", `price: "${ctx.externalId}" is not a product.product id`);
    const read = await readVariants(ctx, productId);
    if (!read) {
      return {
        odoo: { model: "product.product", id: productId },
        writes: ctx.targets.map((t) => skippedWrite(t, `product.product:${productId}`, "the product no longer exists in Odoo")),
      };
    }
    const writes: OutboundWrite[] = [];
    for (const target of ctx.targets) {
      if (target.provider === "shopify") writes.push(...(await toShopify(ctx, target, read.variants, read.currency)));
      else if (target.provider === "woocommerce") writes.push(...(await toWooCommerce(ctx, target, read.variants, read.currency)));
      else writes.push(skippedWrite(target, `product.product:${productId}`, `prices are not sent to ${target.provider} (Shopify and WooCommerce only)`));
    }
    return { odoo: { model: "product.product", id: productId }, writes, detail: { variants: read.variants.map((v) => v.id), currency: read.currency } };
  },

  echoOf,
};

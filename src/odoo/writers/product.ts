/**
 * Products -> `product.product`, one per variant, matched by SKU (`default_code`) or barcode (a
 * product already in Odoo under its barcode, without an internal reference, is linked, not
 * duplicated). A variant without SKU gets
 * the stable code "<provider>-variant-<id>" so it can still be found again.
 */
import type { Money, ProductData } from "../../events/canonical";
import { mappingKey } from "../../db/mappings";
import { upsert, type WriteContext, type WriteResult } from "./context";
import { productPrice } from "./currency";

export interface VariantSpec {
  externalId: string | null;
  sku: string | null;
  barcode: string | null;
  name: string;
  price: Money;
  active: boolean;
}

export function productCode(ctx: WriteContext, variant: { externalId: string | null; sku: string | null }, fallback: string) {
  if (variant.sku) return variant.sku;
  return `${ctx.provider}-variant-${variant.externalId ?? fallback}`;
}

/** The external id a variant's mapping is kept under: its own, else its code. */
export const variantKey = (variant: { externalId: string | null }, code: string) => variant.externalId ?? `code:${code}`;

/** list_price is in the company currency: a price in another is converted or left out (currency.ts). */
function variantValues(code: string, variant: VariantSpec, listPrice: number | null): Record<string, unknown> {
  return {
    name: variant.name,
    default_code: code,
    ...(listPrice === null ? {} : { list_price: listPrice }),
    active: variant.active,
    ...(variant.barcode ? { barcode: variant.barcode } : {}),
  };
}

/** Upserts one variant (update=true) or makes sure it exists (update=false, for order lines). */
export async function upsertVariant(
  ctx: WriteContext,
  variant: VariantSpec,
  fallbackKey: string,
  update: boolean,
  /** The tenant's field mappings of a product event (not of an order's line). */
  extra: Record<string, unknown> = {},
  /** Where to say what happened to a price in another currency than the company's. */
  notes: string[] = [],
  /** The product the caller found by this variant's code in this attempt (an order's batched search). */
  found?: number,
): Promise<number> {
  const code = productCode(ctx, variant, fallbackKey);
  const price = await productPrice(ctx, variant.price);
  if (price.note) notes.push(`${code}: ${price.note}`);
  const { id } = await upsert(ctx, {
    kind: "variant",
    externalId: variantKey(variant, code),
    model: "product.product",
    // By SKU, or by barcode a product WITHOUT an internal reference: a product that has another
    // SKU is another product (variants may share a barcode), not this one.
    domain: variant.barcode
      ? ["|", ["default_code", "=", code], "&", ["barcode", "=", variant.barcode], ["default_code", "=", false]]
      : [["default_code", "=", code]],
    values: { ...variantValues(code, variant, price.value), ...extra },
    update,
    ...(found !== undefined ? { found } : {}),
    // Order lines may only link existing products when the tenant says so.
    ...(!update && ctx.routing.productNotFound === "dead"
      ? { refuseCreate: `product "${code}" is not in Odoo and the tenant's routing does not create products from orders` }
      : {}),
  });
  return id;
}

export async function writeProduct(ctx: WriteContext, externalId: string, data: ProductData): Promise<WriteResult> {
  const variants = data.variants.length
    ? data.variants
    : [{ externalId, sku: null, barcode: null, title: null, price: { amount: 0, currency: null } }];
  // The variants not mapped yet (an order may be creating one) are held together, in one call.
  const records = variants.map((variant, i) => ({ kind: "variant", externalId: variantKey(variant, productCode(ctx, variant, `${externalId}-${i}`)) }));
  const mapped = await ctx.mappings.getMany(records);
  return ctx.locks.hold(
    records.filter((record) => !mapped.has(mappingKey(record))),
    () => writeVariants(ctx, externalId, data, variants),
  );
}

async function writeVariants(ctx: WriteContext, externalId: string, data: ProductData, variants: ProductData["variants"]): Promise<WriteResult> {
  const ids: number[] = [];
  const notes: string[] = [];
  for (const variant of variants) {
    // Shopify names the only variant of a simple product "Default Title".
    const suffix = variant.title && variant.title !== "Default Title" && variants.length > 1 ? ` (${variant.title})` : "";
    ids.push(
      await upsertVariant(
        ctx,
        { ...variant, name: data.title + suffix, active: data.active },
        `${externalId}-${ids.length}`,
        true,
        ctx.extraValues,
        notes,
      ),
    );
  }
  return { odoo: { model: "product.product", id: ids[0]! }, detail: { variants: ids, ...(notes.length ? { prices: notes } : {}) } };
}

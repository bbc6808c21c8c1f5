/**
 * Currencies, the way Odoo keeps them: a document's amounts are in its `currency_id`; a sale
 * order's currency is its pricelist's (sale.order.currency_id is related to / computed from
 * pricelist_id); the company has one currency that product prices (list_price) are in. The router
 * never writes an amount into a document of another currency: it picks the document's currency,
 * or converts a product price at Odoo's rate, or refuses with a configuration error.
 */
import { toDecimal, type Money } from "../../events/canonical";
import { searchOne } from "../client";
import { OdooError } from "../errors";
import { lookupId, upsert, type WriteContext } from "./context";

/** The active res.currency of an ISO code; a configuration error when Odoo has none. */
export async function currencyId(ctx: WriteContext, code: string): Promise<number> {
  // Active only: an archived currency has no rates, and Odoo refuses documents in it.
  const domain = [["name", "=", code.toUpperCase()], ["active", "=", true]];
  // A miss is asked again (uncached): the operator may just have activated the currency.
  const id = (await lookupId(ctx, "res.currency", domain)) ?? (await searchOne(ctx.odoo, "res.currency", domain));
  if (id === null) {
    throw new OdooError("business", `currency ${code} is not in this Odoo database: activate it (Accounting > Currencies), then replay`);
  }
  return id;
}

/** The ISO code of an amount: its own, else the routing's default, else null (the company's). */
export const currencyCode = (ctx: WriteContext, ...codes: (string | null | undefined)[]): string | null =>
  codes.find((c): c is string => Boolean(c))?.toUpperCase() ?? ctx.routing.defaultCurrency ?? null;

/** The currency of the company the tenant writes in (routing companyId, else the user's first). */
export async function companyCurrency(ctx: WriteContext): Promise<number> {
  const key = `res.company\u0000currency:${ctx.routing.companyId ?? ""}`;
  if (!ctx.lookups.has(key)) {
    const domain = ctx.routing.companyId ? [["id", "=", ctx.routing.companyId]] : [];
    const [company] = await ctx.odoo.call<{ currency_id: [number, string] | false }[]>("res.company", "search_read", [domain, ["currency_id"]], {
      limit: 1,
    });
    if (!company?.currency_id) throw new OdooError("business", "the Odoo company has no currency");
    ctx.lookups.set(key, company.currency_id[0]);
  }
  return ctx.lookups.get(key)!;
}

/**
 * The pricelist an order in `code` is written with: the routing's, the first active one in that
 * currency, or one the router creates when the routing allows it; null for the company currency
 * when it has none (Odoo's default applies). Otherwise a configuration error: the order's amounts
 * are in `code` and must not land in an order of another currency.
 */
export async function orderPricelist(ctx: WriteContext, code: string): Promise<{ id: number | null; created: boolean }> {
  const currency = await currencyId(ctx, code);
  const pinned = ctx.routing.pricelists[code];
  if (typeof pinned === "number") {
    const [row] = await ctx.odoo.call<{ currency_id: [number, string] | false; active: boolean }[]>("product.pricelist", "read", [
      [pinned],
      ["currency_id", "active"],
    ]);
    if (!row || !row.active || !row.currency_id || row.currency_id[0] !== currency) {
      throw new OdooError(
        "business",
        `configuration: routing pricelists.${code} names product.pricelist ${pinned}, which is ${!row ? "missing" : !row.active ? "archived" : `in ${row.currency_id ? row.currency_id[1] : "no currency"}`}: name an active ${code} pricelist, then replay`,
      );
    }
    return { id: pinned, created: false };
  }
  const domain = [
    ["currency_id", "=", currency],
    ["active", "=", true],
    ...(ctx.routing.companyId ? [["company_id", "in", [ctx.routing.companyId, false]]] : []),
  ];
  const found = (await lookupId(ctx, "product.pricelist", domain)) ?? (await searchOne(ctx.odoo, "product.pricelist", domain));
  if (found !== null) return { id: found, created: false };
  if (ctx.routing.pricelists.create) {
    const { id } = await upsert(ctx, {
      kind: "pricelist",
      externalId: code,
      model: "product.pricelist",
      domain,
      values: { name: `${code} (webhook router)`, currency_id: currency, ...(ctx.routing.companyId ? { company_id: ctx.routing.companyId } : {}) },
      update: false,
    });
    return { id, created: true };
  }
  if ((await companyCurrency(ctx)) === currency) return { id: null, created: false };
  throw new OdooError(
    "business",
    `configuration: the order is in ${code} and this Odoo database has no active ${code} pricelist: create one (Sales > Products > Pricelists), name it in the routing (pricelists.${code}), or set routing pricelists.create = true, then replay`,
  );
}

/**
 * A product price for list_price (in the company currency), per the routing's
 * productPriceCurrency: converted at Odoo's current rate, not written (flagged), or written as is.
 */
export async function productPrice(ctx: WriteContext, price: Money): Promise<{ value: number | null; note: string | null }> {
  const amount = toDecimal(price);
  const code = price.currency?.toUpperCase() ?? null;
  const how = ctx.routing.productPriceCurrency;
  if (!code || how === "ignore") return { value: amount, note: null };
  const company = await companyCurrency(ctx);
  const from = await currencyId(ctx, code);
  if (from === company) return { value: amount, note: null };
  if (how === "flag") {
    return { value: null, note: `price ${amount} ${code} not written: not the company currency (routing productPriceCurrency "flag")` };
  }
  const rows = await ctx.odoo.call<{ id: number; name: string; rate: number; decimal_places: number }[]>("res.currency", "read", [
    [from, company],
    ["name", "rate", "decimal_places"],
  ]);
  const source = rows.find((r) => r.id === from);
  const target = rows.find((r) => r.id === company);
  if (!source?.rate || !target?.rate) {
    throw new OdooError("business", `no exchange rate for ${code} in this Odoo database: add one (Accounting > Currencies), then replay`);
  }
  // res.currency._convert: amount * to.rate / from.rate, rounded to the target currency.
  const factor = 10 ** (target.decimal_places ?? 2);
  const value = Math.round((amount * target.rate) / source.rate * factor) / factor;
  return { value, note: `price ${amount} ${code} converted to ${value} ${target.name} at Odoo's rate` };
}

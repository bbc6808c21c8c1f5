/** Companies (Salesforce Account, HubSpot company, ...) -> `res.partner` with is_company, found by `ref`. */
import type { CompanyData } from "../../events/canonical";
import { externalRef, upsert, type WriteContext, type WriteResult } from "./context";
import { ADDRESS_ODOO_FIELDS, addressValues } from "./partner";

/** The res.partner fields each company field sets, for partial changes (see CUSTOMER_ODOO_FIELDS). */
export const COMPANY_ODOO_FIELDS: Record<string, readonly string[]> = {
  name: ["name"],
  domain: ["website"],
  email: ["email"],
  phone: ["phone"],
  vat: ["vat"],
  ...ADDRESS_ODOO_FIELDS,
};

export async function writeCompany(ctx: WriteContext, externalId: string, data: CompanyData): Promise<WriteResult> {
  const ref = externalRef(ctx, externalId);
  const { id, created } = await upsert(ctx, {
    kind: "company",
    externalId,
    model: "res.partner",
    domain: [["ref", "=", ref]],
    values: {
      // A partial change without the name (HubSpot sends one property at a time) may create it.
      name: data.name || `Company ${ref}`,
      is_company: true,
      ref,
      email: data.email || false,
      phone: data.phone || false,
      vat: data.vat || false,
      website: data.domain || false,
      ...(await addressValues(ctx, data.address)),
    },
    update: true,
  });
  return { odoo: { model: "res.partner", id }, detail: { created } };
}

/** Companies (Salesforce Account, HubSpot company, ...) -> `res.partner` with is_company, found by `ref`. */
import type { CompanyData } from "../../events/canonical";
import { externalRef, upsert, type WriteContext, type WriteResult } from "./context";
import { addressValues } from "./partner";

export async function writeCompany(ctx: WriteContext, externalId: string, data: CompanyData): Promise<WriteResult> {
  const ref = externalRef(ctx, externalId);
  const { id, created } = await upsert(ctx, {
    kind: "company",
    externalId,
    model: "res.partner",
    domain: [["ref", "=", ref]],
    values: {
      name: data.name,
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

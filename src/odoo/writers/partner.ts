/** Customers -> `res.partner`, found by `ref` = "<source>:<customer id>". */
import type { Address, CustomerData } from "../../events/canonical";
import { externalRef, lookupId, mappedOrWait, upsert, type WriteContext, type WriteResult } from "./context";
import { applyEmailConsent } from "./email-consent";

/**
 * The res.partner fields each customer field sets, for partial changes (the partner's name is
 * made of the first and last name: a change carrying one is completed with the other's newest
 * known value, canonical WRITTEN_TOGETHER).
 */
/** The partner fields `addressValues` writes, per canonical address field (customers and companies). */
export const ADDRESS_ODOO_FIELDS: Record<string, readonly string[]> = {
  address: ["street", "street2", "city", "zip", "country_id", "state_id"],
  "address.street": ["street"],
  "address.street2": ["street2"],
  "address.city": ["city"],
  "address.zip": ["zip"],
  "address.countryCode": ["country_id", "state_id"],
  "address.stateCode": ["state_id"],
};

export const CUSTOMER_ODOO_FIELDS: Record<string, readonly string[]> = {
  email: ["email"],
  firstName: ["name"],
  lastName: ["name"],
  phone: ["phone"],
  company: ["company_name"],
  ...ADDRESS_ODOO_FIELDS,
  parentCompany: ["parent_id"],
  // Written to Odoo's blacklist, not to the partner (email-consent.ts).
  marketingConsent: [],
};

export async function partnerValues(
  ctx: WriteContext,
  ref: string,
  data: CustomerData,
): Promise<Record<string, unknown>> {
  const address = data.address;
  const name =
    [data.firstName, data.lastName].filter(Boolean).join(" ") ||
    address?.name ||
    data.company ||
    data.email ||
    `Customer ${ref}`;
  return {
    name,
    ref,
    email: data.email || false,
    phone: data.phone || address?.phone || false,
    // The employer's name of a contact without a company partner: Odoo's own field for it in
    // 16.0-19.0. A database without it (after 19.0) gets the partner without it: the schema-aware
    // client drops it and the audit lists it (a company partner would change who is invoiced).
    ...(data.company && !data.parentCompany ? { company_name: data.company } : {}),
    ...(await addressValues(ctx, address)),
  };
}

export async function addressValues(ctx: WriteContext, address: Address | null): Promise<Record<string, unknown>> {
  if (!address) return {};
  const countryId = address.countryCode
    ? await lookupId(ctx, "res.country", [["code", "=", address.countryCode.toUpperCase()]])
    : null;
  const stateId =
    countryId && address.stateCode
      ? await lookupId(ctx, "res.country.state", [
          ["code", "=", address.stateCode.toUpperCase()],
          ["country_id", "=", countryId],
        ])
      : null;
  return {
    street: address.street || false,
    street2: address.street2 || false,
    city: address.city || false,
    zip: address.zip || false,
    country_id: countryId ?? false,
    state_id: stateId ?? false,
  };
}

/**
 * Creates or updates the partner of a customer event. A contact of a company (Salesforce Contact
 * of an Account) becomes a child contact of the company's partner (`parent_id`), so Odoo shows it
 * under the company and invoices its commercial entity; until the company is written, it waits.
 */
export async function writeCustomer(ctx: WriteContext, externalId: string, data: CustomerData): Promise<WriteResult> {
  const ref = externalRef(ctx, externalId);
  // No parent when the tenant's routing ignores companies (they will never be written).
  const parentId = data.parentCompany ? await mappedOrWait(ctx, data.parentCompany, "res.partner", `contact ${externalId}`) : null;
  const { id, created } = await upsert(ctx, {
    kind: "customer",
    externalId,
    model: "res.partner",
    domain: [["ref", "=", ref]],
    values: { ...(await partnerValues(ctx, ref, data)), ...(parentId ? { parent_id: parentId } : {}) },
    update: true,
  });
  // A consent change alone (HubSpot's opt-out property) carries no email: the partner's own.
  const email = data.marketingConsent && !data.email ? await partnerEmail(ctx, id) : data.email;
  const consent = await applyEmailConsent(ctx, email, data.marketingConsent);
  return { odoo: { model: "res.partner", id }, detail: { created, parentId, ...(consent ? { consent } : {}) } };
}

async function partnerEmail(ctx: WriteContext, id: number): Promise<string | null> {
  const [row] = await ctx.odoo.call<{ email?: unknown }[]>("res.partner", "read", [[id], ["email"]]);
  return typeof row?.email === "string" && row.email ? row.email : null;
}

/** The partner of an order: linked when it exists, created when missing, never overwritten. */
export async function ensureCustomer(ctx: WriteContext, externalId: string, data: CustomerData): Promise<number> {
  const ref = externalRef(ctx, externalId);
  const { id } = await upsert(ctx, {
    kind: "customer",
    externalId,
    model: "res.partner",
    domain: [["ref", "=", ref]],
    values: await partnerValues(ctx, ref, data),
    update: false,
  });
  return id;
}

/** Customers -> `res.partner`, found by `ref` = "<source>:<customer id>". */
import type { Address, CustomerData } from "../../events/canonical";
import { externalRef, lookupId, upsert, type WriteContext, type WriteResult } from "./context";

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

/** Creates or updates the partner of a customer event. */
export async function writeCustomer(ctx: WriteContext, externalId: string, data: CustomerData): Promise<WriteResult> {
  const ref = externalRef(ctx, externalId);
  const { id, created } = await upsert(ctx, {
    kind: "customer",
    externalId,
    model: "res.partner",
    domain: [["ref", "=", ref]],
    values: await partnerValues(ctx, ref, data),
    update: true,
  });
  return { odoo: { model: "res.partner", id }, detail: { created } };
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

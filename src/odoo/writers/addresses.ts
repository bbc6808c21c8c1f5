/**
 * An order's billing and shipping addresses, when they differ from its customer's own, become
 * child contacts of the customer (`type` invoice / delivery, `parent_id` the customer), as Odoo
 * models them; the order points at them (partner_invoice_id / partner_shipping_id). A child
 * contact is keyed by the customer and the address itself, so every order shipping to the same
 * place reuses one record.
 */
import type { Address } from "../../events/canonical";
import { externalRef, upsert, type WriteContext } from "./context";
import { addressValues } from "./partner";

/** FNV-1a of the address's normalized text: a short, stable key for "the same address". */
function addressKey(address: Address): string {
  const text = [address.name, address.street, address.street2, address.city, address.zip, address.stateCode, address.countryCode]
    .map((part) => (part ?? "").trim().toLowerCase())
    .join("|");
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, "0");
}

/**
 * The external id of the child contact an address becomes, or null when the parent's own
 * record serves (no street, or the parent's own address).
 */
export function childAddressId(parent: { key: string; address: Address | null }, address: Address | null, type: "invoice" | "delivery"): string | null {
  if (!address || !address.street) return null;
  if (parent.address && addressKey(parent.address) === addressKey(address)) return null;
  return `${parent.key}:${type}:${addressKey(address)}`;
}

export async function childAddress(
  ctx: WriteContext,
  parent: { id: number; key: string; address: Address | null },
  address: Address | null,
  type: "invoice" | "delivery",
): Promise<number> {
  const externalId = childAddressId(parent, address, type);
  if (externalId === null || !address) return parent.id;
  const ref = externalRef(ctx, externalId);
  const { id } = await upsert(ctx, {
    kind: "address",
    externalId,
    model: "res.partner",
    domain: [["ref", "=", ref]],
    values: { type, parent_id: parent.id, name: address.name || false, ref, phone: address.phone || false, ...(await addressValues(ctx, address)) },
    update: false,
  });
  return id;
}

/**
 * Where a canonical event carries personal data: the one table retention and erasures use.
 * Each path is a dotted path under the event; its value (a string, or a whole address object) is
 * replaced by null when the data is redacted, which every canonical schema allows, so a redacted
 * payload stays a valid event. Ids, amounts, products and references to other entities are kept:
 * they are what the audit trail and Odoo need to stay consistent.
 *
 * `email` paths also identify the person for erasures (the audit row keeps a salted hash).
 */
import type { CanonicalEvent, EntityKind } from "./canonical";
import { sha256Hex } from "../security/digest";

type Category = "email" | "name" | "phone" | "address" | "free text";

export const PERSONAL_DATA: Record<EntityKind, readonly (readonly [path: string, category: Category])[]> = {
  customer: [
    ["data.email", "email"],
    ["data.firstName", "name"],
    ["data.lastName", "name"],
    ["data.phone", "phone"],
    ["data.address", "address"],
  ],
  order: [
    ["data.email", "email"],
    ["data.customer.email", "email"],
    ["data.customer.firstName", "name"],
    ["data.customer.lastName", "name"],
    ["data.customer.phone", "phone"],
    ["data.customer.address", "address"],
    ["data.billingAddress", "address"],
    ["data.shippingAddress", "address"],
    ["data.note", "free text"],
  ],
  // A company is not a person, but its contact email and phone are often someone's own.
  company: [
    ["data.email", "email"],
    ["data.phone", "phone"],
  ],
  ticket: [
    ["data.requesterEmail", "email"],
    ["data.requesterName", "name"],
    ["data.description", "free text"],
  ],
  product: [],
  payment: [],
  refund: [["data.reason", "free text"]],
  invoice: [],
  deal: [],
  inventory: [],
  // Outbound events (Odoo's own changes) carry only Odoo record ids: the flow reads the rest.
  stock: [],
  shipment: [],
  invoiceStatus: [],
  accountStatus: [],
  price: [],
  consent: [],
};

/** The payload with every personal-data path set to null (a copy; thin events have none). */
export function redactPersonalData(event: CanonicalEvent): CanonicalEvent {
  const copy = structuredClone(event) as unknown as Record<string, unknown>;
  for (const [path] of PERSONAL_DATA[event.kind] ?? []) {
    const keys = path.split(".");
    const last = keys.pop()!;
    let parent: unknown = copy;
    for (const key of keys) parent = isObject(parent) ? parent[key] : undefined;
    if (isObject(parent) && parent[last] !== undefined && parent[last] !== null) parent[last] = null;
  }
  return copy as unknown as CanonicalEvent;
}

/** The distinct emails (lower-cased) the event carries. */
export function personalEmails(event: CanonicalEvent): string[] {
  const emails = new Set<string>();
  for (const [path, category] of PERSONAL_DATA[event.kind] ?? []) {
    if (category !== "email") continue;
    let value: unknown = event;
    for (const key of path.split(".")) value = isObject(value) ? value[key] : undefined;
    if (typeof value === "string" && value.trim()) emails.add(normalizeEmail(value));
  }
  return [...emails];
}

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** What the audit trail keeps of an email: SHA-256 salted with the tenant id, never the email. */
export const personHash = (tenantId: string, email: string) => sha256Hex(`person:${tenantId}:${normalizeEmail(email)}`);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

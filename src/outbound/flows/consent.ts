/**
 * The `consent` flow: an email blacklisted or released in Odoo (`mail.blacklist`) -> the
 * provider's email marketing consent (Shopify customer email consent, HubSpot opt-out of all
 * email). The way in (a provider's unsubscribe -> Odoo's blacklist) is src/odoo/writers/
 * email-consent.ts; both follow "newest wins": a side's change goes to the other only if it is
 * newer than what the other side last changed, and never when the other already holds it.
 *
 * Odoo (addons/mail/models/mail_blacklist.py, 16.0-19.0): one `mail.blacklist` row per normalized
 * address, `active` = blacklisted; releasing archives the row (`_remove` -> `action_archive`), so
 * the row's `write_date` is when the address was last blacklisted or released. Watched on
 * `active` (create and write); the entity is the row's id.
 *
 * Rules (pure, `decideShopifyConsent` / `decideHubSpotConsent`, unit-tested):
 * - Blacklisted -> Shopify UNSUBSCRIBED when the customer is SUBSCRIBED or PENDING; a customer who
 *   receives no marketing anyway (NOT_SUBSCRIBED, UNSUBSCRIBED, INVALID, REDACTED) is unchanged
 *   (writing UNSUBSCRIBED would claim a past opt-in that never was). HubSpot: opted out of all email.
 * - Released -> Shopify SUBSCRIBED ONLY when the router itself unsubscribed a customer who had
 *   opted in (SUBSCRIBED, remembered in the ledger with its opt-in level) and nobody changed the
 *   consent in Shopify since. Never anyone who did not opt in: a customer who never subscribed,
 *   or who unsubscribed in Shopify themselves, is `skipped` with the reason. HubSpot: never
 *   re-subscribed (it takes a subscription type and a legal basis per type): `skipped`.
 * - Newest wins: when Shopify's consent changed after Odoo's entry (`marketingUpdatedAt` >
 *   `write_date`), nothing is sent: Shopify's newer state comes into Odoo through the way in.
 * - The consent time sent (`consentUpdatedAt`) is Odoo's `write_date`, so Shopify's history and
 *   its `customers/update` webhook carry Odoo's time, and the way in sees nothing newer (no echo).
 *
 * Ledger keys (per target source):
 * - Shopify `email-consent:<Customer gid>` -> `{marketingState, version}` (what the router set, and
 *   the customer's version, epoch ms, the write produced: the echo matches that version only)
 * - Shopify `email-optin:<Customer gid>` -> `{marketingOptInLevel, unsubscribedAt}` (the opt-in the
 *   router's unsubscribe suspended; the only thing that allows a re-subscribe)
 * - HubSpot `email-optout:<sha256 of the address>` -> `{optedOut: true}` (no address in clear)
 */
import type { CanonicalEvent } from "../../events/canonical";
import { OdooError } from "../../odoo/errors";
import { hubspotEmailOptOut, hubspotUnsubscribeAll } from "../../providers/hubspot-api";
import { shopifyCustomersByEmail, shopifySetEmailConsent, type ShopifyEmailConsent } from "../../providers/shopify-api";
import type { OutboundContext, OutboundFlow, OutboundResult, OutboundTarget, OutboundWrite } from "../flow";

/** Odoo's naive UTC datetime ("2026-12-07 10:00:00") as ISO 8601. */
export const odooTimeToIso = (value: string): string => `${value.trim().replace(" ", "T")}Z`;

/** The remembered opt-in of a customer the router unsubscribed. */
export interface SuspendedOptIn {
  marketingOptInLevel: string | null;
  /** The consent time the router sent with its UNSUBSCRIBED (Odoo's write_date, ISO). */
  unsubscribedAt: string;
}

export type ConsentDecision =
  | { write: "UNSUBSCRIBED"; suspend: SuspendedOptIn | null }
  | { write: "SUBSCRIBED"; marketingOptInLevel: string | null }
  | { unchanged: string }
  | { skip: string };

const NO_MARKETING = new Set(["NOT_SUBSCRIBED", "UNSUBSCRIBED", "INVALID", "REDACTED"]);
/** One second of slack: Odoo's write_date is truncated to the second over RPC. */
const SKEW_MS = 1000;
const newer = (a: string | null, b: string): boolean => a !== null && Date.parse(a) > Date.parse(b) + SKEW_MS;

/**
 * What a Shopify customer's email consent should become for an Odoo blacklist entry (see the
 * module comment). `odooChangedAt` is the entry's write_date as ISO.
 */
export function decideShopifyConsent(input: {
  blacklisted: boolean;
  odooChangedAt: string;
  customer: Pick<ShopifyEmailConsent, "marketingState" | "marketingOptInLevel" | "marketingUpdatedAt">;
  /** The opt-in the router suspended for this customer, from the ledger (null: none). */
  suspended: SuspendedOptIn | null;
}): ConsentDecision {
  const { blacklisted, odooChangedAt, customer, suspended } = input;
  const state = customer.marketingState.toUpperCase();
  if (blacklisted) {
    if (NO_MARKETING.has(state)) return { unchanged: `the customer receives no email marketing (${state})` };
    if (newer(customer.marketingUpdatedAt, odooChangedAt)) {
      return { skip: `Shopify's consent (${state} at ${customer.marketingUpdatedAt}) is newer than Odoo's blacklist entry (${odooChangedAt}): newest wins` };
    }
    return {
      write: "UNSUBSCRIBED",
      suspend: state === "SUBSCRIBED" ? { marketingOptInLevel: customer.marketingOptInLevel, unsubscribedAt: odooChangedAt } : null,
    };
  }
  if (state === "SUBSCRIBED") return { unchanged: "the customer is subscribed" };
  if (state !== "UNSUBSCRIBED" || !suspended) {
    return { skip: `the customer did not opt in to email marketing in Shopify (${state}, not unsubscribed by the router): never subscribed without an opt-in` };
  }
  if (newer(customer.marketingUpdatedAt, suspended.unsubscribedAt)) {
    return { skip: `the consent changed in Shopify after the router unsubscribed the customer (${customer.marketingUpdatedAt}): only the customer opts in again` };
  }
  if (newer(customer.marketingUpdatedAt, odooChangedAt)) {
    return { skip: `Shopify's consent is newer than Odoo's release (${odooChangedAt}): newest wins` };
  }
  return { write: "SUBSCRIBED", marketingOptInLevel: suspended.marketingOptInLevel };
}

/** HubSpot: opt out a blacklisted email; never opt anyone back in. */
export function decideHubSpotConsent(input: { blacklisted: boolean; optedOut: boolean }): { write: "UNSUBSCRIBE_ALL" } | { unchanged: string } | { skip: string } {
  if (input.blacklisted) return input.optedOut ? { unchanged: "the contact is opted out of all email" } : { write: "UNSUBSCRIBE_ALL" };
  if (!input.optedOut) return { unchanged: "the contact is not opted out of all email" };
  return { skip: "HubSpot re-subscribes a contact only per subscription type with a legal basis: the router never subscribes anyone (the contact opts in again)" };
}

/**
 * The ledger and audit name an address by its SHA-256 (hex), never in clear: they outlive an
 * erasure of the events that carried it.
 */
export async function emailDigest(email: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(email.trim().toLowerCase()));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

const versionOf = (instant: string | null): number | null => {
  const ms = instant ? Date.parse(instant) : NaN;
  return Number.isNaN(ms) ? null : ms;
};

interface BlacklistEntry {
  id: number;
  email: string;
  active: boolean;
  changedAt: string;
}

async function readEntry(ctx: OutboundContext<"consent">, id: number): Promise<BlacklistEntry | null> {
  const [row] = await ctx.odoo.call<Record<string, unknown>[]>("mail.blacklist", "read", [[id], ["email", "active", "write_date"]], {
    context: { active_test: false },
  });
  if (!row) return null;
  if (typeof row.email !== "string" || typeof row.write_date !== "string") throw new OdooError("business", `mail.blacklist ${id}: no email or write_date in Odoo's answer`);
  return { id, email: row.email.toLowerCase(), active: row.active === true, changedAt: odooTimeToIso(row.write_date) };
}

const write = (target: OutboundTarget, objectKey: string, status: OutboundWrite["status"], value: unknown, reason?: string, link?: string): OutboundWrite => ({
  to: target.sourceId,
  provider: target.provider,
  objectKey,
  value,
  status,
  ...(reason ? { reason } : {}),
  ...(link ? { link } : {}),
});

async function toShopify(ctx: OutboundContext<"consent">, target: OutboundTarget, entry: BlacklistEntry): Promise<OutboundWrite[]> {
  const customers = await shopifyCustomersByEmail(target.session, entry.email);
  if (!customers.length) return [write(target, `mail.blacklist:${entry.id}`, "skipped", null, "no Shopify customer has this email")];
  const writes: OutboundWrite[] = [];
  for (const customer of customers) {
    const consentKey = `email-consent:${customer.customerId}`;
    const optInKey = `email-optin:${customer.customerId}`;
    const known = await ctx.ledger.get(target.sourceId, [consentKey, optInKey]);
    const suspended = (known.get(optInKey)?.value as SuspendedOptIn | null | undefined) ?? null;
    const decision = decideShopifyConsent({ blacklisted: entry.active, odooChangedAt: entry.changedAt, customer, suspended });
    if ("unchanged" in decision) {
      writes.push(write(target, consentKey, "unchanged", { marketingState: customer.marketingState }, decision.unchanged));
      continue;
    }
    if ("skip" in decision) {
      writes.push(write(target, consentKey, "skipped", null, decision.skip));
      continue;
    }
    const set = await shopifySetEmailConsent(target.session, {
      customerId: customer.customerId,
      marketingState: decision.write,
      marketingOptInLevel: decision.write === "SUBSCRIBED" ? decision.marketingOptInLevel : null,
      consentUpdatedAt: entry.changedAt,
    });
    await ctx.ledger.put([
      // With the customer's version the write produced: only the webhook of that version is its echo.
      { sourceId: target.sourceId, objectKey: consentKey, value: { marketingState: decision.write, version: versionOf(set.customerUpdatedAt) }, eventId: ctx.eventId, link: customer.customerId },
      // The suspended opt-in: kept on unsubscribe, cleared (null) once restored.
      ...(decision.write === "UNSUBSCRIBED" && decision.suspend
        ? [{ sourceId: target.sourceId, objectKey: optInKey, value: decision.suspend, eventId: ctx.eventId, link: customer.customerId }]
        : decision.write === "SUBSCRIBED"
          ? [{ sourceId: target.sourceId, objectKey: optInKey, value: null, eventId: ctx.eventId, link: customer.customerId }]
          : []),
    ]);
    writes.push(write(target, consentKey, "sent", { marketingState: decision.write }, undefined, customer.customerId));
  }
  return writes;
}

async function toHubSpot(ctx: OutboundContext<"consent">, target: OutboundTarget, entry: BlacklistEntry): Promise<OutboundWrite[]> {
  const key = `email-optout:${await emailDigest(entry.email)}`;
  const status = await hubspotEmailOptOut(target.session, entry.email);
  const decision = decideHubSpotConsent({ blacklisted: entry.active, optedOut: status.optedOut });
  if ("unchanged" in decision) return [write(target, key, "unchanged", { optedOut: status.optedOut }, decision.unchanged)];
  if ("skip" in decision) return [write(target, key, "skipped", null, decision.skip)];
  await hubspotUnsubscribeAll(target.session, entry.email);
  await ctx.ledger.put([{ sourceId: target.sourceId, objectKey: key, value: { optedOut: true }, eventId: ctx.eventId, link: null }]);
  return [write(target, key, "sent", { optedOut: true })];
}

/**
 * A Shopify `customers/update` of the very customer version the router's consent write produced:
 * its echo. A later edit of the customer (a new name, same consent) has another version and goes
 * in as usual; the way in would find Odoo already holding the consent anyway (no write).
 */
function echoOf(event: CanonicalEvent, provider: string) {
  if (provider !== "shopify" || event.kind !== "customer" || event.action === "delete") return null;
  const consent = (event.data as { marketingConsent?: { state?: string } | null } | undefined)?.marketingConsent;
  if (!consent?.state || (consent.state !== "subscribed" && consent.state !== "unsubscribed")) return null;
  return { objectKey: `email-consent:gid://shopify/Customer/${event.externalId}`, value: { marketingState: consent.state.toUpperCase(), version: event.version } };
}

export const consentFlow: OutboundFlow<"consent"> = {
  name: "consent",
  watches: () => [
    {
      model: "mail.blacklist",
      triggerFields: ["active"],
      fields: ["email", "active"],
      // Archived rows are the released addresses: watched too.
      domain: ["|", ["active", "=", true], ["active", "=", false]],
      entityOf: (record) => (typeof record.id === "number" ? String(record.id) : null),
    },
  ],

  async send(ctx): Promise<OutboundResult> {
    const id = Number(ctx.externalId);
    if (!Number.isInteger(id) || id <= 0) throw new OdooError("business", `consent: "${ctx.externalId}" is not a mail.blacklist id`);
    const entry = await readEntry(ctx, id);
    if (!entry) {
      return {
        odoo: { model: "mail.blacklist", id },
        writes: ctx.targets.map((t) => write(t, `mail.blacklist:${id}`, "skipped", null, "the blacklist entry no longer exists in Odoo (deleted, its email is unknown)")),
      };
    }
    const writes: OutboundWrite[] = [];
    for (const target of ctx.targets) {
      if (target.provider === "shopify") writes.push(...(await toShopify(ctx, target, entry)));
      else if (target.provider === "hubspot") writes.push(...(await toHubSpot(ctx, target, entry)));
      else writes.push(write(target, `mail.blacklist:${id}`, "skipped", null, `email consent is not sent to ${target.provider} (Shopify and HubSpot only)`));
    }
    return { odoo: { model: "mail.blacklist", id }, writes, detail: { blacklisted: entry.active, changedAt: entry.changedAt } };
  },

  echoOf,
};

/**
 * The way in of the consent flow (src/outbound/flows/consent.ts): a provider's email marketing
 * consent on a customer event -> Odoo's blacklist (`mail.blacklist`, 16.0-19.0), newest wins.
 *
 * Odoo's own `_add` / `_remove` are private (refused over RPC: "Private methods ... cannot be
 * called remotely"), so their steps are done with public methods: the address's row is searched
 * with `active_test=False` (archived rows are released addresses); blacklisting re-activates it
 * (`action_unarchive`) or creates it (`create` normalizes the address), releasing archives it
 * (`action_archive`). The row's `write_date` is when Odoo last changed the address's state.
 */
import type { MarketingConsent } from "../../events/canonical";
import type { WriteContext } from "./context";

export interface BlacklistRow {
  id: number;
  active: boolean;
  /** ISO. */
  changedAt: string;
}

export type BlacklistDecision = { action: "add" | "remove" } | { action: null; reason: string };

/**
 * Whether a provider's consent changes Odoo's blacklist: an unsubscribe blacklists, a subscribe
 * releases; only when the provider's change is newer than Odoo's row, and never when Odoo already
 * holds that state (no echo of the router's own write). States that say nothing about an opt-out
 * (never subscribed, pending, other) change nothing.
 */
export function decideBlacklist(consent: MarketingConsent, row: BlacklistRow | null): BlacklistDecision {
  const want = consent.state === "unsubscribed" ? true : consent.state === "subscribed" ? false : null;
  if (want === null) return { action: null, reason: `consent "${consent.state}" says nothing about an opt-out` };
  const holds = row ? row.active : false;
  if (holds === want) return { action: null, reason: want ? "Odoo already blacklists the address" : "Odoo does not blacklist the address" };
  if (!consent.updatedAt || Number.isNaN(Date.parse(consent.updatedAt))) {
    return { action: null, reason: "the provider's consent has no change time: it cannot be shown newer than Odoo's" };
  }
  if (row && Date.parse(consent.updatedAt) <= Date.parse(row.changedAt)) {
    return { action: null, reason: `Odoo's blacklist entry (${row.changedAt}) is as new or newer than the provider's consent (${consent.updatedAt}): newest wins` };
  }
  return { action: want ? "add" : "remove" };
}

/** Applies a customer event's consent to Odoo's blacklist; returns what it did, for the audit detail. */
export async function applyEmailConsent(
  ctx: WriteContext,
  email: string | null,
  consent: MarketingConsent | null | undefined,
): Promise<Record<string, unknown> | null> {
  if (!consent || !email) return null;
  const address = email.trim().toLowerCase();
  const [found] = await ctx.odoo.call<{ id: number; active: boolean; write_date: string }[]>(
    "mail.blacklist",
    "search_read",
    [[["email", "=", address]], ["active", "write_date"]],
    { limit: 1, context: { active_test: false } },
  );
  const row = found ? { id: found.id, active: found.active, changedAt: `${found.write_date.replace(" ", "T")}Z` } : null;
  const decision = decideBlacklist(consent, row);
  if (!decision.action) return { blacklist: "unchanged", reason: decision.reason };
  if (decision.action === "add") {
    if (row) await ctx.odoo.call("mail.blacklist", "action_unarchive", [[row.id]]);
    else await ctx.odoo.call("mail.blacklist", "create", [[{ email: address }]]);
  } else {
    await ctx.odoo.call("mail.blacklist", "action_archive", [[row!.id]]);
  }
  return { blacklist: decision.action === "add" ? "added" : "removed" };
}

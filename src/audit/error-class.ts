/**
 * The error class of a dead or retrying event: who has to act, derived in one place from what the
 * delivery recorded (its category, Odoo's exception name and the message). The class decides who
 * is told (README, "Business exceptions and alerts"):
 *   transient   Odoo or the network failed for now: nobody, unless it lasts (retried on its own)
 *   auth        the router cannot log in, or the Odoo user lacks rights: the Odoo administrator
 *   config      routing or Odoo set-up: a journal, tax, pricelist, currency, product mapping,
 *               a mapped field or an app Odoo lacks: whoever configures the tenant or Odoo
 *   data        Odoo refused the provider's data (a validation error, a bad value): the person
 *               who can fix the record, in Odoo (an activity) or at the provider
 *   dependency  waiting for another entity (its customer, order or payment) to be written first
 */
import type { EventError } from "./audit-message";

export const ERROR_CLASSES = ["transient", "auth", "config", "data", "dependency"] as const;
export type ErrorClass = (typeof ERROR_CLASSES)[number];

/** Only these statuses carry a class: a delivered event's old error is history. */
const CLASSED_STATUSES = new Set(["retrying", "dead"]);

/**
 * DependencyWaitError / DependencyBusyError texts (src/odoo/errors.ts, writers/context.ts, refund.ts,
 * invoice.ts), and a waiter released because what it waited for is dead (entity/entity-store.ts).
 */
const DEPENDENCY = [/ waits for .+ to be written( to Odoo)? first/, /^waiting for .+, which another delivery is writing/, /^dependency \S+ .+ is dead: /];

/**
 * Routing and set-up problems: the router's own "configuration:" messages (schema.ts, currency.ts),
 * product mapping (product.ts), flows the routing turns off, apps/currencies/rates to activate, and
 * Odoo's own texts about journals, taxes, accounts, fiscal positions, lock dates and missing models.
 */
const CONFIG = [
  /^configuration: /,
  /is not in Odoo and the tenant's routing does not create/,
  /whose events the tenant's routing ignores/,
  /the tenant's routing (ignores|has no flow)/,
  /is not installed in this Odoo/,
  /is not in this Odoo database: activate it/,
  /^no exchange rate for /,
  /^the Odoo company has no currency/,
  / has no field "[^"]+" in this Odoo database/,
  /^Object \S+ doesn't exist/,
  /Invalid field '[^']+' on model/,
  /No journal could be found/i,
  /define an? (accounting )?\w* ?journal/i,
  /\bjournal\b.*\b(not|no|missing|configure)/i,
  /\btax(es)?\b.*\b(not|no|missing|configure|archived|company)/i,
  /chart of accounts/i,
  /fiscal position/i,
  /lock date/i,
];

/** Odoo exception names that mean the API user cannot log in or lacks the rights. */
const AUTH_NAMES = new Set(["odoo.exceptions.AccessDenied", "odoo.exceptions.AccessError", "werkzeug.exceptions.Unauthorized", "werkzeug.exceptions.Forbidden"]);

/** The router's "gave up after N attempts over H h: <error>" wraps the last error's message. */
const GAVE_UP = /^gave up after \d+ attempts over \d+ h: /;

export function errorClassOf(error: EventError | null | undefined): ErrorClass | null {
  if (!error) return null;
  const message = error.message.replace(GAVE_UP, "");
  if (DEPENDENCY.some((re) => re.test(message))) return "dependency";
  if (error.category === "auth" || (error.name !== null && AUTH_NAMES.has(error.name))) return "auth";
  if (CONFIG.some((re) => re.test(message))) return "config";
  // Network, 5xx, 429, database concurrency, and messages the dead-letter queue gave up on.
  if (error.category === "retryable" || error.category === "exhausted") return "transient";
  // business (ValidationError, UserError, ValueError...) and not_found (the mapped record is gone).
  return "data";
}

/** The class an event shows: only a retrying or dead event has one. */
export function errorClassOfEvent(status: string, error: EventError | null | undefined): ErrorClass | null {
  return CLASSED_STATUSES.has(status) ? errorClassOf(error) : null;
}

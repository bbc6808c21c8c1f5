/**
 * Odoo failures, classified once so the delivery consumer can decide: retry later, dead-letter now,
 * or treat as a configuration problem. Odoo's own exception name (`data.name`, e.g.
 * "odoo.exceptions.ValidationError") and message are kept for the audit trail.
 */
export type OdooErrorCategory =
  /** network, timeout, 5xx, 429, database concurrency: the same call may succeed later */
  | "retryable"
  /** ValidationError, UserError, AccessError, bad field values: retrying cannot help */
  | "business"
  /** the record the mapping points to is gone (MissingError) */
  | "not_found"
  /** wrong API key, login or database: retried with backoff until an operator fixes it */
  | "auth";

export class OdooError extends Error {
  override readonly name = "OdooError";
  constructor(
    readonly category: OdooErrorCategory,
    message: string,
    readonly odooName: string | null = null,
    readonly retryAfterSeconds: number | null = null,
    /**
     * HTTP status of Odoo's (or its proxy's) answer; null when none arrived (refused, reset,
     * timeout) or the error was not an answer. Says whether Odoo may have committed the call.
     */
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

const RETRYABLE_NAMES = [
  "psycopg2.",
  "odoo.exceptions.ConcurrencyError",
  "odoo.exceptions.LockError",
];

/**
 * Exceptions after which Odoo has rolled the call's transaction back: a concurrent update
 * (serialization failure, ConcurrencyError) or a row lock it could not take. Odoo itself retries
 * serialization failures (odoo/service/model.py `retrying`) before raising them.
 */
export const rolledBackException = (name: string | null): boolean =>
  name !== null && RETRYABLE_NAMES.some((prefix) => name.startsWith(prefix));

/** Maps Odoo's exception class name (`data.name` of JSON-RPC, `name` of JSON-2) to a category. */
export function categoryOfOdooException(name: string | null): OdooErrorCategory {
  if (!name) return "retryable";
  if (RETRYABLE_NAMES.some((prefix) => name.startsWith(prefix))) return "retryable";
  if (name === "odoo.exceptions.AccessDenied" || name === "werkzeug.exceptions.Unauthorized") return "auth";
  if (name === "odoo.exceptions.MissingError") return "not_found";
  if (name.startsWith("odoo.exceptions.")) return "business"; // UserError, ValidationError, AccessError, RedirectWarning
  if (name.startsWith("builtins.")) return "business"; // ValueError/TypeError/KeyError: a payload Odoo will never accept
  return "retryable";
}

/** Retry-After as seconds (delta or HTTP date), or null. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}

/**
 * The entity a waiting write waits for, of the waiter's own tenant and source. `written`: its
 * record must be in Odoo (a payment's order); `free`: its entity must not be held by another
 * write (an order creating its customer while the customer's own write is in flight).
 */
export interface Dependency {
  kind: string;
  externalId: string;
  needs: "written" | "free";
}

/**
 * The write needs another entity that is not ready (being written, or not yet received): retried,
 * and no sign of Odoo's health, so the tenant's breaker does not count it. When it names the
 * entity (`on`), the write waits on that entity's object, which wakes it when its write settles.
 */
export class DependencyWaitError extends OdooError {
  constructor(
    message: string,
    retryAfterSeconds: number | null = null,
    readonly on: Dependency | null = null,
  ) {
    super("retryable", message, null, retryAfterSeconds);
  }
}

/** Another write holds an entity this write depends on: try again when it is given back. */
export class DependencyBusyError extends DependencyWaitError {
  constructor(kind: string, externalId: string, lockExpiresInSeconds: number) {
    // The holder usually finishes within a second: look again soon, not when its lease expires.
    super(`waiting for ${kind} ${externalId}, which another delivery is writing`, Math.min(2, Math.max(1, lockExpiresInSeconds)), {
      kind,
      externalId,
      needs: "free",
    });
  }
}

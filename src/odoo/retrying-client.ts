/**
 * Quick retries of one failed Odoo call inside the delivery, before the whole write backs off on
 * the queue: most transient failures (a 503 from the proxy, a 429, a serialization failure) are
 * gone a few hundred milliseconds later, and a write that backs off as a whole costs its earlier
 * calls again plus a queue round trip.
 *
 * Correctness first: a call is repeated only when repeating it cannot duplicate anything, i.e.
 * when it reads, or when Odoo certainly did not commit it (see `safeToRepeat`). A create whose
 * answer was lost after it was sent (timeout, reset, 502/504) is NOT repeated here: the write
 * fails, and the queue re-runs the whole write, whose idempotent steps (upsert by external id,
 * writers/context.ts) find what the lost call created.
 *
 * Every attempt is a real HTTP call: the inner client counts it (audit `odooCalls`, the breaker's
 * call count), and this client counts the failed ones for the breaker (`failedCalls`).
 */
import type { OdooClient } from "./client";
import { OdooError, rolledBackException } from "./errors";

export interface InDeliveryRetryPolicy {
  /** Attempts of one call, the first included. */
  attempts: number;
  /** Waiting between attempts stops once this much time has passed since the first attempt. */
  budgetMs: number;
  /** Ceiling of the first wait; it doubles for each further attempt (jittered down to half). */
  firstDelayMs: number;
}

/** Three attempts within two seconds (waits of ~0.1-0.2 s, then ~0.2-0.4 s, or Retry-After). */
export const IN_DELIVERY_RETRY: InDeliveryRetryPolicy = { attempts: 3, budgetMs: 2_000, firstDelayMs: 200 };

/** ORM methods that change nothing: repeating one cannot duplicate anything. */
const READ_METHODS = new Set([
  "search",
  "search_read",
  "search_count",
  "read",
  "read_group",
  "fields_get",
  "name_search",
  "default_get",
  "check_access_rights",
  "has_access",
  "exists",
]);

/**
 * Whether `method` may be sent again after it failed with `err`: the failure must be transient
 * (a "retryable" OdooError), and either the call reads, or Odoo certainly did not apply it:
 *   - 429 (rate limited) and 503 (proxy or Odoo unavailable) are refused before Odoo runs the call;
 *   - a serialization failure, ConcurrencyError or LockError rolled the transaction back.
 * Not safe for a write: no answer (connection refused cannot be told apart from a reset after
 * sending), 500/502/504 from a proxy, a 200 whose body is not JSON: Odoo may have committed.
 */
export function safeToRepeat(method: string, err: unknown): boolean {
  if (!(err instanceof OdooError) || err.category !== "retryable") return false;
  if (READ_METHODS.has(method)) return true;
  if (err.status === 429 || err.status === 503) return true;
  return rolledBackException(err.odooName);
}

/**
 * The wait (ms) before attempt `attempt + 1` of a call whose first attempt began `elapsedMs` ago,
 * or null when it must not be retried within the delivery: attempts used up, or the wait (at
 * least Odoo's Retry-After) would end past the budget; the message backs off then.
 */
export function nextAttemptDelayMs(
  attempt: number,
  elapsedMs: number,
  retryAfterSeconds: number | null,
  policy: InDeliveryRetryPolicy = IN_DELIVERY_RETRY,
  random: () => number = Math.random,
): number | null {
  if (attempt >= policy.attempts) return null;
  const ceiling = policy.firstDelayMs * 2 ** (attempt - 1);
  const delay = Math.max(ceiling / 2 + random() * (ceiling / 2), (retryAfterSeconds ?? 0) * 1000);
  return elapsedMs + delay > policy.budgetMs ? null : Math.round(delay);
}

export interface RetryingClientOptions {
  /**
   * Asked before each retry: false when the tenant's breaker says stop (open, or this write is its
   * probe). A failure to answer counts as false.
   */
  mayRetry: () => Promise<boolean>;
  policy?: InDeliveryRetryPolicy;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

export class RetryingClient implements OdooClient {
  /** Calls that failed transiently (retried or not): each is a failure for the breaker. */
  failedCalls = 0;
  /** Calls sent again within this delivery. */
  retriedCalls = 0;
  private readonly policy: InDeliveryRetryPolicy;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => number;

  constructor(
    private readonly inner: OdooClient,
    private readonly options: RetryingClientOptions,
  ) {
    this.policy = options.policy ?? IN_DELIVERY_RETRY;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
  }

  get calls(): number {
    return this.inner.calls;
  }

  probe() {
    return this.inner.probe();
  }

  serverVersion() {
    return this.inner.serverVersion();
  }

  async call<T = unknown>(model: string, method: string, args: unknown[], kwargs?: Record<string, unknown>): Promise<T> {
    const started = this.now();
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.inner.call<T>(model, method, args, kwargs);
      } catch (err) {
        if (err instanceof OdooError && err.category === "retryable") this.failedCalls++;
        const delay = safeToRepeat(method, err)
          ? nextAttemptDelayMs(attempt, this.now() - started, (err as OdooError).retryAfterSeconds, this.policy, this.random)
          : null;
        if (delay === null || !(await this.options.mayRetry().catch(() => false))) throw err;
        await this.sleep(delay);
        this.retriedCalls++;
      }
    }
  }
}

/**
 * The decisions of the write consumer, as pure functions of what happened: what a refused permit
 * or a busy claim means for the message, how a failure is classified (for the audit trail and for
 * the tenant's breaker), and whether a failed write is retried (after how long) or dead.
 * write-consumer.ts does the I/O around them.
 */
import type { EventError } from "../audit/audit-message";
import { DependencyWaitError, OdooError } from "../odoo/errors";
import type { Outcome } from "../tenant/gate-store";
import { busyRetrySeconds, retryDelaySeconds } from "./backoff";

/** What happens to the queue message: acked (done), or retried after a delay. */
export type Verdict = { ack: true } | { ack: false; delaySeconds: number };

export interface RetryPolicy {
  baseSeconds: number;
  maxDelaySeconds: number;
  maxAttempts: number;
  windowSeconds: number;
}

/**
 * A permit the gate refused. At the cap a slot frees within seconds: come back then. Paused by the
 * breaker: wait until it may let a probe through, or longer as the queue attempts grow (the
 * queue's max_retries counts pauses too: a long outage must not exhaust them).
 */
export function delayWhenRefused(
  refusal: { retryInSeconds: number; paused: boolean },
  queueAttempts: number,
  policy: Pick<RetryPolicy, "baseSeconds" | "maxDelaySeconds">,
): number {
  if (!refusal.paused) return refusal.retryInSeconds;
  return Math.max(refusal.retryInSeconds, retryDelaySeconds(queueAttempts, policy, null, () => 1));
}

/** A write whose entity is held comes back soon (backoff.ts `busyRetrySeconds`); one already finished is acked. */
export function verdictForUnclaimed(claim: { status: "gone" } | { status: "busy"; retryInSeconds: number }, queueAttempts: number): Verdict {
  return claim.status === "gone" ? { ack: true } : { ack: false, delaySeconds: busyRetrySeconds(claim.retryInSeconds, queueAttempts) };
}

export type Failure = EventError & { retryAfterSeconds: number | null };

/**
 * A thrown error as the audit trail records it, and what it says about Odoo's health (the
 * outcome reported to the breaker): waiting for another entity says nothing (null), an
 * unexpected error counts as transient.
 */
export function classifyFailure(err: unknown): { failure: Failure; outcome: Outcome | null } {
  const failure: Failure =
    err instanceof OdooError
      ? { category: err.category, name: err.odooName, message: err.message, retryAfterSeconds: err.retryAfterSeconds }
      : { category: "retryable", name: null, message: err instanceof Error ? err.message : String(err), retryAfterSeconds: null };
  const outcome: Outcome | null =
    err instanceof DependencyWaitError
      ? null
      : failure.category === "auth"
        ? "auth"
        : failure.category === "retryable"
          ? "retryable"
          : "business";
  return { failure, outcome };
}

export type FailureDecision =
  | { kind: "dead"; error: EventError }
  | { kind: "retry"; error: EventError; delaySeconds: number };

/**
 * A failed write is dead when retrying cannot help (business, not_found), or when it has used
 * its attempts or its retry window; otherwise it backs off (at least Odoo's Retry-After).
 */
export function decideAfterFailure(
  failure: Failure,
  attempt: number,
  retryingForSeconds: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): FailureDecision {
  const { retryAfterSeconds, ...error } = failure;
  if (error.category === "business" || error.category === "not_found") return { kind: "dead", error };
  if (attempt >= policy.maxAttempts || retryingForSeconds >= policy.windowSeconds) {
    const gaveUp = `gave up after ${attempt} attempts over ${Math.round(retryingForSeconds / 3600)} h: ${error.message}`;
    return { kind: "dead", error: { ...error, message: gaveUp } };
  }
  return { kind: "retry", error, delaySeconds: retryDelaySeconds(attempt, policy, retryAfterSeconds, random) };
}

/**
 * The decisions of the write consumer, as pure functions of what happened: what a refused permit
 * or a held entity means for the message, how a failed attempt is classified (for the audit trail
 * and the tenant's breaker), whether it is dead, retried after a backoff, or waits for another
 * entity, and what the waited-for entity's answer means.
 * write-consumer.ts does the I/O around them.
 */
import type { EventError } from "../audit/audit-message";
import { DependencyWaitError, OdooError, type Dependency } from "../odoo/errors";
import { ProviderApiError } from "../providers/provider-api";
import type { WaitAnswer } from "../entity/entity-store";
import type { Outcome } from "../tenant/gate-store";
import { busyRetrySeconds, MAX_QUEUE_DELAY_SECONDS, retryDelaySeconds } from "./backoff";

/** What happens to the queue message: acked (done, or recorded dead), or retried after a delay. */
export type Verdict = { ack: true } | { ack: false; delaySeconds: number };

export interface RetryPolicy {
  baseSeconds: number;
  maxDelaySeconds: number;
  maxAttempts: number;
  windowSeconds: number;
}

export type Failure = EventError & { retryAfterSeconds: number | null; permanent?: boolean };

/**
 * Queue attempts of a message paused by the breaker that simply follow it (come back when it may
 * let a probe through); after these the pause also backs off, so a long outage does not use up the
 * queue's 100 retries (from the 11th: 2, 4, 8... s up to maxDelaySeconds with the default base,
 * which keeps a message for days). Growing from the first pause (base·2^(attempts-1)) would send
 * a message that met five or six refusals of a short outage 30-60 s past Odoo's return.
 */
export const PAUSES_FOLLOWING_THE_BREAKER = 10;

/**
 * A permit the gate refused. At the cap a slot frees within seconds: come back then. Paused by the
 * breaker: come back when it may let a probe through, or, once paused more than
 * PAUSES_FOLLOWING_THE_BREAKER times, later as the queue attempts grow.
 */
export function delayWhenRefused(
  refusal: { retryInSeconds: number; paused: boolean },
  queueAttempts: number,
  policy: Pick<RetryPolicy, "baseSeconds" | "maxDelaySeconds">,
): number {
  if (!refusal.paused) return refusal.retryInSeconds;
  const backoff = retryDelaySeconds(queueAttempts - PAUSES_FOLLOWING_THE_BREAKER, policy, null, () => 1);
  return Math.max(refusal.retryInSeconds, backoff);
}

/** A write whose entity is held comes back soon (backoff.ts `busyRetrySeconds`); one already finished is acked. */
export function verdictForUnclaimed(claim: { status: "gone" } | { status: "busy"; retryInSeconds: number }, queueAttempts: number): Verdict {
  return claim.status === "gone" ? { ack: true } : { ack: false, delaySeconds: busyRetrySeconds(claim.retryInSeconds, queueAttempts) };
}

/**
 * A write waiting for another entity is woken by it (entity-store.ts `addWaiter`); its own retry
 * comes only after this many times the backoff base (1 minute by default), a safety net for a
 * lost wake-up or a dependency that never comes.
 */
export const WAIT_SAFETY_BASE_MULTIPLE = 30;

/** A provider failure as the event's error: transient and auth wait and retry, data and config are dead. */
export function providerError(err: ProviderApiError): Failure & { permanent: boolean } {
  const name = `provider_${err.category}`;
  const message = err.category === "auth" ? `${err.message} (the event waits: it is retried until the connection works again)` : err.message;
  const permanent = err.category === "data" || err.category === "config";
  return { category: permanent ? "business" : err.category === "auth" ? "auth" : "retryable", name, message, retryAfterSeconds: err.retryAfterSeconds, permanent };
}

/**
 * A thrown error as the audit trail records it, what it says about Odoo's health (the outcome
 * reported to the breaker: waiting for another entity, or a provider's API failing, says
 * nothing), and the entity it waits for, when it names one.
 */
export function classifyFailure(err: unknown): { failure: Failure; outcome: Outcome | null; waitsFor: Dependency | null } {
  const failure: Failure =
    err instanceof OdooError
      ? { category: err.category, name: err.odooName, message: err.message, retryAfterSeconds: err.retryAfterSeconds }
      : err instanceof ProviderApiError
        ? providerError(err)
        : { category: "retryable", name: null, message: err instanceof Error ? err.message : String(err), retryAfterSeconds: null };
  const notOdoo = err instanceof DependencyWaitError || err instanceof ProviderApiError;
  const outcome: Outcome | null = notOdoo
    ? null
    : failure.category === "auth"
      ? "auth"
      : failure.category === "retryable"
        ? "retryable"
        : "business";
  return { failure, outcome, waitsFor: err instanceof DependencyWaitError ? err.on : null };
}

export type FailureDecision =
  | { kind: "dead"; error: EventError }
  | { kind: "retry"; error: EventError; delaySeconds: number }
  /**
   * Register on the entity waited for; `delaySeconds` is the safety net, not the expected wait,
   * `backoffSeconds` the plain backoff (used when the registration fails).
   */
  | { kind: "wait"; error: EventError; on: Dependency; delaySeconds: number; backoffSeconds: number };

/**
 * A failed write is dead when retrying cannot help (business, not_found, a provider's data or
 * config error), or when it has used its attempts or its retry window. Otherwise it waits for the
 * entity it names (woken by it, retried on its own only after the safety delay), or backs off
 * (at least Odoo's Retry-After).
 */
export function decideAfterFailure(
  failure: Failure,
  waitsFor: Dependency | null,
  attempt: number,
  retryingForSeconds: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): FailureDecision {
  const { retryAfterSeconds, permanent: provided, ...error } = failure;
  const permanent = provided ?? (error.category === "business" || error.category === "not_found");
  if (permanent) return { kind: "dead", error };
  if (attempt >= policy.maxAttempts || retryingForSeconds >= policy.windowSeconds) {
    const gaveUp = `gave up after ${attempt} attempts over ${Math.round(retryingForSeconds / 3600)} h: ${error.message}`;
    return { kind: "dead", error: { ...error, message: gaveUp } };
  }
  const delaySeconds = retryDelaySeconds(attempt, policy, retryAfterSeconds, random);
  if (!waitsFor) return { kind: "retry", error, delaySeconds };
  const safety = Math.min(MAX_QUEUE_DELAY_SECONDS, Math.max(delaySeconds, policy.baseSeconds * WAIT_SAFETY_BASE_MULTIPLE));
  return { kind: "wait", error, on: waitsFor, delaySeconds: safety, backoffSeconds: delaySeconds };
}

/**
 * What the entity waited for answered the registration: `waiting` keeps the safety delay (it
 * wakes the write when ready), or the end of the hold it waits out when sooner (a holder that
 * crashed never gives it back: its lease ends it); `ready` (it became ready between the attempt
 * and the registration) retries now; `dead` makes the write dead with the dependency's error.
 * Could not register (null): the plain backoff, as before wake-ups.
 */
export function decideAfterWaiting(
  answer: WaitAnswer | null,
  wait: { error: EventError; delaySeconds: number; backoffSeconds: number },
): { kind: "dead"; error: EventError } | { kind: "retry"; error: EventError; delaySeconds: number } {
  if (answer === null) return { kind: "retry", error: wait.error, delaySeconds: wait.backoffSeconds };
  if (answer.status === "dead") return { kind: "dead", error: answer.error };
  if (answer.status === "ready") return { kind: "retry", error: wait.error, delaySeconds: 0 };
  const holdEnds = answer.heldForSeconds === undefined ? Infinity : answer.heldForSeconds + 1;
  return { kind: "retry", error: wait.error, delaySeconds: Math.min(wait.delaySeconds, holdEnds) };
}

/** How a waiting write names the entity it waits for in its timeline. */
export const describeDependency = (on: Dependency) => `${on.kind} ${on.externalId}`;

/**
 * Exponential backoff with full jitter (AWS "Exponential Backoff and Jitter"): the delay before
 * attempt n+1 is uniform in [base*2^(n-1)/2, base*2^(n-1)], capped; Odoo's Retry-After, when it
 * sent one, is a floor. Queues accept at most 12 h of delay.
 */
export const MAX_QUEUE_DELAY_SECONDS = 43_200;

export function retryDelaySeconds(
  attempt: number,
  policy: { baseSeconds: number; maxDelaySeconds: number },
  retryAfterSeconds: number | null = null,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelaySeconds, policy.baseSeconds * 2 ** Math.max(0, attempt - 1));
  const jittered = ceiling / 2 + random() * (ceiling / 2);
  const delay = Math.max(jittered, retryAfterSeconds ?? 0);
  return Math.min(MAX_QUEUE_DELAY_SECONDS, Math.ceil(delay));
}

/**
 * A write that finds its entity held (its own event claimed by another message, or the entity
 * lent to an order creating it) comes back soon and then less often: the holder usually finishes
 * within a second, and the lease it holds (up to a minute) only matters when the holder crashed.
 * Waiting out the lease made a customer whose order was creating it wait a minute.
 */
export function busyRetrySeconds(leaseRemainingSeconds: number, queueAttempts: number): number {
  const soon = 2 ** Math.min(6, Math.max(0, queueAttempts - 1));
  return Math.max(1, Math.min(leaseRemainingSeconds, soon));
}

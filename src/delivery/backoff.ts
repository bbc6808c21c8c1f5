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

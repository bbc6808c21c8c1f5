/**
 * Replay protection for schemes that sign a timestamp: the signed time must be within the source's
 * tolerance of the receipt time. Providers differ on the future side (Stripe and HubSpot check
 * only the past, Standard Webhooks both), so the caller says which.
 */
export const DEFAULT_TOLERANCE_SECONDS = 300;

export function checkTimestamp(options: {
  signedAtMs: number;
  receivedAtMs: number;
  toleranceSeconds: number;
  /** Also reject timestamps this far in the future (clock skew of the sender). */
  rejectFuture: boolean;
}): { ok: true } | { ok: false; reason: string } {
  const { signedAtMs, receivedAtMs, toleranceSeconds, rejectFuture } = options;
  if (!Number.isFinite(signedAtMs)) return { ok: false, reason: "signature timestamp is not a number" };
  if (toleranceSeconds === 0) return { ok: true };
  const age = (receivedAtMs - signedAtMs) / 1000;
  if (age > toleranceSeconds) return { ok: false, reason: `signature timestamp is ${Math.round(age)} s old (tolerance ${toleranceSeconds} s)` };
  if (rejectFuture && -age > toleranceSeconds) {
    return { ok: false, reason: `signature timestamp is ${Math.round(-age)} s in the future (tolerance ${toleranceSeconds} s)` };
  }
  return { ok: true };
}

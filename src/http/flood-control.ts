/**
 * Flood control of refused deliveries. Deliveries whose verification fails (forged, replayed past
 * the provider's tolerance, or a body the verifier cannot read) are counted per tenant/source by
 * the REFUSALS binding (Workers Rate Limiting, wrangler.toml: 60 per 60 s, counted per Cloudflare
 * location); past the limit a refusal is answered `429 rate_limited` with Retry-After instead of
 * 401, and is neither logged nor recorded in the audit trail.
 *
 * The counter is consulted only once a delivery has been refused: a verified delivery never
 * reaches it, so a verified provider is never answered 429, however large the flood on its URL.
 * A counter that cannot be read lets the refusal through as a plain 401 (fail open: the limit
 * sheds load, it guards nothing).
 */
import type { Env } from "../env";
import { ApiError } from "./errors";

/** The binding's period (wrangler.toml `simple.period`): how long a client should wait. */
export const REFUSALS_PERIOD_SECONDS = 60;

/** Counts one refusal; false once the source is past its limit for this period. */
export async function refusalWithinLimit(env: Env, tenantId: string, sourceId: string): Promise<boolean> {
  try {
    const { success } = await env.REFUSALS.limit({ key: `${tenantId}/${sourceId}` });
    return success;
  } catch (err) {
    console.error({ msg: "refusal rate limit unavailable", tenantId, sourceId, err: String(err) });
    return true;
  }
}

export function tooManyRefusals(): ApiError {
  return new ApiError(
    429,
    "rate_limited",
    `too many refused deliveries for this source: retry in ${REFUSALS_PERIOD_SECONDS} s (deliveries that pass verification are never limited)`,
    { "retry-after": String(REFUSALS_PERIOD_SECONDS) },
  );
}

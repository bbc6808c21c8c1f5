/**
 * `openSession`: the one way into a source's provider API. It reads the source's `api` (sealed in
 * D1), finds the source's connection object (in the tenant's region) and builds an ApiSession on
 * it: access tokens and the rate gate come from that object, so every Worker and every consumer
 * calling the same source shares one refresh and one gate.
 */
import type { Env } from "../env";
import { getSourceApi } from "../db/tenants";
import { authOf, ProviderApiError, type ApiSession, type ProviderApi, type RateSignal } from "../providers/provider-api";
import { PROVIDERS } from "../providers/registry";
import { connectionNamespace, type Region } from "../tenant/region";
import { createApiSession, type RateGate, type TokenSource } from "./api-session";
import type { ConnectionAnswer, ConnectionObject, ConnectionRef } from "./connection-object";

/** A wait for the gate this short is waited here; a longer one is the caller's retry (transient). */
export const MAX_GATE_WAIT_MS = 2_000;
/** Short waits add up (a queue of callers): past this the call is a retry too. */
const MAX_TOTAL_GATE_WAIT_MS = 6_000;

export const connectionName = (tenantId: string, sourceId: string) => `${tenantId}/${sourceId}`;

/** The source's API session; null when the source has no `api` (or is gone). */
export async function openSession(env: Env, region: Region | null | undefined, tenantId: string, sourceId: string): Promise<ApiSession | null> {
  const source = await getSourceApi(env, tenantId, sourceId);
  if (!source) return null;
  const api = PROVIDERS[source.provider]?.api;
  if (!api) throw new ProviderApiError("config", `provider "${source.provider}" has no API client`);
  const stub = connectionNamespace(env, region).getByName(connectionName(tenantId, sourceId));
  const auth = authOf(api, source.credentials).kind;
  const ref: ConnectionRef = { tenantId, sourceId, version: source.version, auth, limits: limitsOf(api, source.credentials) };
  return createApiSession({
    api,
    credentials: source.credentials,
    options: source.options,
    gate: connectionGate(stub, ref),
    ...(auth === "oauth2" ? { tokens: connectionTokens(stub, ref) } : {}),
  });
}

/** The connection's own limits when the provider lets a connection declare them (generic APIs). */
function limitsOf(api: ProviderApi, credentials: Record<string, unknown>) {
  return api.limitsOf?.(credentials) ?? api.limits;
}

function unwrap<T>(answer: ConnectionAnswer<T>): T {
  if (answer.ok) return answer.value;
  throw new ProviderApiError(answer.category, answer.message, null, answer.retryAfterSeconds);
}

type ConnectionStub = DurableObjectStub<ConnectionObject>;

/** Tokens from the connection object; the last one handed out is what a 401 refused. */
export function connectionTokens(stub: ConnectionStub, ref: ConnectionRef): TokenSource {
  let last: string | null = null;
  return {
    async accessToken(fresh) {
      last = unwrap(await stub.accessToken(ref, fresh, fresh ? last : null));
      return last;
    },
  };
}

/** The connection object's gate: short waits are slept here, long ones become a transient error. */
export function connectionGate(stub: ConnectionStub, ref: ConnectionRef): RateGate {
  return {
    async acquire(cost) {
      let waited = 0;
      for (;;) {
        const admission = unwrap(await stub.acquire(ref, cost));
        if ("permit" in admission) {
          const permit = admission.permit;
          return {
            async release(status: number | null, signal: RateSignal | null) {
              await stub.release(ref, permit, status, signal);
            },
          };
        }
        if (admission.waitMs > MAX_GATE_WAIT_MS || waited + admission.waitMs > MAX_TOTAL_GATE_WAIT_MS) {
          const seconds = Math.max(1, Math.ceil(admission.waitMs / 1000));
          throw new ProviderApiError("transient", `the provider's rate limit for this connection is reached: retry in ${seconds} s`, null, seconds);
        }
        await new Promise((resolve) => setTimeout(resolve, admission.waitMs));
        waited += admission.waitMs;
      }
    },
  };
}

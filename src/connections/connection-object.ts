/**
 * The Durable Object of one source's provider API connection (in the tenant's region, like its
 * entity objects). A thin RPC surface over ConnectionStore (durable state) and RateGateState
 * (in memory: a restarted object starts with an empty gate, as the provider's own window goes on):
 *   - `accessToken`: OAuth2 access tokens, cached until a minute before they expire; one refresh
 *     in flight per source however many callers ask (every stub of the name reaches this one
 *     object), the rotated refresh token stored before the access token is handed out;
 *   - `acquire` / `release`: the rate gate every API call passes.
 * A refused refresh sets the status `auth_failed` (here and on the source in D1, shown by the
 * sources listing): calls fail with category `auth` at once until the admin PUTs new credentials.
 *
 * Answers are values, never thrown errors: a ProviderApiError's category would not survive RPC.
 */
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";
import { getSourceApi, setSourceApiStatus } from "../db/tenants";
import { authOf, ProviderApiError, type ApiErrorCategory, type RateLimits, type RateSignal } from "../providers/provider-api";
import { PROVIDERS } from "../providers/registry";
import { keyIdOf, keyRingOf, open, seal } from "../security/secret-box";
import { ConnectionStore, type ConnectionStatus } from "./connection-store";
import { RateGateState, type Admission } from "./rate-gate";

/** What every call says about the connection it is made for. */
export interface ConnectionRef {
  tenantId: string;
  sourceId: string;
  /** The version of the source's `api` the caller read (sources.api_version). */
  version: number;
  auth: "static" | "oauth2";
  limits: RateLimits;
}

export type ConnectionAnswer<T> =
  | { ok: true; value: T }
  | { ok: false; category: ApiErrorCategory; message: string; retryAfterSeconds: number | null };

/** An access token is renewed this long before the provider says it expires. */
export const ACCESS_TOKEN_MARGIN_MS = 60_000;

/** The additional data the stored refresh token is sealed with (see security/secret-box.ts). */
const refreshContext = (ref: { tenantId: string; sourceId: string }) => `connection-refresh:${ref.tenantId}/${ref.sourceId}`;

const failure = (category: ApiErrorCategory, message: string, retryAfterSeconds: number | null = null) =>
  ({ ok: false, category, message, retryAfterSeconds }) as const;

export class ConnectionObject extends DurableObject<Env> {
  private store!: ConnectionStore;
  private cached: { token: string; expiresAt: number } | null = null;
  private refreshing: Promise<ConnectionAnswer<string>> | null = null;
  private gate: { key: string; state: RateGateState } | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      this.store = new ConnectionStore(ctx.storage.sql);
    });
  }

  /**
   * An access token. `fresh`: the caller's token was refused (401); `rejected` is that token, so
   * a caller late to a refresh another caller already did gets the new token, not a second refresh.
   */
  async accessToken(ref: ConnectionRef, fresh: boolean, rejected: string | null): Promise<ConnectionAnswer<string>> {
    const stale = this.follow(ref);
    if (stale) return stale;
    const { status, statusDetail } = this.store.state();
    if (status === "auth_failed") return failure("auth", authFailedMessage(statusDetail));
    const cached = this.cached && this.cached.expiresAt > Date.now() ? this.cached.token : null;
    if (cached && (!fresh || (rejected !== null && cached !== rejected))) return { ok: true, value: cached };
    this.refreshing ??= this.refresh(ref).finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  /** Room for one call of this cost now (a permit), or how long to wait. */
  async acquire(ref: ConnectionRef, cost: number): Promise<ConnectionAnswer<Admission>> {
    const stale = this.follow(ref);
    if (stale) return stale;
    const { status, statusDetail } = this.store.state();
    if (status === "auth_failed") return failure("auth", authFailedMessage(statusDetail));
    return { ok: true, value: this.gateFor(ref).acquire(cost, Date.now()) };
  }

  async release(ref: ConnectionRef, permit: string, status: number | null, signal: RateSignal | null): Promise<void> {
    if (this.follow(ref)) return;
    this.gateFor(ref).release(permit, status, signal, Date.now());
    // A static credential refused is refused until an admin changes it; an OAuth2 401 is only an
    // expired access token (the session refreshes and retries).
    if (status === 401 && ref.auth === "static") await this.setStatus(ref, "auth_failed", "the provider refused the credentials (HTTP 401)");
    else if (status !== null && status >= 200 && status < 300) await this.setStatus(ref, "connected", null);
  }

  /** Calls in flight through the gate (for tests and diagnostics). */
  async inFlight(): Promise<number> {
    return this.gate?.state.inFlight(Date.now()) ?? 0;
  }

  /**
   * Keeps the state to the caller's version of `api`: a newer one (the admin PUT new credentials)
   * drops tokens, status and gate; an older one is a caller that read the source before that PUT.
   */
  private follow(ref: ConnectionRef): ConnectionAnswer<never> | null {
    const { version } = this.store.state();
    if (ref.version > version) {
      this.store.reset(ref.version, Date.now());
      this.cached = null;
      this.gate = null;
    } else if (ref.version < version) {
      return failure("transient", "the source's api settings changed during the call; it is tried again with the new ones", 1);
    }
    return null;
  }

  private gateFor(ref: ConnectionRef): RateGateState {
    const key = JSON.stringify(ref.limits);
    if (this.gate?.key !== key) this.gate = { key, state: new RateGateState(ref.limits, Date.now()) };
    return this.gate.state;
  }

  private async refresh(ref: ConnectionRef): Promise<ConnectionAnswer<string>> {
    // The credentials are read here, not sent by every caller: they reach this object only when needed.
    const source = await getSourceApi(this.env, ref.tenantId, ref.sourceId);
    if (!source) return failure("config", "the source has no api connection");
    if (source.version !== ref.version) return failure("transient", "the source's api settings changed during the call; it is tried again", 1);
    const api = PROVIDERS[source.provider]?.api;
    const auth = api ? authOf(api, source.credentials) : null;
    if (auth?.kind !== "oauth2") return failure("config", `the source's api connection does not use OAuth2`);

    const ring = keyRingOf(this.env);
    const stored = this.store.state().refreshSealed;
    const current = stored ? await open(ring, stored, refreshContext(ref)) : auth.initialRefreshToken(source.credentials);
    let grant;
    try {
      grant = await auth.refresh((input, init) => fetch(input, init), source.credentials, current);
    } catch (err) {
      const known = err instanceof ProviderApiError ? err : null;
      const message = known ? known.message : `the token endpoint could not be reached (${String(err)})`;
      if (known?.category === "auth") {
        await this.setStatus(ref, "auth_failed", message);
        return failure("auth", authFailedMessage(message));
      }
      // The clients' messages already say "<Provider> token refresh: ..."; only a bare one gets the prefix.
      const said = /token refresh/i.test(message) ? message : `token refresh: ${message}`;
      return failure(known?.category ?? "transient", said, known?.retryAfterSeconds ?? null);
    }
    // A PUT of new credentials while the endpoint answered: what it issued belongs to the old ones.
    if (this.store.state().version !== ref.version) return failure("transient", "the source's api settings changed during the refresh; it is tried again", 1);
    const rotated = grant.refreshToken !== null && grant.refreshToken !== current;
    if (rotated || (stored && keyIdOf(stored) !== ring.current.id)) {
      // The old refresh token is spent (single use): the new one is on disk before anyone uses
      // the access token that came with it, or the connection would be locked out.
      this.store.saveRefreshToken(await seal(ring, rotated ? grant.refreshToken! : current!, refreshContext(ref)), Date.now());
      await this.ctx.storage.sync();
    }
    this.cached = { token: grant.accessToken, expiresAt: Date.now() + grant.expiresInSeconds * 1000 - ACCESS_TOKEN_MARGIN_MS };
    await this.setStatus(ref, "connected", null);
    return { ok: true, value: grant.accessToken };
  }

  /** Records a status change here and on the source (the listing shows it); unchanged = no write. */
  private async setStatus(ref: ConnectionRef, status: ConnectionStatus, detail: string | null): Promise<void> {
    const state = this.store.state();
    if (state.status === status && state.statusDetail === detail) return;
    this.store.setStatus(status, detail, Date.now());
    try {
      await setSourceApiStatus(this.env.DB, ref, status, detail);
    } catch (err) {
      // The object's own status is what calls obey; the listing catches up on the next change.
      console.error({ msg: "connection status not recorded on the source", tenantId: ref.tenantId, sourceId: ref.sourceId, err: String(err) });
    }
  }
}

const authFailedMessage = (detail: string | null) =>
  `the provider refused the connection's credentials${detail ? ` (${detail})` : ""}: PUT the source's api with new ones`;

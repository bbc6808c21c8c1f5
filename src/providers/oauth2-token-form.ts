/**
 * One OAuth2 token-endpoint call, the one place every provider's refresh goes through. The client
 * authenticates with its id and secret in the body (RFC 6749 §2.3.1 "client_secret_post"), as
 * HubSpot (`/oauth/2026-03/token`: "all parameters in the request body"), Salesforce
 * (`/services/oauth2/token`), Zendesk (`/oauth/tokens`, a JSON body) and generic routes document
 * it, or with HTTP Basic (`basicAuth`, "client_secret_basic"), as QuickBooks (intuit/oauth-jsclient
 * `_tokenRequestHeaders()`) and Xero (xero-node `tokenRequest()`) document it.
 *
 * Errors are ProviderApiError: a refused grant (400/401 `invalid_grant`, `invalid_client`) is
 * `auth` (an admin must reconnect; the source's events wait), 429/5xx and network failures are
 * `transient`, an answer that is not a JSON object is `data`. Only the OAuth2 error code is ever
 * quoted: `error_description` may echo what was sent, and token values never enter a message.
 */
import { parseRetryAfter } from "../odoo/errors";
import { ProviderApiError, type TokenGrant } from "./provider-api";

const TIMEOUT_MS = 20_000;

export interface TokenFormRequest {
  /** "HubSpot token refresh": for messages. */
  what: string;
  url: string;
  form: Record<string, string>;
  /** How the parameters are sent: a form (RFC 6749) unless the provider documents a JSON body (Zendesk). */
  encoding?: "form" | "json";
  /** What an admin does when the grant is refused ("reconnect the HubSpot app"). */
  fix: string;
  /** The client's id and secret as HTTP Basic instead of in the body. */
  basicAuth?: { clientId: string; clientSecret: string };
}

/** The token endpoint's JSON object answer (2xx only). */
export async function postTokenForm(fetch: typeof globalThis.fetch, request: TokenFormRequest): Promise<Record<string, unknown>> {
  const { what } = request;
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: "POST",
      headers: {
        "content-type": request.encoding === "json" ? "application/json" : "application/x-www-form-urlencoded",
        accept: "application/json",
        ...(request.basicAuth ? { authorization: `Basic ${btoa(`${request.basicAuth.clientId}:${request.basicAuth.clientSecret}`)}` } : {}),
      },
      body: request.encoding === "json" ? JSON.stringify(request.form) : new URLSearchParams(request.form).toString(),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    throw new ProviderApiError("transient", `${what}: the token endpoint did not answer (${err instanceof Error ? err.name : "error"})`);
  }
  const text = await response.text();
  let body: Record<string, unknown> | null = null;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
  } catch {
    body = null;
  }
  if (!response.ok) {
    const code = typeof body?.error === "string" ? body.error.slice(0, 60) : null;
    const detail = `HTTP ${response.status}${code ? ` ${code}` : ""}`;
    if (response.status === 429 || response.status >= 500) {
      throw new ProviderApiError("transient", `${what}: ${detail}`, response.status, parseRetryAfter(response.headers.get("retry-after")));
    }
    throw new ProviderApiError("auth", `${what} refused: ${detail} (${request.fix})`, response.status);
  }
  if (!body) throw new ProviderApiError("data", `${what}: HTTP ${response.status} with a body that is not a JSON object`, response.status);
  return body;
}

/** A non-empty string field of a token answer, else a `data` error naming it. */
export function tokenField(body: Record<string, unknown>, names: readonly string[], what: string): string {
  for (const name of names) {
    const value = body[name];
    if (typeof value === "string" && value !== "") return value;
  }
  throw new ProviderApiError("data", `${what}: the answer has no "${names[0]}"`);
}

/** A positive number of seconds from a token answer, else `fallback` (null: a `data` error). */
export function tokenSeconds(body: Record<string, unknown>, names: readonly string[], what: string, fallback: number | null): number {
  for (const name of names) {
    const value = Number(body[name]);
    if (body[name] !== undefined && Number.isFinite(value) && value > 0) return value;
  }
  if (fallback !== null) return fallback;
  throw new ProviderApiError("data", `${what}: the answer has no positive "${names[0]}"`);
}

/**
 * A token answer as a grant: the access token, its lifetime (`defaultSeconds` when the answer has
 * none: RFC 6749 §5.1 makes expires_in only RECOMMENDED; null makes it required) and the rotated
 * refresh token when one was issued (QuickBooks, Xero, Zendesk: every refresh).
 */
export function grantOf(body: Record<string, unknown>, what: string, defaultSeconds: number | null): TokenGrant {
  const rotated = body.refresh_token;
  return {
    accessToken: tokenField(body, ["access_token"], what),
    expiresInSeconds: tokenSeconds(body, ["expires_in"], what, defaultSeconds),
    refreshToken: typeof rotated === "string" && rotated !== "" ? rotated : null,
  };
}

/**
 * The refresh-token grant with HTTP Basic client authentication, as QuickBooks and Xero document
 * it. Both rotate the refresh token on every refresh (the old one is refused with
 * `400 {"error":"invalid_grant"}` once used): the grant returns the new one for the connection to
 * store before the access token is used.
 */
export async function refreshGrant(
  fetch: typeof globalThis.fetch,
  request: { provider: string; tokenUrl: string; clientId: string; clientSecret: string; refreshToken: string },
): Promise<TokenGrant> {
  const what = `${request.provider} token refresh`;
  const body = await postTokenForm(fetch, {
    what,
    url: request.tokenUrl,
    form: { grant_type: "refresh_token", refresh_token: request.refreshToken },
    basicAuth: { clientId: request.clientId, clientSecret: request.clientSecret },
    fix: `reconnect the ${request.provider} app to get a new refresh token`,
  });
  return grantOf(body, what, null);
}

/**
 * The OAuth2 refresh-token grant as QuickBooks (Intuit) and Xero document it: `POST` to the token
 * endpoint with `Authorization: Basic base64(client_id:client_secret)` and the form body
 * `grant_type=refresh_token&refresh_token=...`; the answer is `{access_token, expires_in,
 * refresh_token, ...}`. Both rotate the refresh token on every refresh (the old one is refused with
 * `400 {"error":"invalid_grant"}` once used), so the grant returns the new one for the connection
 * to store before the access token is used.
 * Sources: intuit/oauth-jsclient `src/OAuthClient.js` (`refresh()`, `_tokenRequestHeaders()`),
 * XeroAPI/xero-node `src/XeroClient.ts` (`tokenRequest()`), developer.xero.com/faq/oauth2.
 *
 * Errors are ProviderApiError: a refused grant (`invalid_grant`, `invalid_client`, 400/401) is
 * `auth` (an admin must reconnect; the source's events wait), 429/5xx and network failures are
 * `transient`, an answer without an access token is `data`. Token values never enter a message.
 */
import { ProviderApiError, type TokenGrant } from "./provider-api";

export interface RefreshGrantRequest {
  /** "QuickBooks", "Xero": for messages. */
  provider: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

export async function refreshGrant(fetch: typeof globalThis.fetch, request: RefreshGrantRequest): Promise<TokenGrant> {
  const what = `${request.provider} token refresh`;
  let response: Response;
  try {
    response = await fetch(request.tokenUrl, {
      method: "POST",
      headers: {
        authorization: `Basic ${btoa(`${request.clientId}:${request.clientSecret}`)}`,
        "content-type": "application/x-www-form-urlencoded",
        accept: "application/json",
      },
      body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: request.refreshToken }).toString(),
      signal: AbortSignal.timeout(20_000),
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
    // Only the OAuth2 error code is quoted: error_description may echo what was sent.
    const code = typeof body?.error === "string" ? body.error.slice(0, 60) : null;
    const detail = `HTTP ${response.status}${code ? ` ${code}` : ""}`;
    if (response.status === 429 || response.status >= 500) {
      const retryAfter = Number(response.headers.get("retry-after"));
      throw new ProviderApiError("transient", `${what}: ${detail}`, response.status, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null);
    }
    throw new ProviderApiError("auth", `${what} refused: ${detail} (reconnect the ${request.provider} app to get a new refresh token)`, response.status);
  }
  if (!body) throw new ProviderApiError("data", `${what}: HTTP ${response.status} with a body that is not a JSON object`, response.status);
  const accessToken = body.access_token;
  const expiresIn = Number(body.expires_in);
  if (typeof accessToken !== "string" || accessToken === "") throw new ProviderApiError("data", `${what}: the answer has no "access_token"`, response.status);
  if (!Number.isFinite(expiresIn) || expiresIn <= 0) throw new ProviderApiError("data", `${what}: the answer has no positive "expires_in"`, response.status);
  const refreshToken = typeof body.refresh_token === "string" && body.refresh_token !== "" ? body.refresh_token : null;
  return { accessToken, expiresInSeconds: expiresIn, refreshToken };
}

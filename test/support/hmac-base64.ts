/**
 * Test-side HMAC-SHA256 (base64) signer with Web Crypto, independent of the router's verifiers,
 * and a helper that configures a source through the admin API.
 *
 * Note (woocommerce/hubspot/zendesk/square engineer): this file name briefly held my own helpers and
 * may have overwritten a version written at the same moment for the QuickBooks tests; it is
 * re-created here from those tests' imports (`hmacSha256Base64(body, secret)`,
 * `putSource(call, token, tenant, source, config)`). My helpers now live in wc-hs-zd-sq-*.ts.
 */
export async function hmacSha256Base64(body: string | Uint8Array, secret: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, bytes));
  return btoa(String.fromCharCode(...mac));
}

export function putSource(
  call: (path: string, init?: RequestInit & { token?: string }) => Promise<Response>,
  token: string,
  tenant: string,
  source: string,
  config: { provider: string; secrets: string[]; options?: Record<string, unknown> },
): Promise<Response> {
  return call(`/v1/admin/tenants/${tenant}/sources/${source}`, { method: "PUT", token, body: JSON.stringify(config) });
}

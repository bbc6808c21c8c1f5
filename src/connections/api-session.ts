/**
 * One provider API call, the same way for every provider: credentials on, rate gate passed, an
 * expired OAuth2 token refreshed once, the answer bounded and parsed, every failure classed
 * (`ProviderApiError`). Provider clients (src/providers/<name>-api.ts) only say paths and formats.
 *
 * The token source and the rate gate are injected: in the Worker they are the connection's Durable
 * Object (src/connections/), in unit tests plain objects.
 */
import { parseRetryAfter } from "../odoo/errors";
import { authOf, ProviderApiError, type ApiRequest, type ApiResponse, type ApiSession, type ProviderApi, type RateSignal } from "../providers/provider-api";

/** Access tokens of an OAuth2 connection; `fresh` forces a refresh (after a 401). */
export interface TokenSource {
  accessToken(fresh: boolean): Promise<string>;
}

/** A permit for one call; `release` reports what the answer said about the provider's rate state. */
export interface RatePermit {
  release(status: number | null, signal: RateSignal | null): Promise<void>;
}

export interface RateGate {
  /** Waits (briefly) for room for a call of this cost; throws a transient ProviderApiError when the wait would be long. */
  acquire(cost: number): Promise<RatePermit>;
}

export interface SessionOptions {
  api: ProviderApi;
  credentials: Record<string, unknown>;
  /** The source's webhook options (ApiSession.options). */
  options?: Record<string, unknown>;
  gate: RateGate;
  /** Needed for OAuth2 connections. */
  tokens?: TokenSource;
  fetch?: typeof globalThis.fetch;
  /** Answers above this many bytes are refused as `data` (a runaway page must not exhaust the isolate). */
  maxResponseBytes?: number;
  timeoutMs?: number;
}

export const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;
const TIMEOUT_MS = 20_000;

export function createApiSession(options: SessionOptions): ApiSession {
  const { api, credentials, gate, tokens } = options;
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const configured = typeof credentials.baseUrl === "string" && credentials.baseUrl ? credentials.baseUrl : api.defaultBaseUrl(credentials);
  const baseUrl = configured.replace(/\/+$/, "");

  const auth = authOf(api, credentials);

  async function authHeaders(fresh: boolean): Promise<Record<string, string>> {
    if (auth.kind === "static") return auth.headers(credentials);
    if (!tokens) throw new ProviderApiError("config", "an OAuth2 connection needs a token source");
    return auth.headers(credentials, await tokens.accessToken(fresh));
  }

  async function once(call: ApiRequest, fresh: boolean): Promise<Answer> {
    const url = urlOf(baseUrl, call);
    const headers: Record<string, string> = { accept: "application/json", ...(await authHeaders(fresh)), ...call.headers };
    let body: string | undefined = call.body;
    if (call.json !== undefined) {
      body = JSON.stringify(call.json);
      headers["content-type"] = "application/json";
    }
    const permit = await gate.acquire(call.cost ?? 1);
    let status: number | null = null;
    let signal: RateSignal | null = null;
    try {
      const response = await doFetch(url, {
        method: call.method ?? (body === undefined ? "GET" : "POST"),
        headers,
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? TIMEOUT_MS),
      });
      status = response.status;
      const text = await boundedText(response, options.maxResponseBytes ?? MAX_RESPONSE_BYTES, call.what);
      const json = parsedOf(text);
      const own = json === NOT_JSON || !api.rateSignal ? null : api.rateSignal({ status: response.status, headers: response.headers, json });
      signal = withRetryAfter(own, response.headers);
      return { response, text, json, own };
    } catch (err) {
      if (err instanceof ProviderApiError) throw err;
      throw new ProviderApiError("transient", `${call.what}: ${err instanceof Error && err.name === "TimeoutError" ? "no answer in time" : "the call failed"} (${String(err)})`);
    } finally {
      await permit.release(status, signal);
    }
  }

  return {
    baseUrl,
    credentials,
    ...(options.options ? { options: options.options } : {}),
    async request(call) {
      let answer = await once(call, false);
      // An expired or revoked access token: refresh once (single-flight in the connection object).
      if (answer.response.status === 401 && auth.kind === "oauth2") answer = await once(call, true);
      const { response, own } = answer;
      const parsed = parseAnswer(answer, call.what);
      const result: ApiResponse = { status: response.status, headers: response.headers, json: parsed };
      if (response.ok) {
        const signal = own;
        if (signal?.retryAfterSeconds !== undefined) {
          // Throttled inside a 2xx (Shopify GraphQL THROTTLED): nothing was done, try again later.
          throw new ProviderApiError("transient", `${call.what}: throttled by the provider`, response.status, signal.retryAfterSeconds);
        }
        return result;
      }
      throw api.classifyError?.(result, call.what) ?? errorOf(response, parsed, call.what);
    },
  };
}

function urlOf(baseUrl: string, call: ApiRequest): string {
  const url = /^https?:\/\//.test(call.path) ? new URL(call.path) : new URL(baseUrl + (call.path.startsWith("/") ? call.path : `/${call.path}`));
  if (/^https?:\/\//.test(call.path) && url.origin !== new URL(baseUrl).origin) {
    // A URL handed back by the provider (a next-page link) must stay on the connection's host: the
    // credentials go with it.
    throw new ProviderApiError("data", `${call.what}: the provider pointed at another host (${url.origin})`);
  }
  for (const [key, value] of Object.entries(call.query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
  return url.toString();
}

async function boundedText(response: Response, limit: number, what: string): Promise<string> {
  const declared = Number(response.headers.get("content-length") ?? "0");
  if (declared > limit) {
    await response.body?.cancel();
    throw new ProviderApiError("data", `${what}: the answer is ${declared} bytes, above the ${limit}-byte limit`, response.status);
  }
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new ProviderApiError("data", `${what}: the answer is above the ${limit}-byte limit`, response.status);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

/** One call's answer, its body parsed once (NOT_JSON when it is not JSON) and the provider's own rate signal. */
interface Answer {
  response: Response;
  text: string;
  json: unknown;
  own: RateSignal | null;
}

const NOT_JSON = Symbol("not JSON");

function parsedOf(text: string): unknown {
  if (text.trim() === "") return null;
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}

/** What the answer says about the provider's rate state, for the gate: its own signal, and Retry-After. */
function withRetryAfter(own: RateSignal | null, headers: Headers): RateSignal | null {
  const retryAfterSeconds = parseRetryAfter(headers.get("retry-after"));
  if (retryAfterSeconds === null) return own;
  return { ...own, retryAfterSeconds };
}

/** The parsed JSON (null for an empty answer); anything else is not what the API documents. */
function parseAnswer({ response, text, json }: Answer, what: string): unknown {
  if (json !== NOT_JSON) return json;
  const looksHtml = /^\s*</.test(text);
  const kind = looksHtml ? "an HTML page" : "a body that is not JSON";
  // A proxy's error page on a 5xx is an outage; a 2xx or 4xx that is not JSON is a broken answer.
  const category = response.status >= 500 || response.status === 429 ? "transient" : "data";
  throw new ProviderApiError(category, `${what}: HTTP ${response.status} with ${kind}`, response.status);
}

function errorOf(response: Response, parsed: unknown, what: string): ProviderApiError {
  const status = response.status;
  const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
  const detail = providerMessage(parsed);
  const text = `${what}: HTTP ${status}${detail ? ` ${detail}` : ""}`;
  if (status === 401) return new ProviderApiError("auth", text, status);
  if (status === 403) return new ProviderApiError("config", `${text} (the connection lacks a permission or scope)`, status);
  if (status === 404 || status === 410) return new ProviderApiError("not_found", text, status);
  if (status === 408 || status === 409 || status === 423 || status === 425 || status === 429 || status >= 500) {
    return new ProviderApiError("transient", text, status, retryAfter);
  }
  return new ProviderApiError("data", text, status);
}

/**
 * The provider's own error text, whatever its shape, clipped (it may quote the request). Not an
 * OAuth2 `error_description`: it may echo what was sent (oauth2-token-form.ts quotes only the code).
 */
function providerMessage(parsed: unknown): string | null {
  if (typeof parsed !== "object" || parsed === null) return null;
  const record = parsed as Record<string, unknown>;
  const candidates = [record.message, record.Detail, (record.error as Record<string, unknown> | undefined)?.message, record.error, record.errors, record.Fault];
  for (const candidate of candidates) {
    if (candidate === undefined || candidate === null) continue;
    const text = typeof candidate === "string" ? candidate : JSON.stringify(candidate);
    return text.length > 300 ? `${text.slice(0, 300)}...` : text;
  }
  return null;
}

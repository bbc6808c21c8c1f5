/**
 * Odoo's JSON-RPC transport: `POST {url}/jsonrpc` with `service`/`method`/`args`, the API key used as
 * the password of `execute_kw`, the uid from `common.authenticate` (cached per isolate).
 * Envelope and errors as in Odoo's `odoo/http.py` (JsonRPCDispatcher): HTTP 200 with an `error`
 * member whose `data.name` is the Python exception class; a method returning None has no `result`.
 */
import { categoryOfOdooException, OdooError, parseRetryAfter } from "./errors";
import { withContext, type OdooClient, type OdooConnection, type OdooContext } from "./client";

const TIMEOUT_MS = 30_000;
const uidCache = new Map<string, number>();

interface JsonRpcResponse {
  result?: unknown;
  error?: { code: number; message: string; data?: { name?: string; message?: string } };
}

export class JsonRpcClient implements OdooClient {
  calls = 0;
  private nextId = 1;

  constructor(
    private readonly connection: OdooConnection,
    private readonly baseContext?: OdooContext,
  ) {}

  async call<T>(model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}): Promise<T> {
    const uid = await this.uid();
    try {
      return (await this.rpc("object", "execute_kw", [
        this.connection.database,
        uid,
        this.connection.apiKey,
        model,
        method,
        args,
        withContext(kwargs, this.baseContext),
      ])) as T;
    } catch (err) {
      // A revoked key or changed user invalidates the cached uid.
      if (err instanceof OdooError && err.category === "auth") uidCache.delete(this.cacheKey());
      throw err;
    }
  }

  async probe(): Promise<{ uid: number; serverVersion: string | null }> {
    const serverVersion = await this.serverVersion();
    uidCache.delete(this.cacheKey()); // a check must really authenticate
    return { uid: await this.uid(), serverVersion };
  }

  async serverVersion(): Promise<string | null> {
    const version = (await this.rpc("common", "version", [])) as { server_version?: string } | null;
    return version?.server_version ?? null;
  }

  private cacheKey(): string {
    const c = this.connection;
    return `${c.url}\u0000${c.database}\u0000${c.login}\u0000${c.apiKey}`;
  }

  private async uid(): Promise<number> {
    const cached = uidCache.get(this.cacheKey());
    if (cached !== undefined) return cached;
    const { database, login, apiKey } = this.connection;
    const uid = await this.rpc("common", "authenticate", [database, login, apiKey, {}]);
    if (typeof uid !== "number") {
      throw new OdooError("auth", `Odoo refused the login "${login}" on database "${database}" (authenticate returned false)`);
    }
    uidCache.set(this.cacheKey(), uid);
    return uid;
  }

  private async rpc(service: string, method: string, args: unknown[]): Promise<unknown> {
    this.calls++;
    const id = this.nextId++;
    let response: Response;
    try {
      response = await fetch(`${this.connection.url.replace(/\/+$/, "")}/jsonrpc`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-odoo-database": this.connection.database },
        body: JSON.stringify({ jsonrpc: "2.0", method: "call", id, params: { service, method, args } }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (err) {
      throw new OdooError("retryable", `Odoo unreachable: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (response.status !== 200) {
      const text = (await response.text()).slice(0, 300);
      const category = response.status === 429 || response.status >= 500 ? "retryable" : response.status === 404 ? "auth" : "business";
      throw new OdooError(
        category,
        `Odoo answered HTTP ${response.status}: ${text}`,
        null,
        parseRetryAfter(response.headers.get("retry-after")),
        response.status,
      );
    }
    let body: JsonRpcResponse;
    try {
      body = (await response.json()) as JsonRpcResponse;
    } catch {
      throw new OdooError("retryable", "Odoo answered a body that is not JSON", null, null, response.status);
    }
    if (body.error) {
      const name = body.error.data?.name ?? null;
      const message = body.error.data?.message || body.error.message;
      throw new OdooError(categoryOfOdooException(name), message, name, null, response.status);
    }
    // Odoo omits `result` when the method returned None: that is a success without a value.
    return body.result ?? null;
  }
}

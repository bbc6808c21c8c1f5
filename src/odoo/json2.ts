/**
 * Odoo 19's JSON-2 transport: `POST {url}/json/2/{model}/{method}` with `Authorization: bearer
 * <API key>`, `X-Odoo-Database`, and the method's arguments BY NAME in a JSON object (plus `ids`
 * and `context`). Errors come with real HTTP statuses and a JSON body `{name, message, ...}`
 * (addons/rpc/controllers/json2.py and Json2Dispatcher.handle_error in Odoo 19).
 *
 * Writers speak execute_kw's positional form; this client names the arguments. Differences it
 * hides: `create` returns a list of ids even for one dict; there is no uid to authenticate for.
 */
import { categoryOfOdooException, OdooError, parseRetryAfter, type OdooErrorCategory } from "./errors";
import { withContext, type OdooClient, type OdooConnection, type OdooContext } from "./client";

const TIMEOUT_MS = 30_000;

/** Positional parameter names of the @api.model methods the router calls (ORM signatures). */
const MODEL_METHOD_PARAMS: Record<string, string[]> = {
  create: ["vals_list"],
  search: ["domain", "offset", "limit", "order"],
  search_read: ["domain", "fields", "offset", "limit", "order"],
  search_count: ["domain", "limit"],
  name_search: ["name", "domain", "operator", "limit"],
  fields_get: ["allfields", "attributes"],
  default_get: ["fields_list"],
  check_access_rights: ["operation", "raise_exception"],
  load: ["fields", "data"],
};

/** Record methods: args[0] is the ids, then these positional parameters. */
const RECORD_METHOD_PARAMS: Record<string, string[]> = {
  write: ["vals"],
  read: ["fields", "load"],
  unlink: [],
  has_access: ["operation"],
};

export class Json2Client implements OdooClient {
  calls = 0;

  constructor(
    private readonly connection: OdooConnection,
    private readonly baseContext?: OdooContext,
  ) {}

  async call<T>(model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}): Promise<T> {
    const body: Record<string, unknown> = withContext(kwargs, this.baseContext);
    const modelParams = MODEL_METHOD_PARAMS[method];
    if (modelParams) {
      args.forEach((value, i) => (body[modelParams[i] ?? `arg${i}`] = value));
      // create(dict) over execute_kw returns an int; JSON-2 always takes and returns lists.
      if (method === "create" && !Array.isArray(args[0])) body.vals_list = [args[0]];
    } else {
      const [ids, ...rest] = args;
      body.ids = ids;
      const params = RECORD_METHOD_PARAMS[method] ?? [];
      if (rest.length > params.length) {
        throw new OdooError("business", `cannot name the positional arguments of ${model}.${method} for JSON-2`);
      }
      rest.forEach((value, i) => (body[params[i]!] = value));
    }
    const result = await this.post(model, method, body);
    if (method === "create" && !Array.isArray(args[0]) && Array.isArray(result)) return result[0] as T;
    return result as T;
  }

  async probe(): Promise<{ uid: number; serverVersion: string | null }> {
    const users = await this.call<{ id: number }[]>("res.users", "search_read", [[["login", "=", this.connection.login]], ["id"]], {
      limit: 1,
    });
    return { uid: users[0]?.id ?? 0, serverVersion: await this.serverVersion() };
  }

  /** JSON-2 has no version method; the RPC `common.version` answers until Odoo 22 removes it. */
  async serverVersion(): Promise<string | null> {
    try {
      const response = await fetch(`${this.connection.url.replace(/\/+$/, "")}/jsonrpc`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-odoo-database": this.connection.database },
        body: JSON.stringify({ jsonrpc: "2.0", method: "call", id: 1, params: { service: "common", method: "version", args: [] } }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      const body = (await response.json()) as { result?: { server_version?: string } };
      return body.result?.server_version ?? null;
    } catch {
      return null;
    }
  }

  private async post(model: string, method: string, body: Record<string, unknown>): Promise<unknown> {
    this.calls++;
    const url = `${this.connection.url.replace(/\/+$/, "")}/json/2/${encodeURIComponent(model)}/${encodeURIComponent(method)}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json; charset=utf-8",
          authorization: `bearer ${this.connection.apiKey}`,
          "x-odoo-database": this.connection.database,
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (err) {
      throw new OdooError("retryable", `Odoo unreachable: ${err instanceof Error ? err.message : String(err)}`);
    }
    const text = await response.text();
    if (response.ok) {
      try {
        return text === "" ? null : JSON.parse(text);
      } catch {
        throw new OdooError("retryable", "Odoo answered a body that is not JSON", null, null, response.status);
      }
    }
    let error: { name?: string; message?: string } | null = null;
    try {
      error = JSON.parse(text) as { name?: string; message?: string };
    } catch {
      // a proxy's HTML error page
    }
    const name = error?.name ?? null;
    const message = error?.message ?? `Odoo answered HTTP ${response.status}: ${text.slice(0, 300)}`;
    throw new OdooError(categoryOf(response.status, name), message, name, parseRetryAfter(response.headers.get("retry-after")), response.status);
  }
}

/**
 * In JSON-2 a 500 is not always transient: builtins.ValueError is a payload Odoo will never
 * accept, psycopg2 errors are. The exception name decides when there is one.
 */
function categoryOf(status: number, name: string | null): OdooErrorCategory {
  if (status === 401) return "auth";
  if (status === 429 || status === 502 || status === 503 || status === 504) return "retryable";
  if (name === "werkzeug.exceptions.NotFound") return "business"; // unknown model or method: a configuration problem
  if (name) return categoryOfOdooException(name);
  if (status === 404) return "auth"; // no database selected: wrong database name or URL
  return status >= 500 ? "retryable" : "business";
}

/**
 * The Odoo emulator (scripts/odoo-emulator/emulator.mjs) driven in-process from Node tests: its
 * JSON-RPC API, its control API, and the webhook calls its automation rules make (through the
 * `fetch` given here, a stub standing for the router).
 */
type Fetch = (url: string, init: RequestInit) => Promise<Response>;
interface EmulatorCore {
  fetch(request: Request): Promise<Response>;
}

export interface WebhookCall {
  seq: number;
  version: string;
  url: string;
  body: string;
  payload: Record<string, unknown>;
  model: string;
  recordId: number;
  phase: "before_commit" | "after_commit";
  outcome: "ok" | "failed" | "timeout" | "cancelled" | null;
  status: number | null;
  committed: boolean | null;
  committedAt: string | null;
  sentAt?: string;
  durationMs: number | null;
  log?: string;
}

/** An Odoo error answer: `pyName` is Odoo's `data.name` (e.g. "builtins.ValueError"). */
export class OdooRpcError extends Error {
  constructor(
    readonly pyName: string,
    message: string,
  ) {
    super(message);
  }
}

const MODULE = new URL("../../scripts/odoo-emulator/emulator.mjs", import.meta.url).href;
export const VERSIONS = ["16.0", "17.0", "18.0", "19.0"] as const;
export const WEBHOOK_VERSIONS = ["17.0", "18.0", "19.0"] as const;

export async function startOdoo(version: string, options: { fetch?: Fetch; config?: Record<string, unknown> } = {}) {
  const mod = (await import(MODULE)) as { createEmulator(o: { fetch?: Fetch }): EmulatorCore };
  const emu = mod.createEmulator({ fetch: options.fetch });
  const host = "http://odoo.test";
  let id = 0;

  async function control<T = unknown>(method: string, route: string, body?: unknown): Promise<T> {
    const res = await emu.fetch(
      new Request(`${host}/__emulator/${route}`, { method, body: body === undefined ? undefined : JSON.stringify(body) }),
    );
    const json = (await res.json()) as T;
    if (!res.ok) throw new Error(`control ${method} ${route} -> ${res.status} ${JSON.stringify(json)}`);
    return json;
  }

  async function rpc<T = unknown>(model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}): Promise<T> {
    const res = await emu.fetch(
      new Request(`${host}/jsonrpc`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          jsonrpc: "2.0",
          id: ++id,
          method: "call",
          params: { service: "object", method: "execute_kw", args: ["odoo", 2, "test-api-key", model, method, args, kwargs] },
        }),
      }),
    );
    const json = (await res.json()) as { result?: T; error?: { data: { name: string; message: string } } };
    if (json.error) throw new OdooRpcError(json.error.data.name, json.error.data.message);
    return json.result as T;
  }

  await control("POST", "config", { version, ...options.config });

  /** ir.model / ir.model.fields ids, as the router's provisioning resolves them. */
  async function modelIds(model: string, fieldNames: string[]) {
    const [m] = await rpc<{ id: number }[]>("ir.model", "search_read", [[["model", "=", model]], ["id"]]);
    const fields = await rpc<{ id: number; name: string }[]>("ir.model.fields", "search_read", [
      [["model", "=", model], ["name", "in", fieldNames]],
      ["id", "name"],
    ]);
    return { modelId: m!.id, fieldIds: Object.fromEntries(fields.map((f) => [f.name, f.id])) as Record<string, number> };
  }

  /** One automation rule with one "Send Webhook Notification" action (17+ shape, odoo-outbound.md §1.6). */
  async function provisionWebhookRule(rule: {
    model: string;
    fields: string[];
    triggerFields?: string[];
    trigger?: string;
    filterDomain?: string;
    url: string;
    name?: string;
  }) {
    const { modelId, fieldIds } = await modelIds(rule.model, [...rule.fields, ...(rule.triggerFields ?? [])]);
    const ruleId = await rpc<number>("base.automation", "create", [
      {
        name: rule.name ?? `router:${rule.model}`,
        model_id: modelId,
        trigger: rule.trigger ?? "on_create_or_write",
        trigger_field_ids: [[6, 0, (rule.triggerFields ?? []).map((f) => fieldIds[f])]],
        filter_domain: rule.filterDomain ?? false,
        action_server_ids: [
          [0, 0, { name: "router webhook", state: "webhook", model_id: modelId, usage: "base_automation", webhook_url: rule.url,
            webhook_field_ids: [[6, 0, rule.fields.map((f) => fieldIds[f])]] }],
        ],
      },
    ]);
    const [read] = await rpc<{ action_server_ids: number[] }[]>("base.automation", "read", [[ruleId], ["action_server_ids"]]);
    return { ruleId, actionId: read!.action_server_ids[0]! };
  }

  /** A storable product (16/17 type "product", 18+ is_storable) and its variant id. */
  async function storableProduct(code: string) {
    const storable = version === "16.0" || version === "17.0" ? { type: "product" } : { is_storable: true };
    await rpc("product.template", "create", [{ name: `Product ${code}`, default_code: code, ...storable }]);
    const [productId] = await rpc<number[]>("product.product", "search", [[["default_code", "=", code]]]);
    return productId!;
  }

  const webhookCalls = () => control<WebhookCall[]>("GET", "webhooks");

  return { control, rpc, modelIds, provisionWebhookRule, storableProduct, webhookCalls };
}

/** A receiver standing for the router: records each POST; `answer` decides the response. */
export function webhookReceiver(answer: (url: string, body: string) => Promise<Response> | Response = () => new Response("ok")) {
  const received: { url: string; body: string; headers: Headers }[] = [];
  const fetch: Fetch = async (url, init) => {
    const body = String(init.body);
    received.push({ url, body, headers: new Headers(init.headers) });
    const signal = init.signal;
    const response = answer(url, body);
    // Honour the emulator's 1 s timeout as a real socket would.
    return await new Promise<Response>((resolve, reject) => {
      signal?.addEventListener("abort", () => reject(new DOMException("The operation was aborted.", "AbortError")));
      Promise.resolve(response).then(resolve, reject);
    });
  };
  return { fetch, received };
}

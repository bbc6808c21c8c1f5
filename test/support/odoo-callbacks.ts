/**
 * Odoo as a source in workers tests. The emulator's automation rules POST their webhook calls to
 * the URL provisioning gave them, but an auxiliary worker has no route back to the test worker: a
 * test reads the calls the emulator made (`GET /__emulator/webhooks`) and relays their bodies to
 * the router itself, to the rule's own URL (path and `?token=`), as Odoo would have sent them.
 */
import { ADMIN_TOKEN, call, type TestTenant } from "./router";
import { putSource } from "./sources";

/** One outgoing call of the emulator (scripts/odoo-emulator/webhooks.mjs). */
export interface OdooWebhookCall {
  seq: number;
  version: string;
  url: string;
  model: string;
  recordId: number;
  ruleId: number;
  actionId: number;
  trigger: string;
  /** The exact bytes Odoo sent (Python's json.dumps). */
  body: string;
  payload: Record<string, unknown>;
  /** 17/18 "before_commit", 19 "after_commit". */
  phase: string;
  /** Whether the transaction committed (false: rolled back after the call; null: still open). */
  committed: boolean | null;
  committedAt: string | null;
  sentAt?: string;
}

export interface RelayedCallback {
  call: OdooWebhookCall;
  status: number;
  body: Record<string, unknown>;
}

/** The webhook calls the tenant's emulated Odoo made, oldest first. */
export async function odooWebhookCalls(t: Pick<TestTenant, "odooUrl">): Promise<OdooWebhookCall[]> {
  const response = await fetch(`${t.odooUrl}/__emulator/webhooks`);
  if (!response.ok) throw new Error(`emulator webhooks: ${response.status} ${await response.text()}`);
  return (await response.json()) as OdooWebhookCall[];
}

/** Forgets the calls made so far (the next relay starts from there). */
export async function clearOdooWebhookCalls(t: Pick<TestTenant, "odooUrl">): Promise<void> {
  await fetch(`${t.odooUrl}/__emulator/webhooks`, { method: "DELETE" });
}

/**
 * Relays to the router the emulator's calls with `seq` above `afterSeq` (all by default), in the
 * order Odoo made them, each to its rule's URL: the path and query of `call.url` on the router.
 * Returns the router's answers (status and JSON body).
 */
export async function relayOdooCallbacks(t: Pick<TestTenant, "odooUrl">, options: { afterSeq?: number; filter?: (c: OdooWebhookCall) => boolean } = {}): Promise<RelayedCallback[]> {
  const calls = (await odooWebhookCalls(t)).filter((c) => c.seq > (options.afterSeq ?? 0) && (options.filter?.(c) ?? true));
  const out: RelayedCallback[] = [];
  for (const c of calls) out.push(await relayBody(c.url, c.body, c));
  return out;
}

/** Posts one body to a callback URL (any host: its path and query go to the router), as Odoo does. */
export async function postOdooCallback(url: string, body: string): Promise<Response> {
  const { pathname, search } = new URL(url);
  return call(`${pathname}${search}`, {
    method: "POST",
    body,
    // What requests.post(..., headers={'Content-Type': 'application/json'}) sends.
    headers: { "content-type": "application/json", "user-agent": "python-requests/2.31.0", accept: "*/*" },
  });
}

async function relayBody(url: string, body: string, c: OdooWebhookCall): Promise<RelayedCallback> {
  const response = await postOdooCallback(url, body);
  const text = await response.text();
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    parsed = { text };
  }
  return { call: c, status: response.status, body: parsed };
}

/** The public URL tests provision with (the router's test origin). */
export const ROUTER_PUBLIC_URL = "https://router.test";

export interface OdooSourceSetup {
  /** The source id (default "odoo"). */
  source?: string;
  /** Its URL token(s), newest first (default one random token). */
  secrets?: string[];
  /** The source's options (settleSeconds, pollSeconds, ...). */
  options?: Record<string, unknown>;
  /** Routing `outbound` (default none); the rest of the routing is `routing` (default {}). */
  outbound?: Record<string, unknown>;
  routing?: Record<string, unknown>;
}

export interface OdooSource {
  source: string;
  secret: string;
  /** The callback URL with the newest token, as provisioning writes it into Odoo's rules. */
  callbackUrl: string;
}

/**
 * Puts an `odoo` source on the tenant and (when `outbound` or `routing` is given) its routing, so
 * the flows listed under `outbound` are enabled. Throws unless the router accepted both.
 */
export async function putOdooSource(t: TestTenant, setup: OdooSourceSetup = {}): Promise<OdooSource> {
  const source = setup.source ?? "odoo";
  const secrets = setup.secrets ?? [`odoo_${crypto.randomUUID().replaceAll("-", "")}`];
  const put = await putSource(t, source, { provider: "odoo", secrets, options: setup.options ?? {} });
  if (put.status !== 201 && put.status !== 200) throw new Error(`odoo source: ${put.status} ${await put.text()}`);
  if (setup.outbound || setup.routing) {
    const routing = await call(`/v1/admin/tenants/${t.tenant}/routing`, {
      method: "PUT",
      token: ADMIN_TOKEN,
      body: JSON.stringify({ ...(setup.routing ?? {}), ...(setup.outbound ? { outbound: setup.outbound } : {}) }),
    });
    if (routing.status !== 201) throw new Error(`routing: ${routing.status} ${await routing.text()}`);
  }
  const secret = secrets[0]!;
  return { source, secret, callbackUrl: `${ROUTER_PUBLIC_URL}/webhooks/${t.tenant}/${source}?token=${encodeURIComponent(secret)}` };
}

/** `POST /v1/admin/tenants/{t}/odoo/automations` (the response, unchecked). */
export function provisionAutomations(t: TestTenant, source = "odoo", publicUrl = ROUTER_PUBLIC_URL): Promise<Response> {
  return call(`/v1/admin/tenants/${t.tenant}/odoo/automations`, { method: "POST", token: ADMIN_TOKEN, body: JSON.stringify({ source, publicUrl }) });
}

/**
 * A source with an API connection (the generic API fake) that routing `outbound.<flow>.to` can
 * name: the routing refuses a target without `api`. Returns its source id.
 */
export async function putOutboundTarget(t: TestTenant, source = "webshop"): Promise<string> {
  const { FAKE_HOST, fakeAccount, putThinSource } = await import("./generic-api");
  const account = await fakeAccount({ auth: "none" });
  const put = await putThinSource(t, source, { fetchUrl: `${FAKE_HOST}/${account.account}/customers/{id}` });
  if (put.status !== 201 && put.status !== 200) throw new Error(`target source: ${put.status} ${await put.text()}`);
  return source;
}

// Configures the router through its public admin API (tenant, one source per provider) and decides
// which providers take part: registered in the router (PUT source is not 422) AND a signed probe
// delivery from the bench's generator is answered 2xx.
import { GENERATORS } from "../providers/index.mjs";
import { createWorkload } from "./workload.mjs";
import { ADMIN_TOKEN } from "./miniflare-host.mjs";

export const TENANT = "bench";

/** One admin/tenant API call with the admin token: {status, json, text}. */
export async function admin(baseUrl, method, path, body) {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: res.status, json, text };
}

export async function putTenant(baseUrl, odoo) {
  const r = await admin(baseUrl, "PUT", `/v1/admin/tenants/${TENANT}`, { odoo });
  if (r.status >= 300) throw new Error(`PUT tenant -> ${r.status} ${r.text}`);
  return r.json;
}

/**
 * The bench tenant's routing for the end-to-end phase: the defaults, plus `pricelists.create`, as a
 * user whose shop sells in EUR configures it (the WooCommerce orders are in EUR and the emulated
 * database has no EUR pricelist: without it they end dead with a configuration error).
 */
export async function putRouting(baseUrl, routing = { pricelists: { create: true } }) {
  const r = await admin(baseUrl, "PUT", `/v1/admin/tenants/${TENANT}/routing`, routing);
  if (r.status >= 300) throw new Error(`PUT routing -> ${r.status} ${r.text}`);
  return r.json;
}

/** Registers one source per generator; returns each provider's outcome. */
export async function putSources(baseUrl) {
  const out = [];
  for (const [id, gen] of Object.entries(GENERATORS)) {
    const path = `/webhooks/${TENANT}/${id}`;
    let outcome = { id, path, url: `${baseUrl}${path}`, registered: false, reason: null, options: null };
    for (const options of gen.sourceOptions) {
      const r = await admin(baseUrl, "PUT", `/v1/admin/tenants/${TENANT}/sources/${id}`, { provider: id, secrets: [gen.secret], options });
      if (r.status === 200 || r.status === 201) {
        outcome = { ...outcome, registered: true, options, reason: null };
        break;
      }
      outcome.reason = `PUT source -> ${r.status} ${r.json?.error?.message ?? r.text.slice(0, 200)}`;
      if (r.status !== 422) break;
    }
    out.push(outcome);
  }
  return out;
}

/** One fresh signed delivery per registered provider; included only when answered 2xx. */
export async function probeSources(baseUrl, sources) {
  for (const s of sources.filter((x) => x.registered)) {
    // A history far in the past, so the probe never makes a later bench delivery look stale.
    const w = createWorkload({ seed: `probe-${s.id}`, sources: [s], entityCount: 50, redeliveryRate: 0, t0Ms: Date.UTC(2020, 0, 1) });
    const req = w.next(Date.now());
    const res = await fetch(`${baseUrl}${req.path}`, { method: "POST", headers: req.headers, body: req.body });
    const text = await res.text();
    s.probe = { status: res.status, reply: text.slice(0, 300), topic: req.topic };
    s.included = res.status >= 200 && res.status < 300;
    if (!s.included) s.reason = `probe ${req.topic} -> ${res.status} ${text.slice(0, 200)}`;
  }
  for (const s of sources) s.included ??= false;
  return sources;
}

export async function adminGet(baseUrl, path) {
  return admin(baseUrl, "GET", path);
}

/** The router's public audit API for the bench tenant (admin token): independent of the D1 schema. */
export async function auditGet(baseUrl, path) {
  const res = await fetch(`${baseUrl}/v1/tenants/${TENANT}${path}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  if (!res.ok) throw new Error(`GET ${path} -> ${res.status} ${await res.text()}`);
  return res.json();
}

/** Status of every event received since `sinceMs` (paged list, newest first). */
export async function statusesSince(baseUrl, sinceMs) {
  const out = new Map();
  let cursor = null;
  do {
    const q = new URLSearchParams({ limit: "200", since: new Date(sinceMs).toISOString(), ...(cursor ? { cursor } : {}) });
    const page = await auditGet(baseUrl, `/events?${q}`);
    for (const item of page.items) out.set(item.id, item.status);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

// Per-host state and the control API (/__emulator/*) of the Odoo external-API
// EMULATOR. The control API is NOT part of Odoo: it exists so tests and demos
// can configure the emulated database, inspect what was received and inject
// faults. It needs no authentication.

import { Database } from './orm.mjs';
import { asOdooError, isPlainObject, serializeException } from './errors.mjs';
import { runTransaction } from './webhooks.mjs';
import { STOCK_CONTROL_ROUTES } from './stock-control.mjs';

export const DEFAULT_CONFIG = Object.freeze({
  database: 'odoo', login: 'admin', apiKey: 'test-api-key', version: '19.0', uid: 2,
  // ACL denials of the API user, e.g. {"sale.order": ["create"]}: reported by check_access_rights /
  // has_access. (The emulator enforces no other access rights; use the `access` fault for that.)
  denied: {},
  // Optional apps installed in the emulated database: "helpdesk" (Enterprise) adds helpdesk.ticket.
  apps: [],
  // "enterprise": version strings end in "+e" and the Enterprise apps emulated here (Helpdesk) are there.
  edition: 'community',
  // 17.0/18.0: how long the transaction stays uncommitted after its webhook calls (the rest of the
  // user's request): a receiver reading the record back sooner sees the old state.
  webhookCommitDelayMs: 0,
});
export const VERSIONS = ['16.0', '17.0', '18.0', '19.0'];
export const EDITIONS = ['community', 'enterprise'];
const FIELD_TYPES = ['char', 'text', 'html', 'integer', 'float', 'boolean', 'date', 'datetime'];
export const APPS = ['helpdesk'];
export const FAULT_KINDS = ['http_500', 'http_502', 'http_503', 'rate_limited', 'concurrency', 'validation',
  'access', 'lock', 'lost_response', 'reset', 'auth', 'slow'];

class BadControlRequest extends Error {}

function normalizeConfig(partial = {}) {
  if (!isPlainObject(partial)) throw new BadControlRequest('config must be a JSON object');
  const unknown = Object.keys(partial).filter((k) => !(k in DEFAULT_CONFIG));
  if (unknown.length) throw new BadControlRequest(`unknown config key(s): ${unknown.join(', ')}`);
  const config = { ...DEFAULT_CONFIG, ...partial };
  if (!VERSIONS.includes(config.version)) throw new BadControlRequest(`version must be one of ${VERSIONS.join(', ')}`);
  if (!Number.isInteger(config.uid) || config.uid < 1) throw new BadControlRequest('uid must be a positive integer');
  if (!EDITIONS.includes(config.edition)) throw new BadControlRequest(`edition must be one of ${EDITIONS.join(', ')}`);
  if (!isPlainObject(config.denied)) throw new BadControlRequest('denied must be an object {model: [operations]}');
  if (!Array.isArray(config.apps) || config.apps.some((a) => !APPS.includes(a))) {
    throw new BadControlRequest(`apps must be a list among: ${APPS.join(', ')}`);
  }
  if (typeof config.webhookCommitDelayMs !== 'number' || config.webhookCommitDelayMs < 0) {
    throw new BadControlRequest('webhookCommitDelayMs must be a number >= 0');
  }
  for (const k of ['database', 'login', 'apiKey']) {
    if (typeof config[k] !== 'string' || !config[k]) throw new BadControlRequest(`${k} must be a non-empty string`);
  }
  return config;
}

function normalizeFault(rule) {
  if (!isPlainObject(rule) || !FAULT_KINDS.includes(rule.kind)) {
    throw new BadControlRequest(`each fault needs a kind among: ${FAULT_KINDS.join(', ')}`);
  }
  const times = rule.times ?? 1;
  if (!Number.isInteger(times) || times < 1) throw new BadControlRequest('fault.times must be a positive integer');
  for (const k of ['model', 'method', 'message', 'group']) {
    if (rule[k] !== undefined && typeof rule[k] !== 'string') throw new BadControlRequest(`fault.${k} must be a string`);
  }
  for (const k of ['retryAfter', 'delayMs', 'forMs']) {
    if (rule[k] !== undefined && (typeof rule[k] !== 'number' || rule[k] < 0)) throw new BadControlRequest(`fault.${k} must be a number >= 0`);
  }
  return { ...rule, times, remaining: times };
}

/** The emulated Odoo server behind one host: config, database, call log, faults. */
export class Instance {
  /** @param {{fetch?: typeof fetch}} [options] fetch used for outgoing webhook calls (default: the global one) */
  constructor(host, config, options = {}) {
    this.host = host;
    this.fetchImpl = options.fetch ?? ((...args) => globalThis.fetch(...args));
    this.busy = null; // a transaction waiting on its webhook calls (webhooks.mjs)
    this.reset(config);
  }

  reset(partial) {
    this.config = normalizeConfig(partial);
    this.db = new Database(this.config);
    this.calls = [];
    this.faults = [];
    this.webhookCalls = [];
    this.failNext = null;
  }

  /** An outgoing webhook call (webhooks.mjs); the entry is updated in place as the call ends. */
  logWebhook(entry) {
    const call = { seq: this.webhookCalls.length + 1, version: this.config.version, committed: null, committedAt: null,
      status: null, outcome: null, durationMs: null, ...entry };
    this.webhookCalls.push(call);
    return call;
  }

  /** Consume the first fault rule matching this call, if any. `common` calls
   *  are only faulted by 'auth' rules (login/authenticate); `db` calls never. */
  takeFault(call) {
    this.dropExpiredFaults();
    const index = this.faults.findIndex((rule) => {
      if (call.service === 'common') {
        return rule.kind === 'auth' && ['login', 'authenticate'].includes(call.method)
          && !rule.model && (!rule.method || rule.method === call.method);
      }
      if (call.service !== 'object') return false;
      return (!rule.model || rule.model === call.model) && (!rule.method || rule.method === call.method);
    });
    if (index < 0) return null;
    const rule = this.faults[index];
    if (rule.forMs !== undefined) rule.startedAt ??= Date.now();
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.faults.splice(index, 1);
    return rule;
  }

  /** A rule with `forMs` ends that long after the first call it met (an outage of a set length). */
  dropExpiredFaults(now = Date.now()) {
    this.faults = this.faults.filter((rule) => rule.startedAt === undefined || now - rule.startedAt < rule.forMs);
  }

  log(entry) {
    this.calls.push({ seq: this.calls.length + 1, ...entry, at: new Date().toISOString() });
  }
}

const json = (body, status = 200) => new Response(JSON.stringify(body, null, 2), {
  status, headers: { 'content-type': 'application/json; charset=utf-8', 'x-odoo-emulator': 'control' },
});

async function readJson(request) {
  const text = await request.text();
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new BadControlRequest('body is not valid JSON');
  }
}

/**
 * A schema change at runtime, as installing or uninstalling a module (or adding a custom field)
 * does to a live database: {model, field, type?, string?} adds a field, {model, field, remove: true}
 * removes one (its stored values go with it). Kept until the next config reset.
 */
function changeField(inst, body) {
  if (!isPlainObject(body) || typeof body.model !== 'string' || typeof body.field !== 'string') {
    throw new BadControlRequest('expected {"model": "...", "field": "...", "type"?: "char", "string"?: "...", "remove"?: true}');
  }
  const def = inst.db.def(body.model);
  if (!def) throw new BadControlRequest(`unknown model ${body.model}`);
  if (!/^[a-z][a-z0-9_]*$/.test(body.field) || body.field === 'id') throw new BadControlRequest('field must be a field name');
  // ir.model.fields follows the schema, as module installation updates it.
  const fieldsTable = inst.db.table('ir.model.fields');
  for (const [id, row] of fieldsTable) if (row.model === body.model && row.name === body.field) fieldsTable.delete(id);
  if (body.remove === true) {
    delete def.fields[body.field];
    for (const row of inst.db.table(body.model).values()) delete row[body.field];
    return { model: body.model, removed: body.field };
  }
  const type = body.type ?? 'char';
  if (!FIELD_TYPES.includes(type)) throw new BadControlRequest(`type must be one of ${FIELD_TYPES.join(', ')}`);
  def.fields[body.field] = { type, string: body.string ?? body.field, name: body.field, model: body.model };
  const modelId = [...inst.db.table('ir.model').values()].find((m) => m.model === body.model)?.id ?? false;
  inst.db.insertRaw('ir.model.fields', { name: body.field, model: body.model, model_id: modelId, field_description: body.string ?? body.field,
    ttype: type, relation: false, store: true, readonly: false, required: false });
  return { model: body.model, added: body.field, type };
}

/** /__emulator/<route> */
export async function handleControl(inst, request, route) {
  const method = request.method;
  try {
    if (route === '' || route === 'health') return json({ ok: true, emulator: true, host: inst.host, version: inst.config.version });
    if (route === 'config' && method === 'GET') return json(inst.config);
    if (route === 'config' && method === 'POST') {
      inst.reset(await readJson(request));
      return json(inst.config);
    }
    if (route === 'calls' && method === 'GET') return json(inst.calls);
    if (route === 'calls' && method === 'DELETE') { inst.calls = []; return json({ ok: true }); }
    if (route === 'faults' && method === 'GET') {
      inst.dropExpiredFaults();
      return json(inst.faults);
    }
    if (route === 'faults' && method === 'DELETE') { inst.faults = []; return json({ ok: true }); }
    if (route === 'faults' && method === 'POST') {
      const body = await readJson(request);
      const list = Array.isArray(body) ? body : body.faults;
      if (!Array.isArray(list)) throw new BadControlRequest('expected {"faults": [...]}');
      inst.faults.push(...list.map(normalizeFault));
      return json({ faults: inst.faults });
    }
    if (route === 'fields' && method === 'POST') return json(changeField(inst, await readJson(request)));
    if (route === 'webhooks' && method === 'GET') return json(inst.webhookCalls);
    if (route === 'webhooks' && method === 'DELETE') { inst.webhookCalls = []; return json({ ok: true }); }
    if (route === 'webhooks/fail-next' && method === 'POST') {
      const body = await readJson(request);
      if (body.message !== undefined && typeof body.message !== 'string') throw new BadControlRequest('message must be a string');
      inst.failNext = { message: body.message };
      return json({ armed: true });
    }
    const stockRoute = STOCK_CONTROL_ROUTES[route];
    if (stockRoute && method === 'POST') {
      const body = await readJson(request);
      if (!isPlainObject(body)) throw new BadControlRequest('body must be a JSON object');
      try {
        return json(await runTransaction(inst, () => stockRoute(inst.db, body)));
      } catch (e) {
        if (e instanceof BadControlRequest || e?.badControl) return json({ error: e.message }, 400);
        return json({ error: serializeException(asOdooError(e), inst.config.version) }, 422);
      }
    }
    const records = /^records\/([^/]+)$/.exec(route);
    if (records) {
      const model = decodeURIComponent(records[1]);
      if (!inst.db.def(model)) return json({ error: `unknown model ${model}` }, 404);
      if (method === 'GET') return json(inst.db.rawRecords(model));
      if (method === 'POST') { // seed through the ORM (validated, not logged, never faulted)
        const body = await readJson(request);
        try { // one transaction: automation rules fire as for any other write
          return json({ ids: await runTransaction(inst, () => inst.db.create(model, Array.isArray(body) ? body : [body], {})) });
        } catch (e) {
          return json({ error: serializeException(asOdooError(e), inst.config.version) }, 422);
        }
      }
    }
    return json({ error: `no emulator control route ${method} /__emulator/${route}` }, 404);
  } catch (e) {
    if (e instanceof BadControlRequest) return json({ error: e.message }, 400);
    throw e;
  }
}

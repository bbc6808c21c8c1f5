// Wire transports of the Odoo external-API EMULATOR (not Odoo):
// - JSON-RPC 2.0 at POST /jsonrpc  (odoo/http.py JsonRPCDispatcher, odoo/service/{common,model}.py)
// - JSON-2 at POST /json/2/<model>/<method> (addons/rpc/controllers/json2.py, Json2Dispatcher)
// plus injected faults (see control.mjs) applied around each call.

import {
  AccessDenied, AccessError, HttpError, LockError, OperationalError, PyException, PyKeyError,
  PyNameError, PyTypeError, PyValueError, SerializationFailure, ValidationError,
  asOdooError, isPlainObject, pyRepr, pyTruthy, serializeException,
} from './errors.mjs';
import { READONLY_METHODS, accessVerb, callJson2, callKw, checkPrivate } from './methods.mjs';
import { runTransaction } from './webhooks.mjs';

const JSON_CT = 'application/json; charset=utf-8';
const HTML_CT = 'text/html; charset=utf-8';

/** json.dumps() spacing (", " / ": ") as in Odoo's make_json_response. */
export function pyJson(v) {
  if (Array.isArray(v)) return `[${v.map(pyJson).join(', ')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.entries(v).filter(([, x]) => x !== undefined)
      .map(([k, x]) => `${JSON.stringify(k)}: ${pyJson(x)}`).join(', ')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

export const jsonResponse = (body, status = 200, headers = {}) =>
  new Response(pyJson(body), { status, headers: { 'content-type': JSON_CT, ...headers } });
export const htmlResponse = (status, body, headers = {}) =>
  new Response(body, { status, headers: { 'content-type': HTML_CT, ...headers } });

const escapeHtml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  .replace(/"/g, '&quot;').replace(/'/g, '&#39;');
/** werkzeug's default HTML error page. */
const werkzeugPage = (code, reason, description) =>
  `<!doctype html>\n<html lang=en>\n<title>${code} ${reason}</title>\n<h1>${reason}</h1>\n<p>${escapeHtml(description)}</p>\n`;
export const notFoundPage = () => htmlResponse(404, werkzeugPage(404, 'Not Found',
  'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.'));
// Request._serve_nodb when X-Odoo-Database names no available database.
const noDatabasePage = () => htmlResponse(404, `${werkzeugPage(404, 'Not Found',
  'No database is selected and the requested URL was not found in the server-wide controllers.')}<!-- Alternatively, use the X-Odoo-Database header. -->\n`);
/** What a reverse proxy (nginx) in front of Odoo answers. */
const proxyPage = (code, reason) =>
  `<html>\r\n<head><title>${code} ${reason}</title></head>\r\n<body>\r\n<center><h1>${code} ${reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;

const mimetype = (request) => (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// --- faults -------------------------------------------------------------------------
const PROXY_FAULTS = new Set(['http_500', 'http_502', 'http_503', 'rate_limited', 'reset']);
const ERROR_FAULTS = new Set(['concurrency', 'validation', 'access', 'lock']);
const ACCESS_GROUPS = { 'res.partner': 'Extra Rights/Contact Creation', 'sale.order': 'Sales/User: Own Documents Only',
  'sale.order.line': 'Sales/User: Own Documents Only', 'crm.lead': 'Sales/User: Own Documents Only',
  'account.move': 'Invoicing/Billing', 'account.move.line': 'Invoicing/Billing',
  'ir.model.data': 'Administration/Access Rights' };

function proxyFaultResponse(rule) {
  switch (rule.kind) {
    case 'http_500': return htmlResponse(500, proxyPage(500, 'Internal Server Error'));
    case 'http_502': return htmlResponse(502, proxyPage(502, 'Bad Gateway'));
    case 'http_503': return htmlResponse(503, proxyPage(503, 'Service Temporarily Unavailable'));
    case 'rate_limited':
      return htmlResponse(429, proxyPage(429, 'Too Many Requests'), { 'retry-after': String(rule.retryAfter ?? 1) });
    default: // 'reset': workerd cannot reset a socket; the Node server destroys it on this marker.
      return new Response('connection reset (emulated)\n', {
        status: 502, headers: { 'content-type': 'text/plain; charset=utf-8', 'x-emulator-fault': 'reset' },
      });
  }
}

function faultError(db, rule, model, method) {
  switch (rule.kind) {
    case 'concurrency': return SerializationFailure();
    case 'lock': return LockError(rule.message ?? 'Cannot update the record: it is locked by another transaction. (emulated fault)');
    case 'validation': return ValidationError(rule.message ?? 'The operation cannot be completed: emulated validation error');
    default: { // access: ACL message of odoo/addons/base/models/ir_model.py (19.0 wording)
      const label = db.def(model)?.label ?? model;
      return AccessError(rule.message ?? `You are not allowed to ${accessVerb(method)} '${label}' (${model}) records.\n\n`
        + `This operation is allowed for the following groups:\n\t- ${rule.group ?? ACCESS_GROUPS[model] ?? 'Administration/Settings'}\n\n`
        + 'Contact your administrator to request access if necessary.');
    }
  }
}

/** One call = one transaction: roll back everything on error (retrying()); automation rules'
 *  webhook calls are sent with the version's timing (webhooks.mjs). Reads need no transaction. */
function inTransaction(inst, method, fn) {
  if (READONLY_METHODS.has(method)) return fn();
  return runTransaction(inst, fn);
}

/** Shared fault/execute/log flow. `execute` returns the result or throws. */
async function runCall(inst, call, execute, respond) {
  const rule = inst.takeFault(call);
  if (rule?.delayMs) await sleep(rule.delayMs);
  const log = (status, error) => inst.log({
    ...call, outcome: rule && rule.kind !== 'slow' ? 'fault' : error ? 'error' : 'ok',
    fault: rule?.kind ?? null, error: error?.pyName ?? null, status,
    ...(rule?.message ? { faultMessage: rule.message } : {}),
  });
  if (rule && PROXY_FAULTS.has(rule.kind)) {
    const response = proxyFaultResponse(rule);
    log(response.status, null);
    return response;
  }
  let result;
  let error = null;
  try {
    result = await execute(rule);
  } catch (e) {
    error = asOdooError(e);
  }
  if (rule?.kind === 'lost_response') { // committed, but the proxy timed out
    log(504, error);
    return htmlResponse(504, proxyPage(504, 'Gateway Time-out'));
  }
  const response = respond(result, error);
  log(response.status, error);
  return response;
}

// --- JSON-RPC ----------------------------------------------------------------------
// odoo/release.py: Enterprise builds say "19.0+e" and end version_info with 'e'.
const versionInfo = (v, edition) => ({
  server_version: edition === 'enterprise' ? `${v}+e` : v,
  server_version_info: [Number(v.split('.')[0]), 0, 0, 'final', 0, edition === 'enterprise' ? 'e' : ''],
  server_serie: v, protocol_version: 1,
});

function toPyInt(v) {
  if (typeof v === 'boolean') return Number(v);
  if (typeof v === 'number') return Math.trunc(v);
  if (typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v)) return Number(v);
  if (v === null || v === undefined) throw PyTypeError("int() argument must be a string, a bytes-like object or a real number, not 'NoneType'");
  throw PyValueError(`invalid literal for int() with base 10: ${pyRepr(v)}`);
}

function checkArity(fname, names, args) {
  if (args.length > names.length) {
    throw PyTypeError(`${fname}() takes ${names.length} positional argument${names.length === 1 ? '' : 's'} but ${args.length} ${args.length === 1 ? 'was' : 'were'} given`);
  }
  const missing = names.slice(args.length).filter((n) => !n.endsWith('?')).map((n) => `'${n}'`);
  if (missing.length) {
    throw PyTypeError(`${fname}() missing ${missing.length} required positional argument${missing.length > 1 ? 's' : ''}: ${missing.join(' and ')}`);
  }
}

/** odoo/service/common.py dispatch */
function dispatchCommon(inst, method, args, rule) {
  const cfg = inst.config;
  const signatures = { version: [], about: ['extended?'], login: ['db', 'login', 'password'],
    authenticate: ['db', 'login', 'password', 'user_agent_env'] };
  if (!Object.hasOwn(signatures, method)) throw PyException(`Method not found: ${method}`);
  checkArity(`exp_${method}`, signatures[method], args);
  if (method === 'version') return versionInfo(cfg.version, cfg.edition);
  if (method === 'about') return args[0] ? ['See http://openerp.com', cfg.version] : 'See http://openerp.com';
  const [db, login, password] = args;
  if (db !== cfg.database) throw OperationalError(db);
  // AccessDenied is caught: bad credentials give `false`, never an error.
  if (rule?.kind === 'auth') return false;
  return login === cfg.login && password === cfg.apiKey ? cfg.uid : false;
}

/** odoo/service/model.py dispatch + execute_cr (19.0 order of checks). */
function dispatchObject(inst, rpcMethod, params, rule) {
  const { db, config: cfg } = inst;
  if (params.length < 5) throw PyValueError(`not enough values to unpack (expected at least 5, got ${params.length})`);
  const [dbName, uidRaw, passwd, model, method, ...rest] = params;
  const uid = toPyInt(uidRaw);
  if (!pyTruthy(passwd)) throw AccessDenied();
  if (dbName !== cfg.database) throw OperationalError(dbName);
  let args;
  let kw;
  if (rpcMethod === 'execute') {
    args = rest;
    kw = {};
  } else if (rpcMethod === 'execute_kw') {
    const r = rest.length === 1 ? [...rest, {}] : rest;
    if (r.length !== 2) {
      throw PyValueError(r.length < 2 ? `not enough values to unpack (expected 2, got ${r.length})` : 'too many values to unpack (expected 2)');
    }
    [args, kw] = r;
    kw ??= {};
  } else {
    throw PyNameError(`Method not available ${rpcMethod}`);
  }
  // res.users._check_uid_passwd: API keys are accepted as the RPC password.
  if (rule?.kind === 'auth' || uid !== cfg.uid || passwd !== cfg.apiKey) throw AccessDenied();
  if (cfg.version !== '19.0') checkPrivate(db, model, method); // 17/18 execute(): check_method_name first
  if (rule && ERROR_FAULTS.has(rule.kind)) throw faultError(db, rule, model, method);
  return inTransaction(inst, method, () => callKw(inst.db, model, method, args, kw));
}

function dispatchDb(inst, method, args) {
  const cfg = inst.config;
  if (method === 'list') return [cfg.database];
  if (method === 'server_version') return cfg.version;
  if (method === 'db_exist') return args[0] === cfg.database;
  throw PyKeyError(`Method not found: ${method}`);
}

/** The call as recorded in /__emulator/calls (passwords are not recorded). */
function describeJsonRpc(params) {
  const p = isPlainObject(params) ? params : {};
  const args = Array.isArray(p.args) ? structuredClone(p.args) : [];
  const base = { transport: 'jsonrpc', service: p.service ?? null, rpcMethod: p.method ?? null };
  if (p.service === 'object') {
    return { ...base, db: args[0] ?? null, uid: args[1] ?? null, model: args[3] ?? null, method: args[4] ?? null,
      args: p.method === 'execute_kw' ? args[5] ?? [] : args.slice(5),
      kwargs: p.method === 'execute_kw' ? args[6] ?? {} : {} };
  }
  if (p.service === 'common' && args.length > 2) args[2] = '<redacted>';
  return { ...base, model: null, method: p.method ?? null, args, kwargs: {} };
}

export async function handleJsonRpc(inst, request) {
  if (!['application/json', 'application/json-rpc'].includes(mimetype(request))) {
    return htmlResponse(415, werkzeugPage(415, 'Unsupported Media Type',
      "Request inferred type is compatible with ['http'] but '/jsonrpc' is type='jsonrpc'."),
    { accept: 'application/json, application/json-rpc' });
  }
  let body;
  try {
    body = JSON.parse(await request.text());
  } catch {
    return htmlResponse(400, 'Invalid JSON data'); // abort(Response(...)): bypasses handle_error
  }
  if (!isPlainObject(body)) return htmlResponse(400, 'Invalid JSON-RPC data');
  const id = body.id ?? null;
  const params = body.params ?? {};
  const version = inst.config.version;

  const execute = (rule) => {
    if (!isPlainObject(params)) throw PyTypeError("'list' object is not a mapping");
    const expected = ['service', 'method', 'args'];
    const extra = Object.keys(params).find((k) => !expected.includes(k) && k !== 'context');
    if (extra) throw PyTypeError(`RPC.jsonrpc() got an unexpected keyword argument '${extra}'`);
    const missing = expected.filter((k) => !(k in params));
    if (missing.length) throw PyTypeError(`RPC.jsonrpc() missing ${missing.length} required positional argument${missing.length > 1 ? 's' : ''}: ${missing.map((k) => `'${k}'`).join(' and ')}`);
    const { service, method, args } = params;
    if (!Array.isArray(args)) throw PyTypeError(`argument after * must be an iterable, not ${isPlainObject(args) ? 'dict' : typeof args}`);
    if (service === 'common') return dispatchCommon(inst, method, args, rule);
    if (service === 'object') return dispatchObject(inst, method, args, rule);
    if (service === 'db') return dispatchDb(inst, method, args);
    throw PyKeyError(service);
  };
  // JsonRPCDispatcher._response: "result" only if not None; error code 0 on 19.0, 200 before.
  const respond = (result, error) => {
    const envelope = { jsonrpc: '2.0', id };
    if (error) {
      envelope.error = { code: version === '19.0' ? 0 : 200, message: 'Odoo Server Error', data: serializeException(error, version) };
    } else if (result !== null && result !== undefined) {
      envelope.result = result;
    }
    return jsonResponse(envelope);
  };
  return runCall(inst, describeJsonRpc(params), execute, respond);
}

// --- JSON-2 ------------------------------------------------------------------------
function json2Error(err) {
  const e = asOdooError(err);
  return jsonResponse(serializeException(e, '19.0'), e.status, e.headers);
}

export async function handleJson2(inst, request, path) {
  const { db, config: cfg } = inst;
  if (cfg.version !== '19.0') return notFoundPage(); // no /json/2 routes before 19.0
  const match = /^\/json\/2\/([^/]+)\/([^/]+)$/.exec(path);
  if (!match || request.method !== 'POST') { // catch-all route web_json_2_404
    return json2Error(HttpError(404, 'Did you mean POST /json/2/<model>/<method>?'));
  }
  const model = decodeURIComponent(match[1]);
  const method = decodeURIComponent(match[2]);
  const text = await request.text();
  // Json2Dispatcher.is_compatible_with: application/json, or an empty body.
  if (text.length && mimetype(request) !== 'application/json') {
    return json2Error(HttpError(415, "Request inferred type is compatible with ['http'] but "
      + "'/json/2/<model>/<method>' is type='json2'.\n\nPlease verify the Content-Type request header and try again."));
  }
  const dbHeader = request.headers.get('x-odoo-database');
  if (dbHeader !== null && dbHeader !== cfg.database) return noDatabasePage();
  let logged;
  try { logged = text.length ? JSON.parse(text) : {}; } catch { logged = text; }
  const call = { transport: 'json2', service: 'object', model, method, args: [], kwargs: logged };

  const execute = (rule) => {
    // ir.http._auth_method_bearer: `^bearer\s+(.+)$`, case-insensitive
    const token = /^bearer\s+(.+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
    const www = { 'www-authenticate': 'Bearer' };
    if (!token) throw HttpError(401, 'User not authenticated, use an API Key with a Bearer Authorization header.', www);
    if (rule?.kind === 'auth' || token !== cfg.apiKey) throw HttpError(401, 'Invalid apikey', www);
    let params = {};
    if (text.length) {
      let parsed;
      try {
        parsed = JSON.parse(text);
      } catch (e) {
        throw HttpError(400, `could not parse the body as json: ${e.message}`);
      }
      params = isPlainObject(parsed) ? parsed : {}; // `body | path_args` fails on a list: path args only
    }
    const { ids = [], context = {}, ...kwargs } = params;
    delete kwargs.model; // path args win over body keys
    delete kwargs.method;
    if (rule && ERROR_FAULTS.has(rule.kind)) throw faultError(db, rule, model, method);
    return inTransaction(inst, method, () => callJson2(inst.db, model, method, ids, kwargs, context));
  };
  const respond = (result, error) => (error ? json2Error(error) : jsonResponse(result ?? null));
  return runCall(inst, call, execute, respond);
}

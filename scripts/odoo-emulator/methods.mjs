// Method dispatch of the Odoo external-API EMULATOR (not Odoo): the public ORM
// methods, Python-style argument binding and the two entry points
// - callKw: JSON-RPC object.execute(_kw) (odoo/service/model.py execute_cr + call_kw),
// - callJson2: JSON-2 (addons/rpc/controllers/json2.py web_json_2_rpc).

import {
  AccessError, HttpError, PyAttributeError, PyIndexError, PyTypeError, UserError,
  isPlainObject, pyRepr,
} from './errors.mjs';
import { Recordset } from './orm.mjs';
import { MODEL_METHODS } from './business.mjs';
import { load } from './load.mjs';

const toValsList = (v) => {
  if (isPlainObject(v)) return [v]; // @api.model_create_multi accepts a single dict
  if (Array.isArray(v)) return v;
  throw PyTypeError(`'${typeof v}' object is not iterable`);
};

// Signatures follow odoo/models.py (17-19). [name] = required, [name, default] = optional.
const GENERIC = {
  create: { api: 'model', params: [['vals_list']],
    fn: (db, m, ids, a, ctx) => new Recordset(m, db.create(m, toValsList(a.vals_list), ctx)) },
  write: { params: [['vals']], fn: (db, m, ids, a, ctx) => db.write(m, ids, a.vals, ctx) },
  unlink: { params: [], fn: (db, m, ids, a, ctx) => db.unlink(m, ids, ctx) },
  read: { params: [['fields', null], ['load', '_classic_read']],
    fn: (db, m, ids, a, ctx) => db.read(m, ids, a.fields, a.load, ctx) },
  search: { api: 'model', params: [['domain'], ['offset', 0], ['limit', null], ['order', null]],
    fn: (db, m, ids, a, ctx) => new Recordset(m, db.search(m, a.domain, { ...a, ctx })) },
  search_read: { api: 'model', params: [['domain', null], ['fields', null], ['offset', 0], ['limit', null], ['order', null], ['load', '_classic_read']],
    fn: (db, m, ids, a, ctx) => db.read(m, db.search(m, a.domain, { ...a, ctx }), a.fields, a.load, ctx) },
  search_count: { api: 'model', params: [['domain'], ['limit', null]],
    fn: (db, m, ids, a, ctx) => db.search(m, a.domain, { limit: a.limit, ctx }).length },
  name_search: { api: 'model', params: [['name', ''], ['domain', null], ['operator', 'ilike'], ['limit', 100]],
    fn: (db, m, ids, a, ctx) => db.nameSearch(m, a.name, a.domain, a.operator, a.limit, ctx) },
  name_create: { api: 'model', params: [['name']],
    fn: (db, m, ids, a, ctx) => {
      const [id] = db.create(m, [{ [db.fieldsOf(m).name ? 'name' : 'display_name']: a.name }], ctx);
      return [id, db.displayName(m, db.get(m, id))];
    } },
  fields_get: { api: 'model', params: [['allfields', null], ['attributes', null]],
    fn: (db, m, ids, a) => db.fieldsGet(m, a.allfields, a.attributes) },
  // ACL checks (odoo/models.py): check_access_rights is @api.model up to 18; has_access (18+) runs
  // on a recordset, usually empty. The emulator answers from its `denied` config.
  check_access_rights: { api: 'model', params: [['operation'], ['raise_exception', true]],
    fn: (db, m, ids, a) => {
      const allowed = !(db.config.denied?.[m] ?? []).includes(a.operation);
      if (!allowed && a.raise_exception) {
        throw AccessError(`You are not allowed to ${a.operation === 'unlink' ? 'delete' : a.operation} '${m}' records.`);
      }
      return allowed;
    } },
  has_access: { params: [['operation']],
    fn: (db, m, ids, a) => !(db.config.denied?.[m] ?? []).includes(a.operation) },
  // BaseModel.load (@api.model): create-or-update by external id, errors returned (see load.mjs).
  load: { api: 'model', params: [['fields'], ['data']],
    fn: (db, m, ids, a, ctx) => load(db, m, a.fields, a.data, ctx) },
  action_archive: { needsActive: true, params: [],
    fn: (db, m, ids, a, ctx) => db.write(m, ids, { active: false }, ctx) },
  action_unarchive: { needsActive: true, params: [],
    fn: (db, m, ids, a, ctx) => db.write(m, ids, { active: true }, ctx) },
};

const className = (model) => model.split(/[._]/).map((w) => w[0].toUpperCase() + w.slice(1)).join('');

/** Python qualname used in TypeError texts, e.g. "BaseModel.write". */
const qualname = (model, name) => `${MODEL_METHODS[model]?.[name] ? className(model) : 'BaseModel'}.${name}`;

/** 17/18 `check_method_name` (odoo/models.py) / 19 `get_public_method` private check. */
export function checkPrivate(db, model, name) {
  if (typeof name !== 'string' || name.startsWith('_') || name === 'init') {
    throw AccessError(db.version === '19.0'
      ? `Private methods (such as '${model}.${name}') cannot be called remotely.`
      : `Private methods (such as ${name}) cannot be called remotely.`);
  }
}

/** odoo/service/model.py get_public_method (19) / getattr in api.call_kw (17/18). */
export function getPublicMethod(db, model, name) {
  checkPrivate(db, model, name);
  const spec = MODEL_METHODS[model]?.[name] ?? GENERIC[name];
  if (!spec || (spec.needsActive && !db.fieldsOf(model).active) || (spec.since18 && db.pre18)) {
    throw PyAttributeError(db.version === '19.0'
      ? `The method '${model}.${name}' does not exist`
      : `The method '${name}' does not exist on the model '${model}'`);
  }
  return spec;
}

const quoteList = (names) => {
  const q = names.map((n) => `'${n}'`);
  return q.length === 1 ? q[0] : q.length === 2 ? `${q[0]} and ${q[1]}` : `${q.slice(0, -1).join(', ')}, and ${q.at(-1)}`;
};

/** Bind positional + keyword args like a Python call; TypeError texts are CPython's. */
function bindCall(spec, qual, positional, kwargs) {
  const params = spec.params;
  if (positional.length > params.length) {
    const min = params.filter((p) => p.length === 1).length + 1;
    const max = params.length + 1;
    const given = positional.length + 1;
    const takes = min === max ? `${max} positional argument${max === 1 ? '' : 's'}` : `from ${min} to ${max} positional arguments`;
    throw PyTypeError(`${qual}() takes ${takes} but ${given} ${given === 1 ? 'was' : 'were'} given`);
  }
  const out = {};
  params.forEach(([n], i) => { if (i < positional.length) out[n] = positional[i]; });
  for (const [k, v] of Object.entries(kwargs)) {
    if (!params.some(([n]) => n === k)) {
      if (spec.varkw) { out[k] = v; continue; }
      throw PyTypeError(`${qual}() got an unexpected keyword argument '${k}'`);
    }
    if (k in out) throw PyTypeError(`${qual}() got multiple values for argument '${k}'`);
    out[k] = v;
  }
  const missing = params.filter((p) => p.length === 1 && !(p[0] in out)).map(([n]) => n);
  if (missing.length) {
    throw PyTypeError(`${qual}() missing ${missing.length} required positional argument${missing.length > 1 ? 's' : ''}: ${quoteList(missing)}`);
  }
  for (const [n, ...d] of params) if (!(n in out)) out[n] = d[0];
  return out;
}

/** inspect.signature(func).bind(records, **kwargs) as used by JSON-2 (422 on TypeError). */
function bindSignature(spec, kwargs) {
  const out = {};
  for (const [k, v] of Object.entries(kwargs)) {
    if (!spec.params.some(([n]) => n === k) && !spec.varkw) {
      throw HttpError(422, `got an unexpected keyword argument '${k}'`);
    }
    out[k] = v;
  }
  const missing = spec.params.find((p) => p.length === 1 && !(p[0] in out));
  if (missing) throw HttpError(422, `missing a required argument: '${missing[0]}'`);
  for (const [n, ...d] of spec.params) if (!(n in out)) out[n] = d[0];
  return out;
}

function normalizeIds(ids) {
  if (ids === null || ids === undefined || ids === false) return [];
  const list = Array.isArray(ids) ? ids : [ids];
  if (!list.every((x) => Number.isInteger(x))) throw PyTypeError(`Invalid record ids: ${pyRepr(ids)}`);
  return list;
}

/** JSON-RPC execute_cr + call_kw. */
export function callKw(db, model, name, args, kwargs) {
  if (!db.def(model)) throw UserError(`Object ${model} doesn't exist`);
  const spec = getPublicMethod(db, model, name);
  if (!Array.isArray(args)) throw PyTypeError(`argument after * must be an iterable, not ${isPlainObject(args) ? 'dict' : typeof args}`);
  if (!isPlainObject(kwargs)) throw PyTypeError('argument after ** must be a mapping, not list');
  let ids = [];
  let rest = args;
  if (spec.api !== 'model') { // non-@api.model: ids, args = args[0], args[1:]
    if (!args.length) throw PyIndexError('list index out of range');
    ids = normalizeIds(args[0]);
    rest = args.slice(1);
  }
  const kw = { ...kwargs };
  const ctx = isPlainObject(kw.context) ? kw.context : {};
  delete kw.context;
  const bound = bindCall(spec, qualname(model, name), rest, kw);
  const result = spec.fn(db, model, ids, bound, ctx);
  if (name === 'create') {
    // call_kw special case: `result.id if isinstance(args[0], Mapping) else result.ids`
    if (!rest.length) throw PyIndexError('list index out of range'); // vals passed as kwarg
    return isPlainObject(rest[0]) ? result.ids[0] : result.ids;
  }
  return result instanceof Recordset ? result.ids : result;
}

/** JSON-2 web_json_2_rpc: errors here are werkzeug HTTP errors (404/422). */
export function callJson2(db, model, name, ids, kwargs, ctx) {
  if (!db.def(model)) throw HttpError(404, `the model ${pyRepr(model)} does not exist`);
  let spec;
  try {
    spec = getPublicMethod(db, model, name);
  } catch (e) {
    if (e.pyName === 'builtins.AttributeError') throw HttpError(404, e.message);
    throw e;
  }
  const idList = normalizeIds(ids);
  if (spec.api === 'model' && idList.length) throw HttpError(422, `cannot call ${model}.${name} with ids`);
  const bound = bindSignature(spec, kwargs);
  const result = spec.fn(db, model, idList, bound, isPlainObject(ctx) ? ctx : {});
  return result instanceof Recordset ? result.ids : result;
}

/** Methods that never write: no transaction snapshot needed. */
export const READONLY_METHODS = new Set(['read', 'search', 'search_read', 'search_count', 'name_search', 'fields_get']);

/** AccessError verb used by Odoo's ACL message per method. */
export const accessVerb = (method) => ({ create: 'create', write: 'modify', unlink: 'delete' }[method]
  ?? (READONLY_METHODS.has(method) ? 'access' : 'modify'));

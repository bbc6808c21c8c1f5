// BaseModel.load(fields, data) of the Odoo external-API EMULATOR (not Odoo): the
// import engine, reduced to what an integration uses it for, an atomic
// "create or update by external id" (odoo/models.py 17-18, odoo/orm/models.py 19:
// load, _extract_records, _convert_records, _load_records; the value converters
// of odoo/addons/base/models/ir_fields.py).
//
// - `fields` are column names. `id` is the external id ("module.name"; without
//   a dot the module is the context's `module`, default "__import__"), `.id` a
//   database id; a relational column takes a name (name_search "="), or with
//   `/id` (or `:id`) external ids, or with `/.id` (or `.id`) database ids;
//   many2many cells hold comma-separated values. One2many columns and deeper
//   paths are not emulated.
// - Cells are strings in Odoo; JSON numbers and booleans are accepted too (a
//   bare number in a relational column is taken as a database id).
// - An existing external id updates its record (mode "init", so even when
//   noupdate); otherwise the record is created with its ir.model.data row.
// - Errors are not raised: they come back as messages
//   {rows: {from, to}, record, type: 'error', message[, field]}, with
//   ids: false, and everything the call did is rolled back. Each row is tried
//   on its own (like Odoo's per-record savepoints) so every faulty row is
//   reported. The result also has Odoo's `nextrow` (0: everything was read).

import { OdooError, PyTypeError, PyValueError, ValidationError, pyStr } from './errors.mjs';

const isEmpty = (v) => v === '' || v === null || v === undefined || v === false;

/** odoo/models.py fix_import_export_id_paths: "a.id" -> a/.id, "a:id" -> a/id, split on "/". */
const fieldPath = (name) => name.replace(/([^/])\.id/g, '$1/.id').replace(/([^/]):id/g, '$1/id').split('/');

/** A conversion failure: `message` still holds %(field)s, filled in with the field label. */
class ConvertError extends Error {
  constructor(message, type = 'error') { super(message); this.type = type; }
}

const BOOL_TRUE = new Set(['1', 'true', 'yes']);
const BOOL_FALSE = new Set(['0', 'false', 'no', '']);

/** ir.fields.converter for one scalar cell. */
function convertScalar(db, model, f, v) {
  switch (f.type) {
    case 'char': case 'text': case 'html':
      return typeof v === 'string' ? v : pyStr(v);
    case 'integer': {
      if (Number.isInteger(v)) return v;
      if (typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v)) return Number(v);
      throw new ConvertError(`'${pyStr(v)}' does not seem to be an integer for field '%(field)s'`);
    }
    case 'float': {
      const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
      if (Number.isNaN(n)) throw new ConvertError(`'${pyStr(v)}' does not seem to be a number for field '%(field)s'`);
      return n;
    }
    case 'boolean': {
      if (typeof v === 'boolean') return v;
      const s = String(v).toLowerCase();
      if (BOOL_TRUE.has(s)) return true;
      if (BOOL_FALSE.has(s)) return false;
      // Odoo logs a warning and assumes "yes".
      throw Object.assign(new ConvertError(`Unknown value '${pyStr(v)}' for boolean field '%(field)s'`, 'warning'), { fallback: true });
    }
    case 'selection': {
      const hit = f.selection.find(([key, label]) => String(key) === String(v) || label === v);
      if (!hit) throw new ConvertError(`Value '${pyStr(v)}' not found in selection field '%(field)s'`);
      return hit[0];
    }
    case 'date': case 'datetime': {
      try {
        return db.convert(model, f, String(v));
      } catch {
        throw new ConvertError(`'${pyStr(v)}' does not seem to be a valid ${f.type} for field '%(field)s'`);
      }
    }
    default:
      throw new ConvertError(`odoo-emulator: load() does not convert ${f.type} field '%(field)s'`);
  }
}

/** ir.model.data row of an external id ("module.name", module defaulted). */
function findXmlid(db, xmlid, ctx) {
  const full = xmlid.includes('.') ? xmlid : `${ctx.module ?? '__import__'}.${xmlid}`;
  const dot = full.indexOf('.');
  const [module, name] = [full.slice(0, dot), full.slice(dot + 1)];
  const row = [...db.table('ir.model.data').values()].find((r) => r.module === module && r.name === name);
  return { module, name, row };
}

/** ir.fields.converter db_id_for: one reference (name, external id or database id) -> id. */
function referenceId(db, f, subfield, value, ctx) {
  const comodel = f.comodel;
  let id;
  let kind;
  if (subfield === '.id' || (subfield === null && typeof value === 'number')) {
    kind = 'database id';
    id = Number(value);
    if (!Number.isInteger(id) || !db.get(comodel, id)) id = undefined;
  } else if (subfield === 'id') {
    kind = 'external id';
    const { row } = findXmlid(db, String(value), ctx);
    id = row && row.model === comodel && db.get(comodel, row.res_id) ? row.res_id : undefined;
  } else {
    kind = 'name';
    id = db.nameSearch(comodel, String(value), [], '=', 1, ctx)[0]?.[0];
  }
  if (id === undefined) throw new ConvertError(`No matching record found for ${kind} '${pyStr(value)}' in field '%(field)s'`);
  return id;
}

/** One row -> {xid, dbid, vals} plus conversion messages (logged like _convert_records). */
function convertRow(db, model, paths, row, index, ctx, messages) {
  const fields = db.fieldsOf(model);
  const info = { rows: { from: index, to: index } };
  const out = { xid: null, dbid: null, vals: {}, failed: false };
  paths.forEach((path, col) => {
    const [fname, subfield = null] = path;
    if (!fname || !Array.isArray(row) || col >= row.length) return; // zip(field_paths, row)
    const value = row[col];
    const f = fields[fname];
    const log = (e) => {
      if (!(e instanceof ConvertError)) throw e;
      messages.push({ ...info, type: e.type, record: index, field: fname,
        message: e.message.replace('%(field)s', f?.string ?? fname) });
      if (e.type === 'error') out.failed = true;
    };
    if (fname === 'id') { if (!isEmpty(value)) out.xid = String(value); return; }
    if (fname === '.id') {
      if (isEmpty(value)) return;
      const id = Number(value);
      if (Number.isInteger(id) && db.get(model, id)) out.dbid = id;
      else log(new ConvertError(`Unknown database identifier '${pyStr(value)}'`));
      return;
    }
    if (isEmpty(value)) { out.vals[fname] = f.type === 'many2many' ? [[6, 0, []]] : false; return; }
    try {
      if (f.type === 'many2one') out.vals[fname] = referenceId(db, f, subfield, value, ctx);
      else if (f.type === 'many2many') {
        const refs = typeof value === 'string' ? value.split(',').map((x) => x.trim()).filter(Boolean) : [value];
        out.vals[fname] = [[6, 0, refs.map((r) => referenceId(db, f, subfield, r, ctx))]];
      } else out.vals[fname] = convertScalar(db, model, f, value);
    } catch (e) {
      log(e);
      if (e.fallback) out.vals[fname] = true;
    }
  });
  return out;
}

/** The message of an error raised while writing one row (load's flush / _load_records). */
function rowError(db, model, e, info) {
  if (e.notNull) {
    // convert_pgerror_not_null
    const { model: table, field } = e.notNull;
    return table === model
      ? { ...info, type: 'error', message: `Missing required value for the field '${db.fieldsOf(model)[field].string}' (${field})`, field }
      : { ...info, type: 'error', message: `Missing required value for the field '${field}' on a linked model [${table.replace(/\./g, '_')}]` };
  }
  if (e.pyName?.startsWith('odoo.exceptions.')) return { ...info, type: 'error', message: e.message };
  const cls = e.pyName?.replace(/^builtins\./, '') ?? 'Exception';
  return { ...info, type: 'error', message: `Unknown error during import: <class '${cls}'>: ${e.message}`,
    moreinfo: 'Resolve other errors first' };
}

/** Create or update one converted row; returns the record id. */
function loadRecord(db, model, { xid, dbid, vals }, ctx) {
  if (xid) {
    const { module, name, row } = findXmlid(db, xid, ctx);
    if (row && row.model !== model) {
      // ir.model.data._load_records / BaseModel._load_records
      throw ValidationError(`For external id ${module}.${name} when trying to create/update a record of model ${model} `
        + `found record of different model ${row.model} (${row.id})`);
    }
    if (row && db.get(model, row.res_id)) {
      db.write(model, [row.res_id], vals, ctx);
      return row.res_id;
    }
    if (row) db.unlink('ir.model.data', [row.id], ctx); // dangling external id: recreated below
    const [id] = db.create(model, [vals], ctx);
    db.create('ir.model.data', [{ module, name, model, res_id: id, noupdate: Boolean(ctx.noupdate) }], ctx);
    return id;
  }
  if (dbid) {
    db.write(model, [dbid], vals, ctx);
    return dbid;
  }
  return db.create(model, [vals], ctx)[0];
}

/** @param {import('./orm.mjs').Database} db */
export function load(db, model, fields, data, ctx) {
  if (!Array.isArray(fields)) throw PyTypeError(`'${typeof fields}' object is not iterable`);
  if (!Array.isArray(data)) throw PyTypeError(`'${typeof data}' object is not iterable`);
  const modelFields = db.fieldsOf(model);
  const paths = fields.map((name) => {
    if (typeof name !== 'string') throw PyTypeError('expected string or bytes-like object');
    const [fname, ...rest] = fieldPath(name);
    if (!fname || fname === 'id' || fname === '.id') return [fname, ...rest];
    if (!Object.hasOwn(modelFields, fname)) throw PyValueError(`Invalid field name '${fname}'`); // _extract_records
    const f = modelFields[fname];
    const reference = ['many2one', 'many2many'].includes(f.type) && ['id', '.id'].includes(rest[0]);
    if (f.type === 'one2many' || rest.length > 1 || (rest.length && !reference)) {
      throw PyValueError(`odoo-emulator: load() does not emulate the column '${name}'`);
    }
    return [fname, ...rest];
  });

  const start = db.savepoint();
  const ids = [];
  const messages = [];
  data.forEach((row, index) => {
    const converted = convertRow(db, model, paths, row, index, ctx, messages);
    if (converted.failed) return; // rolled back below anyway
    const savepoint = db.savepoint();
    try {
      ids.push(loadRecord(db, model, converted, ctx));
      db.release(savepoint);
    } catch (e) {
      if (!(e instanceof OdooError)) throw e; // an emulator bug: let it surface
      db.rollbackTo(savepoint);
      messages.push(rowError(db, model, e, { rows: { from: index, to: index }, record: index }));
    }
  });
  if (messages.some((m) => m.type === 'error')) {
    db.rollbackTo(start); // sp.rollback(): nothing of the call is kept
    return { ids: false, messages, nextrow: 0 };
  }
  db.release(start);
  return { ids, messages, nextrow: 0 };
}

// In-memory ORM of the Odoo external-API EMULATOR (not Odoo): one Database per
// emulated host. Records are plain objects in per-model Maps; one2many values
// are derived from the inverse many2one, many2many values are stored id lists.
//
// Behaviour mirrored from Odoo (odoo/models.py, odoo/fields.py, odoo/service/model.py):
// - unknown field in vals/fields -> ValueError "Invalid field 'x' on model 'y'";
// - values are converted like Field.convert_to_cache (selection, date, datetime,
//   many2one must be an int, x2many must be a list of Command tuples);
// - NOT NULL / FOREIGN KEY / UNIQUE violations become ValidationError with the
//   version's template (19.0 BaseModel._sql_error_to_message_generic,
//   17/18 odoo/service/model.py::_as_validation_error);
// - many2one ondelete cascade / set null / restrict on unlink;
// - read() drops ids that do not exist; write() on them raises MissingError;
// - search() applies active_test and the model's default _order.

import {
  MissingError, PyAttributeError, PyTypeError, PyValueError, ValidationError,
  isPlainObject, pyRepr, pyStr, pyTuple,
} from './errors.mjs';
import { buildModels, now, seedRows } from './models.mjs';
import { compileDomain, withActiveTest } from './domain.mjs';
import { normalizeBlacklistDomain } from './mail-blacklist.mjs';
import { HOOKS } from './business.mjs';
import { applyCommands } from './commands.mjs';
import { captureComputed, createRules, flushComputed, preFilter, processRules, unlinkRules, writeRules } from './automation.mjs';
import { JournaledTable, UndoJournal, journaled } from './undo-journal.mjs';

/** A method result that Odoo would convert to `.ids` (call_kw / json2). */
export class Recordset {
  constructor(model, ids) { this.model = model; this.ids = ids; }
}

const X2MANY = new Set(['one2many', 'many2many']);
const isStored = (f) => !f.compute && !f.inherited && f.type !== 'one2many';
const isNull = (v) => v === false || v === null || v === undefined;
const pyTypeName = (v) => (Array.isArray(v) ? 'list' : v === null ? 'NoneType' : typeof v === 'string' ? 'str'
  : typeof v === 'number' ? (Number.isInteger(v) ? 'int' : 'float') : typeof v === 'boolean' ? 'bool' : 'dict');

export function emptyValue(f) {
  if (f.type === 'integer' || f.type === 'float') return 0;
  if (f.type === 'boolean') return false;
  if (X2MANY.has(f.type)) return [];
  return false;
}

function compareScalar(a, b) {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export class Database {
  constructor(config) {
    this.config = config;
    this.version = config.version;
    this.uid = config.uid;
    // 16.0 and 17.0 share the payment model (memo `ref`, states draft|posted|cancel) and list views ("tree").
    this.pre18 = ['16.0', '17.0'].includes(config.version);
    const helpdesk = (config.apps ?? []).includes('helpdesk') || config.edition === 'enterprise';
    const { models, uomField, soTaxField } = buildModels(config.version, { helpdesk });
    this.models = models;
    this.uomField = uomField;
    this.soTaxField = soTaxField;
    this.journal = new UndoJournal();
    this.state = { tables: {}, nextIds: journaled({}, this.journal), sequences: journaled({}, this.journal) };
    for (const [name, def] of Object.entries(models)) {
      this.state.tables[name] = new JournaledTable(this.journal);
      this.state.nextIds[name] = def.idStart;
    }
    for (const [model, row] of seedRows(models)) this.insertRaw(model, row);
    this.insertRaw('res.users', { id: config.uid, name: 'API user', login: config.login, active: true });
  }

  // --- transactions: one RPC call = one transaction (odoo/service/model.py retrying), rolled back
  // through an undo journal (undo-journal.mjs), never by copying the database.
  savepoint() { return this.journal.savepoint(); }
  rollbackTo(savepoint) { this.journal.rollbackTo(savepoint); }
  release(savepoint) { this.journal.release(savepoint); }

  /** A deep copy of the database: a transaction's result kept aside while its webhook calls run
   *  (webhooks.mjs), the readers meanwhile seeing the state before it. */
  copyState() {
    const tables = {};
    for (const [name, table] of Object.entries(this.state.tables)) {
      const copy = new JournaledTable(this.journal);
      for (const [id, rec] of table) Map.prototype.set.call(copy, id, journaled(structuredClone({ ...rec }), this.journal));
      tables[name] = copy;
    }
    return {
      tables,
      nextIds: journaled({ ...this.state.nextIds }, this.journal),
      sequences: journaled({ ...this.state.sequences }, this.journal),
    };
  }

  /** What automation rules did in the current transaction (webhooks.mjs runs and ends it). */
  beginTransaction() { this.tx = { webhooks: [], computed: captureComputed(this) }; }
  /** Before commit: rules watching stored computed fields see what the transaction changed. */
  flushTransaction() { if (this.tx?.computed) flushComputed(this, this.tx.computed); }
  endTransaction() { const tx = this.transaction(); this.tx = null; return tx; }
  transaction() { this.tx ??= { webhooks: [] }; return this.tx; }

  /** Context of the read/search in progress: computed fields such as product.product.free_qty
   *  depend on it (`warehouse`/`location` keys). */
  withContext(ctx, fn) {
    const previous = this.ctx;
    this.ctx = ctx ?? {};
    try { return fn(); } finally { this.ctx = previous; }
  }

  // --- registry access
  def(model) { return this.models[model]; }
  fieldsOf(model) { return this.models[model]?.fields ?? {}; }
  hooks(model) { return HOOKS[model] ?? {}; }
  table(model) { return this.state.tables[model]; }
  get(model, id) { return typeof id === 'number' ? this.table(model)?.get(id) : undefined; }
  rawRecords(model) { return [...this.table(model).values()].sort((a, b) => a.id - b.id); }

  /** Insert a row without any ORM check (seed data). */
  insertRaw(model, row) {
    const rec = { id: row.id ?? this.state.nextIds[model] };
    for (const [fname, f] of Object.entries(this.fieldsOf(model))) {
      if (!isStored(f) || f.auto) continue;
      rec[fname] = fname in row ? row[fname]
        : f.default !== undefined && typeof f.default !== 'function' ? f.default : emptyValue(f);
    }
    rec.create_date = now();
    rec.write_date = rec.create_date;
    const tracked = journaled(rec, this.journal);
    this.table(model).set(rec.id, tracked);
    this.state.nextIds[model] = Math.max(this.state.nextIds[model], rec.id + 1);
    return tracked;
  }

  nextSequence(key) {
    this.state.sequences[key] = (this.state.sequences[key] ?? 0) + 1;
    return this.state.sequences[key];
  }

  // --- values
  value(model, rec, fname) {
    const f = this.fieldsOf(model)[fname];
    if (!f) return undefined;
    if (f.inherited) {
      const { model: pm, field: link } = this.def(model).inherits;
      const parent = this.get(pm, rec[link]);
      return parent ? this.value(pm, parent, fname) : emptyValue(f);
    }
    if (f.compute) return f.compute(this, rec);
    if (f.type === 'one2many') return this.linked(model, rec, fname).map((r) => r.id);
    return rec[fname] === undefined ? emptyValue(f) : rec[fname];
  }

  /** Records linked through a relational field (o2m honours active_test). */
  linked(model, rec, fname, ctx = {}) {
    const f = this.fieldsOf(model)[fname];
    if (f.type === 'many2one') {
      const t = this.get(f.comodel, this.value(model, rec, fname));
      return t ? [t] : [];
    }
    if (f.type === 'many2many') return (rec[fname] ?? []).map((id) => this.get(f.comodel, id)).filter(Boolean);
    let recs = [...this.table(f.comodel).values()].filter((r) => r[f.inverse] === rec.id);
    if (this.fieldsOf(f.comodel).active && ctx.active_test !== false) recs = recs.filter((r) => r.active);
    return this.sortRecords(f.comodel, recs, null);
  }

  displayName(model, rec) {
    const def = this.def(model);
    if (def.displayName) return def.displayName(this, rec);
    if (def.fields.name) return this.value(model, rec, 'name') || '';
    return `${model},${rec.id}`;
  }

  /** ids plus descendants ('down') or ancestors ('up') through parent_id. */
  hierarchy(model, ids, direction) {
    const out = new Set(ids);
    const parent = this.def(model).parentName ?? 'parent_id'; // _parent_name
    if (!this.fieldsOf(model)[parent]) return out;
    const all = [...this.table(model).values()];
    for (let grew = true; grew;) {
      grew = false;
      for (const r of all) {
        const hit = direction === 'down' ? out.has(r[parent]) && !out.has(r.id) : out.has(r.id) && r[parent] && !out.has(r[parent]);
        if (hit) { out.add(direction === 'down' ? r.id : r[parent]); grew = true; }
      }
    }
    return out;
  }

  // --- error templates -------------------------------------------------------
  requiredError(model, f) {
    const label = this.def(model).label;
    // `notNull` mirrors psycopg2's e.diag (table, column): load() reports it like Odoo's
    // convert_pgerror_not_null instead of the RPC message.
    return Object.assign(ValidationError(this.version === '19.0'
      ? `The operation cannot be completed: Missing required value for the field '${f.string}' (${f.name}).\n`
        + `Model: '${label}' (${model})\n- create/update: a mandatory field is not set\n`
        + '- delete: another model requires the record being deleted, you can archive it instead\n'
      : 'The operation cannot be completed:\n- Create/update: a mandatory field is not set.\n'
        + '- Delete: another model requires the record being deleted. If possible, archive it instead.\n\n'
        + `Model: ${label} (${model})\nField: ${f.string} (${f.name})\n`), { notNull: { model, field: f.name } });
  }

  /** FOREIGN KEY violation raised on the table `model` for column `f`. */
  fkError(model, f) {
    const label = this.def(model).label;
    return ValidationError(this.version === '19.0'
      ? 'The operation cannot be completed: Another model is using the record you are trying to delete.\n\n'
        + `The troublemaker is: '${label}' (${model})\nThanks to the following constraint: '${f.string}' (${f.name})\n`
        + 'How about archiving the record instead?'
      : 'The operation cannot be completed: another model requires the record being deleted. '
        + `If possible, archive it instead.\n\nModel: ${label} (${model})\nConstraint: ${model.replace(/\./g, '_')}_${f.name}_fkey\n`);
  }

  /** A named SQL constraint with a declared message. */
  constraintError(message) {
    return ValidationError(`The operation cannot be completed: ${message}`);
  }

  checkFieldNames(model, names) {
    const fields = this.fieldsOf(model);
    for (const n of names) {
      if (!Object.hasOwn(fields, n)) throw PyValueError(`Invalid field ${pyRepr(n)} on model ${pyRepr(model)}`);
    }
  }

  /** NOT NULL and FOREIGN KEY checks of a row about to be stored. */
  checkRow(model, row) {
    for (const [fname, f] of Object.entries(this.fieldsOf(model))) {
      if (!isStored(f) || X2MANY.has(f.type) || f.auto) continue;
      const required = typeof f.required === 'function' ? f.required(row) : f.required;
      if (required && isNull(row[fname])) throw this.requiredError(model, f);
      if (f.type === 'many2one' && row[fname] && !this.get(f.comodel, row[fname])) throw this.fkError(model, f);
    }
  }

  // --- conversion (Field.convert_to_cache) -------------------------------------
  convert(model, f, v) {
    const wrong = (val) => PyValueError(`Wrong value for ${model}.${f.name}: ${pyRepr(val)}`);
    switch (f.type) {
      case 'char': case 'text': case 'html':
        return isNull(v) ? false : typeof v === 'string' ? v : pyStr(v);
      case 'boolean':
        return Array.isArray(v) ? v.length > 0 : isPlainObject(v) ? Object.keys(v).length > 0 : Boolean(v);
      case 'integer': {
        if (isNull(v)) return 0;
        if (typeof v === 'boolean') return Number(v);
        const n = typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v) ? Number(v) : typeof v === 'number' ? Math.trunc(v) : NaN;
        if (Number.isNaN(n)) throw PyValueError(`invalid literal for int() with base 10: ${pyRepr(v)}`);
        return n;
      }
      case 'float': {
        if (isNull(v)) return 0;
        const n = typeof v === 'boolean' ? Number(v) : typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
        if (Number.isNaN(n)) throw PyValueError(`could not convert string to float: ${pyRepr(v)}`);
        return n;
      }
      case 'selection':
        if (!v) return false;
        if (!f.selection.some(([key]) => key === v)) throw wrong(v);
        return v;
      case 'date': {
        // fields.Date.to_date: value[:10] parsed with '%Y-%m-%d'
        if (!v) return false;
        if (typeof v !== 'string') throw PyTypeError(`'${pyTypeName(v)}' object is not subscriptable`);
        const s = v.slice(0, 10);
        if (!/^\d{4}-\d{2}-\d{2}$/.test(s) || Number.isNaN(Date.parse(`${s}T00:00:00Z`))
          || new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) !== s) {
          throw PyValueError(`time data ${pyRepr(s)} does not match format '%Y-%m-%d'`);
        }
        return s;
      }
      case 'datetime': {
        // fields.Datetime.to_datetime: a date is padded, else value[:19] parsed with
        // '%Y-%m-%d %H:%M:%S' -- so ISO 8601 "2026-01-31T10:00:00Z" is REJECTED.
        if (!v) return false;
        if (typeof v !== 'string') throw PyTypeError(`'${pyTypeName(v)}' object is not subscriptable`);
        const s = v.length === 10 ? `${v} 00:00:00` : v.slice(0, 19);
        const ok = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(s)
          && new Date(`${s.replace(' ', 'T')}Z`).toISOString().slice(0, 19) === s.replace(' ', 'T');
        if (!ok) throw PyValueError(`time data ${pyRepr(s)} does not match format '%Y-%m-%d %H:%M:%S'`);
        return s;
      }
      case 'many2one':
        // Many2one.convert_to_cache accepts an int id (not [id, name] lists).
        if (isNull(v) || v === 0) return false;
        if (typeof v === 'number' && Number.isInteger(v)) return v;
        throw wrong(v);
      default:
        return v;
    }
  }

  // --- CRUD --------------------------------------------------------------------
  create(model, valsList, ctx = {}) {
    const def = this.def(model);
    const hooks = this.hooks(model);
    const ids = [];
    for (const input of valsList) {
      if (!isPlainObject(input)) throw PyAttributeError(`'${pyTypeName(input)}' object has no attribute 'items'`);
      this.checkFieldNames(model, Object.keys(input));
      // A create that Odoo turns into a write on an existing record (stock.quant in inventory mode).
      const existing = hooks.redirectCreate?.(this, input, ctx);
      if (existing) { ids.push(existing); continue; }
      const vals = { ...input };
      for (const [fname, f] of Object.entries(def.fields)) {
        if (fname in vals || !isStored(f) || f.auto) continue;
        if (ctx[`default_${fname}`] !== undefined) vals[fname] = ctx[`default_${fname}`];
        else if (f.default !== undefined) vals[fname] = typeof f.default === 'function' ? f.default(this, vals, ctx) : f.default;
      }
      hooks.prepareCreate?.(this, vals, ctx);
      if (def.inherits) this.delegateCreate(model, vals, ctx);

      const rec = { id: 0 };
      const x2m = [];
      for (const [fname, f] of Object.entries(def.fields)) {
        if (f.compute || f.inherited || f.auto) continue;
        if (X2MANY.has(f.type)) {
          if (f.type === 'many2many') rec[fname] = [];
          if (fname in vals) x2m.push([f, vals[fname]]);
        } else {
          rec[fname] = fname in vals ? this.convert(model, f, vals[fname]) : emptyValue(f);
        }
      }
      this.checkRow(model, rec);
      hooks.constrain?.(this, rec);
      rec.id = this.state.nextIds[model]++;
      rec.create_date = now();
      rec.write_date = rec.create_date;
      const tracked = journaled(rec, this.journal);
      this.table(model).set(rec.id, tracked);
      for (const [f, v] of x2m) this.applyX2many(model, tracked, f, v, ctx);
      hooks.afterCreate?.(this, tracked, ctx);
      ids.push(rec.id);
    }
    const rules = createRules(this, model);
    if (rules.length) processRules(this, model, rules, ids.map((id) => this.get(model, id)).filter(Boolean));
    return ids;
  }

  /** `_inherits`: fields of the parent are written on (or create) the parent row. */
  delegateCreate(model, vals, ctx) {
    const { model: pm, field: link } = this.def(model).inherits;
    const parentVals = {};
    for (const k of Object.keys(vals)) {
      if (this.fieldsOf(model)[k].inherited) { parentVals[k] = vals[k]; delete vals[k]; }
    }
    if (!vals[link]) vals[link] = this.create(pm, [parentVals], { ...ctx, emulator_from_inherits: true })[0];
    else if (Object.keys(parentVals).length && this.get(pm, vals[link])) this.write(pm, [vals[link]], parentVals, ctx);
  }

  /** Existing records for `ids`, MissingError if any is gone (write/action paths). */
  browseExisting(model, ids) {
    const missing = ids.filter((id) => !this.get(model, id));
    if (missing.length) {
      throw MissingError(`Record does not exist or has been deleted.\n(Record: ${model}${pyTuple(missing)}, User: ${this.uid})`);
    }
    return [...new Set(ids)].map((id) => this.get(model, id));
  }

  write(model, ids, vals, ctx = {}) {
    if (!isPlainObject(vals)) throw PyAttributeError(`'${pyTypeName(vals)}' object has no attribute 'items'`);
    this.checkFieldNames(model, Object.keys(vals));
    const def = this.def(model);
    const hooks = this.hooks(model);
    const recs = this.browseExisting(model, ids);
    if (!recs.length) return true;
    hooks.beforeWrite?.(this, recs, vals, ctx);
    // base.automation write(): rules' pre-domains and the written fields' old values, before.
    const rules = writeRules(this, model);
    const pre = rules.length ? preFilter(this, model, rules, recs) : null;
    const oldValues = rules.length
      ? new Map(recs.map((r) => [r.id, Object.fromEntries(Object.keys(vals).map((n) => [n, structuredClone(this.value(model, r, n))]))]))
      : null;
    if (def.inherits) {
      const { model: pm, field: link } = def.inherits;
      const parentVals = Object.fromEntries(Object.entries(vals).filter(([k]) => def.fields[k].inherited));
      if (Object.keys(parentVals).length) this.write(pm, [...new Set(recs.map((r) => r[link]))], parentVals, ctx);
    }
    const converted = {};
    const x2m = [];
    for (const [fname, raw] of Object.entries(vals)) {
      const f = def.fields[fname];
      if (f.inherited || f.compute || f.auto) continue; // readonly computed: silently ignored
      if (X2MANY.has(f.type)) x2m.push([f, raw]);
      else converted[fname] = this.convert(model, f, raw);
    }
    for (const rec of recs) {
      const row = { ...rec, ...converted };
      this.checkRow(model, row);
      hooks.constrain?.(this, row);
      Object.assign(rec, converted, { write_date: now() });
    }
    for (const rec of recs) for (const [f, raw] of x2m) this.applyX2many(model, rec, f, raw, ctx);
    hooks.afterWrite?.(this, recs, vals, ctx);
    if (rules.length) processRules(this, model, rules, recs.filter((r) => this.get(model, r.id)), { pre, oldValues });
    return true;
  }

  unlink(model, ids, ctx = {}) {
    const recs = [...new Set(ids)].map((id) => this.get(model, id)).filter(Boolean);
    if (!recs.length) return true;
    this.hooks(model).beforeUnlink?.(this, recs, ctx);
    const rules = unlinkRules(this, model); // on_unlink runs before the records are deleted
    if (rules.length) processRules(this, model, rules, recs);
    const gone = new Set(recs.map((r) => r.id));
    for (const [m2, d2] of Object.entries(this.models)) {
      for (const f of Object.values(d2.fields)) {
        if (f.comodel !== model || !isStored(f)) continue;
        if (f.type === 'many2many') {
          for (const r of this.table(m2).values()) r[f.name] = r[f.name].filter((id) => !gone.has(id));
          continue;
        }
        const refs = [...this.table(m2).values()].filter((r) => gone.has(r[f.name]) && !(m2 === model && gone.has(r.id)));
        if (!refs.length) continue;
        if (f.ondelete === 'cascade') this.unlink(m2, refs.map((r) => r.id), ctx);
        else if (f.ondelete === 'restrict') throw this.fkError(m2, f);
        else for (const r of refs) r[f.name] = false;
      }
    }
    // BaseModel.unlink also deletes the ir.model.data rows of deleted records.
    for (const [id, r] of this.table('ir.model.data')) {
      if (r.model === model && gone.has(r.res_id)) this.table('ir.model.data').delete(id);
    }
    for (const id of gone) this.table(model).delete(id);
    this.hooks(model).afterUnlink?.(this, recs, ctx);
    return true;
  }

  /** x2many Command tuples: see commands.mjs. */
  applyX2many(model, rec, f, value, ctx) {
    applyCommands(this, model, rec, f, value, ctx);
  }

  // --- read / search -------------------------------------------------------------
  format(model, rec, fname, load) {
    const f = this.fieldsOf(model)[fname];
    const v = this.value(model, rec, fname);
    switch (f.type) {
      case 'many2one': {
        const t = v && this.get(f.comodel, v);
        if (!t) return false;
        return load === '_classic_read' ? [v, this.displayName(f.comodel, t)] : v;
      }
      case 'one2many': case 'many2many': return [...v];
      case 'integer': case 'float': return v || 0;
      case 'boolean': return Boolean(v);
      default: return v ?? false;
    }
  }

  read(model, ids, fields, load = '_classic_read', ctx = {}) {
    let names = fields;
    if (isNull(names) || (Array.isArray(names) && names.length === 0)) names = Object.keys(this.fieldsOf(model));
    if (typeof names === 'string') names = [...names]; // Python iterates the characters
    if (!Array.isArray(names)) throw PyTypeError(`'${pyTypeName(names)}' object is not iterable`);
    this.checkFieldNames(model, names);
    return this.withContext(ctx, () => ids.map((id) => this.get(model, id)).filter(Boolean).map((rec) => {
      const out = { id: rec.id };
      for (const n of names) if (n !== 'id') out[n] = this.format(model, rec, n, load);
      return out;
    }));
  }

  parseOrder(model, order) {
    const spec = isNull(order) || order === '' ? this.def(model).order ?? 'id' : order;
    const invalid = () => PyValueError(`Invalid "order" specified (${pyStr(spec)}). A valid "order" specification is a `
      + 'comma-separated list of valid field names (optionally followed by asc/desc for the direction)');
    if (typeof spec !== 'string') throw invalid();
    return spec.split(',').map((part) => {
      const m = /^\s*([a-z0-9_]+)(?:\s+(asc|desc))?(?:\s+nulls\s+(first|last))?\s*$/i.exec(part);
      if (!m || !this.fieldsOf(model)[m[1]]) throw invalid();
      return { fname: m[1], desc: m[2]?.toLowerCase() === 'desc', nulls: m[3]?.toLowerCase() };
    });
  }

  sortRecords(model, recs, order) {
    const spec = this.parseOrder(model, order);
    const key = (rec, fname) => {
      const f = this.fieldsOf(model)[fname];
      const v = this.value(model, rec, fname);
      if (f.type === 'many2one') { const t = v && this.get(f.comodel, v); return t ? this.displayName(f.comodel, t) : false; }
      if (f.type === 'boolean') return v ? 1 : 0;
      if (X2MANY.has(f.type)) return 0;
      return v;
    };
    return recs.sort((a, b) => {
      for (const s of spec) {
        const x = key(a, s.fname);
        const y = key(b, s.fname);
        const nullsFirst = s.nulls ? s.nulls === 'first' : s.desc; // PostgreSQL defaults
        if (isNull(x) && isNull(y)) continue;
        if (isNull(x)) return nullsFirst ? -1 : 1;
        if (isNull(y)) return nullsFirst ? 1 : -1;
        const c = compareScalar(x, y);
        if (c) return s.desc ? -c : c;
      }
      return a.id - b.id;
    });
  }

  searchRecords(model, domain, { offset = 0, limit = null, order = null, ctx = {} } = {}) {
    const pred = compileDomain(this, model, withActiveTest(this, model, normalizeBlacklistDomain(model, domain), ctx), ctx);
    // sortRecords parses (validates) the order even when nothing matches.
    let recs = this.withContext(ctx, () => this.sortRecords(model, [...this.table(model).values()].filter(pred), order));
    recs = recs.slice(Number(offset) || 0);
    if (limit) recs = recs.slice(0, Number(limit));
    return recs;
  }

  search(model, domain, opts = {}) {
    return this.searchRecords(model, domain, opts).map((r) => r.id);
  }

  nameSearch(model, name, domain, operator, limit, ctx) {
    let dom = Array.isArray(domain) ? [...domain] : [];
    if (name || !['ilike', 'like', '=like', '=ilike'].includes(operator)) {
      const def = this.def(model);
      const fields = def.recNamesSearch ?? [def.fields.name ? 'name' : 'display_name'];
      const joiner = operator.startsWith('not') || operator === '!=' ? '&' : '|';
      dom = [...Array(fields.length - 1).fill(joiner), ...fields.map((f) => [f, operator, name]), ...dom];
    }
    return this.searchRecords(model, dom, { limit, ctx }).map((r) => [r.id, this.displayName(model, r)]);
  }

  fieldsGet(model, allfields, attributes) {
    const out = {};
    for (const [fname, f] of Object.entries(this.fieldsOf(model))) {
      if (Array.isArray(allfields) && allfields.length && !allfields.includes(fname)) continue;
      const d = {
        type: f.type, string: f.string, required: f.required === true,
        readonly: Boolean(f.readonly || f.compute), store: !f.compute || Boolean(f.storedCompute), searchable: true,
        sortable: !f.compute && !X2MANY.has(f.type),
      };
      if (f.comodel) d.relation = f.comodel;
      if (f.inverse) d.relation_field = f.inverse;
      if (f.selection) d.selection = f.selection;
      out[fname] = Array.isArray(attributes) && attributes.length
        ? Object.fromEntries(Object.entries(d).filter(([k]) => attributes.includes(k))) : d;
    }
    return out;
  }
}

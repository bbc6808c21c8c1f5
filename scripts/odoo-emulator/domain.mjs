// Domain evaluation for the Odoo external-API EMULATOR (not Odoo).
//
// Mirrors odoo/orm/domains.py (19.0) / odoo/osv/expression.py (17/18) semantics
// on in-memory records:
// - prefix (Polish) notation with '&', '|', '!'; consecutive terms are ANDed;
// - leaves [path, operator, value]; operators are lower-cased and '<>' is '!=';
// - dotted paths go through relational fields with "any" semantics (a record
//   whose many2one is empty never matches, whatever the operator);
// - SQL NULL semantics: '!=', 'not in', 'not like'... also match empty values,
//   while '<', '>'... never do; like/ilike wrap the value in %...%, =like and
//   =ilike use it as the pattern; ilike is case- and accent-insensitive;
// - TRUE_LEAF (1, '=', 1) and FALSE_LEAF (0, '=', 1).

import { PyValueError, pyRepr, pyTuple } from './errors.mjs';

const OPERATORS = new Set(['=', '!=', '<=', '<', '>', '>=', '=?', '=like', '=ilike', 'like', 'not like',
  'ilike', 'not ilike', 'not =like', 'not =ilike', 'in', 'not in', 'child_of', 'parent_of', 'any', 'not any']);
const NEGATIVE = new Set(['!=', 'not in', 'not like', 'not ilike', 'not =like', 'not =ilike']);

const isEmpty = (v) => v === false || v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
const fold = (s) => String(s).normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

/** SQL LIKE pattern -> RegExp ('%' any run, '_' one char, '\' escapes). */
function likeRegex(pattern, insensitive) {
  let src = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\' && i + 1 < pattern.length) src += pattern[++i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (ch === '%') src += '[\\s\\S]*';
    else if (ch === '_') src += '[\\s\\S]';
    else src += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${src}$`, insensitive ? 'i' : '');
}

function compareScalar(a, b) {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/** Evaluate one operator on a non-relational (or many2one-id) value. */
function matchValue(field, v, op, value) {
  const bool = field.type === 'boolean';
  const eq = (x, y) => (bool ? Boolean(x) === Boolean(y) : x === y || (typeof x === 'number' && Number(y) === x));
  const empty = bool ? !v : isEmpty(v);
  switch (op) {
    case '=':
      return value === false || value === null ? empty : !empty && eq(v, value);
    case '!=':
      return value === false || value === null ? !empty : empty || !eq(v, value);
    case 'in': case 'not in': {
      const list = Array.isArray(value) ? value : [value];
      const hit = list.some((x) => (x === false || x === null ? empty : !empty && eq(v, x)));
      return op === 'in' ? hit : !hit;
    }
    case '<': case '>': case '<=': case '>=': {
      if (empty || value === false || value === null) return false;
      const c = compareScalar(v, value);
      return op === '<' ? c < 0 : op === '>' ? c > 0 : op === '<=' ? c <= 0 : c >= 0;
    }
    default: { // like family
      const negative = op.startsWith('not ');
      const base = negative ? op.slice(4) : op;
      if (empty) return negative;
      const raw = value === false || value === null ? '' : String(value);
      const pattern = base === 'like' || base === 'ilike' ? `%${raw}%` : raw;
      const insensitive = base.includes('ilike');
      const hit = insensitive
        ? likeRegex(fold(pattern), true).test(fold(v))
        : likeRegex(pattern, false).test(String(v));
      return negative ? !hit : hit;
    }
  }
}

/**
 * Compile `domain` on `model` into a predicate over raw records.
 * @param {import('./orm.mjs').Database} db
 */
export function compileDomain(db, model, domain, ctx = {}) {
  if (domain === null || domain === undefined || domain === false) domain = [];
  if (!Array.isArray(domain)) throw PyValueError(`Invalid domain: ${pyRepr(domain)}`);
  const v19 = db.version === '19.0';
  let pos = 0;

  const parseTerm = () => {
    if (pos >= domain.length) throw PyValueError(`Domain ${pyRepr(domain)} syntax error: missing argument`);
    const item = domain[pos++];
    if (item === '&' || item === '|') {
      const a = parseTerm();
      const b = parseTerm();
      return item === '&' ? (r) => a(r) && b(r) : (r) => a(r) || b(r);
    }
    if (item === '!') {
      const a = parseTerm();
      return (r) => !a(r);
    }
    return compileLeaf(item);
  };

  const compileLeaf = (leaf) => {
    if (!Array.isArray(leaf) || leaf.length !== 3) {
      throw PyValueError(v19 ? `Domain() invalid item in domain: ${pyRepr(leaf)}` : `Invalid leaf ${pyRepr(leaf)}`);
    }
    const [path, rawOp, value] = leaf;
    if (typeof path === 'number') return () => path === 1; // TRUE_LEAF / FALSE_LEAF
    if (typeof rawOp !== 'string' || !OPERATORS.has(rawOp.toLowerCase().replace('<>', '!='))) {
      throw PyValueError(`Invalid operator ${pyRepr(rawOp)} in domain term ${pyTuple(leaf)}`);
    }
    const op = rawOp.toLowerCase().replace('<>', '!=');
    if (typeof path !== 'string') throw PyValueError(`Invalid field ${pyRepr(path)} in domain term ${pyTuple(leaf)}`);
    // Resolve the path now so an unknown field fails even when no record exists.
    const parts = path.split('.');
    let m = model;
    const steps = parts.map((fname, i) => {
      const f = db.fieldsOf(m)[fname];
      if (!f) {
        throw PyValueError(v19
          ? `Invalid field ${m}.${fname} in condition ${pyTuple(leaf)}`
          : `Invalid field ${pyRepr(fname)} on model ${pyRepr(m)}`);
      }
      const relational = ['many2one', 'one2many', 'many2many'].includes(f.type);
      if (i < parts.length - 1 && !relational) {
        throw PyValueError(v19
          ? `Invalid field ${m}.${parts[i + 1]} in condition ${pyTuple(leaf)}`
          : `Invalid field ${pyRepr(parts[i + 1])} on model ${pyRepr(m)}`);
      }
      const step = { model: m, fname, field: f };
      if (relational) m = f.comodel;
      return step;
    });
    if (op === '=?' && (value === false || value === null)) return () => true;
    const effOp = op === '=?' ? '=' : op;
    const sub = (op === 'any' || op === 'not any') ? compileDomain(db, steps.at(-1).field.comodel, value, ctx) : null;
    return (rec) => evalPath(rec, steps, 0, effOp, value, sub);
  };

  // Related records of `rec` through one relational step. many2one subqueries
  // ignore active_test; x2many ones honour it (expression.py comodel searches).
  const related = (rec, step) => {
    if (step.field.type === 'many2one') {
      const id = db.value(step.model, rec, step.fname);
      const target = id && db.get(step.field.comodel, id);
      return target ? [target] : [];
    }
    return db.linked(step.model, rec, step.fname, ctx);
  };

  const evalPath = (rec, steps, i, op, value, sub) => {
    const step = steps[i];
    const f = step.field;
    if (i < steps.length - 1) return related(rec, step).some((t) => evalPath(t, steps, i + 1, op, value, sub));
    if (sub) {
      const hit = related(rec, step).some(sub);
      return op === 'any' ? hit : !hit;
    }
    if (op === 'child_of' || op === 'parent_of') {
      const ids = (Array.isArray(value) ? value : [value]).filter((x) => typeof x === 'number');
      const target = f.type === 'many2one' ? db.value(step.model, rec, step.fname) : rec.id;
      const comodel = f.type === 'many2one' ? f.comodel : step.model;
      return db.hierarchy(comodel, ids, op === 'child_of' ? 'down' : 'up').has(target);
    }
    if (f.type === 'one2many' || f.type === 'many2many') {
      const ids = db.value(step.model, rec, step.fname);
      if (value === false || value === null) return op === '=' || op === 'in' ? ids.length === 0 : ids.length > 0;
      const recs = related(rec, step);
      const named = typeof value === 'string' || (Array.isArray(value) && value.some((x) => typeof x === 'string'));
      const positive = NEGATIVE.has(op) ? op.replace('not ', '').replace('!=', '=') : op;
      const hit = recs.some((t) => (named
        ? matchValue({ type: 'char' }, db.displayName(f.comodel, t), positive, value)
        : matchValue({ type: 'integer' }, t.id, positive === '=' ? 'in' : positive, value)));
      return NEGATIVE.has(op) ? !hit : hit;
    }
    let v = db.value(step.model, rec, step.fname);
    // many2one compared with a string: match on the target's display name.
    if (f.type === 'many2one' && (typeof value === 'string'
      || (Array.isArray(value) && value.some((x) => typeof x === 'string')))) {
      const target = v && db.get(f.comodel, v);
      v = target ? db.displayName(f.comodel, target) : false;
      return matchValue({ type: 'char' }, v, op, value);
    }
    return matchValue(f, v, op, value);
  };

  const terms = [];
  while (pos < domain.length) terms.push(parseTerm());
  return (rec) => terms.every((t) => t(rec));
}

/** odoo `_where_calc` active_test: prepend ('active', '=', True) unless the
 *  domain already mentions 'active' or the context has active_test=False. */
export function withActiveTest(db, model, domain, ctx = {}) {
  if (domain !== null && domain !== undefined && domain !== false && !Array.isArray(domain)) return domain;
  const list = domain || [];
  if (!db.fieldsOf(model).active || ctx.active_test === false) return list;
  if (list.some((item) => Array.isArray(item) && item[0] === 'active')) return list;
  return [['active', '=', true], ...list];
}

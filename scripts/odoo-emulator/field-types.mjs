// Field constructors of the emulated models, shared by models.mjs, stock.mjs and automation.mjs:
// `{type, string, ...options}` as the ORM (orm.mjs) reads them.
export const field = (type, string, opts = {}) => ({ type, string, ...opts });
export const char = (s, o) => field('char', s, o);
export const text = (s, o) => field('text', s, o);
export const html = (s, o) => field('html', s, o);
export const integer = (s, o) => field('integer', s, o);
export const float = (s, o) => field('float', s, o);
export const boolean = (s, o) => field('boolean', s, o);
export const date = (s, o) => field('date', s, o);
export const datetime = (s, o) => field('datetime', s, o);
export const selection = (s, values, o) => field('selection', s, { selection: values, ...o });
// Many2one.ondelete defaults to 'set null', or 'restrict' when required (odoo/fields.py).
export const many2one = (comodel, s, o = {}) =>
  field('many2one', s, { comodel, ondelete: o.ondelete ?? (o.required ? 'restrict' : 'set null'), ...o });
export const one2many = (comodel, inverse, s, o) => field('one2many', s, { comodel, inverse, ...o });
export const many2many = (comodel, s, o) => field('many2many', s, { comodel, ...o });
export const computed = (type, s, compute, o) => field(type, s, { compute, readonly: true, ...o });

// How the EMULATOR's business methods (business.mjs, accounting.mjs) read their records and the
// caller's context, and answer window actions, the way Odoo's do.

import { PyValueError } from './errors.mjs';

export const recordsOf = (db, model, ids) => db.browseExisting(model, ids);

/** BaseModel.ensure_one */
export function ensureOne(db, model, ids) {
  const recs = recordsOf(db, model, ids);
  if (recs.length !== 1) throw PyValueError(`Expected singleton: ${model}(${recs.map((r) => r.id).join(', ')})`);
  return recs[0];
}

export const activeIds = (ctx) => (Array.isArray(ctx.active_ids) ? ctx.active_ids
  : Number.isInteger(ctx.active_ids) ? [ctx.active_ids] : []);

/** Ids an x2many value given in create vals points to ([6, 0, ids], [4, id], [5]). */
export function commandIds(value) {
  let ids = [];
  for (const cmd of Array.isArray(value) ? value : []) {
    if (!Array.isArray(cmd)) continue;
    if (cmd[0] === 6 && Array.isArray(cmd[2])) ids = [...cmd[2]];
    else if (cmd[0] === 4 && Number.isInteger(cmd[1])) ids.push(cmd[1]);
    else if (cmd[0] === 5) ids = [];
  }
  return ids;
}

/** Records a business method creates must not pick up the caller's `default_*` keys, which were
 *  meant for the wizard (e.g. default_move_type would turn a payment's move into an invoice). */
export const withoutDefaults = (ctx) => Object.fromEntries(Object.entries(ctx).filter(([k]) => !k.startsWith('default_')));

/** Odoo 17 names list views "tree"; 18.0 renamed them "list" (act_window view_mode). */
export const listView = (db) => (db.pre18 ? 'tree' : 'list');

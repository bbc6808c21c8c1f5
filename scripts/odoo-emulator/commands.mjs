// x2many Command tuples of the Odoo external-API EMULATOR (not Odoo).
// Over RPC they are literal 3-element arrays (odoo/orm/commands.py `Command`,
// applied like odoo/fields.py _RelationalMulti.write_real):
//   [0, 0, vals] CREATE   [1, id, vals] UPDATE   [2, id, 0] DELETE   [3, id, 0] UNLINK
//   [4, id, 0] LINK       [5, 0, 0] CLEAR         [6, 0, ids] SET
// UNLINK on a one2many deletes the line when the inverse many2one is
// ondelete='cascade', else clears the inverse. Anything that is not a list of
// commands raises ValueError "Wrong value for <model>.<field>: <value>".

import { PyValueError, isPlainObject, pyStr } from './errors.mjs';

const isNull = (v) => v === false || v === null || v === undefined;

/** @param {import('./orm.mjs').Database} db */
export function applyCommands(db, model, rec, f, value, ctx) {
  const wrong = () => PyValueError(`Wrong value for ${model}.${f.name}: ${pyStr(value)}`);
  const commands = isNull(value) ? [[5, 0, 0]] : value;
  if (!Array.isArray(commands)) throw wrong();
  const o2m = f.type === 'one2many';
  const inverseField = o2m ? db.fieldsOf(f.comodel)[f.inverse] : null;
  const detach = (id) => { // Command.UNLINK on a one2many
    const t = db.get(f.comodel, id);
    if (!t || t[f.inverse] !== rec.id) return;
    if (inverseField.ondelete === 'cascade') db.unlink(f.comodel, [id], ctx);
    else db.write(f.comodel, [id], { [f.inverse]: false }, ctx);
  };
  const mustExist = (id) => { if (!db.get(f.comodel, id)) throw db.fkError(model, f); };
  for (const cmd of commands) {
    if (!Array.isArray(cmd) || !Number.isInteger(cmd[0]) || cmd[0] < 0 || cmd[0] > 6) throw wrong();
    const [op, id, arg] = cmd;
    switch (op) {
      case 0: { // CREATE
        if (!isPlainObject(arg)) throw wrong();
        const [cid] = db.create(f.comodel, [o2m ? { ...arg, [f.inverse]: rec.id } : arg], ctx);
        if (!o2m) rec[f.name] = [...new Set([...rec[f.name], cid])];
        break;
      }
      case 1: // UPDATE
        db.write(f.comodel, [id], isPlainObject(arg) ? arg : {}, ctx);
        break;
      case 2: // DELETE
        db.unlink(f.comodel, [id], ctx);
        break;
      case 3: // UNLINK
        if (o2m) detach(id);
        else rec[f.name] = rec[f.name].filter((x) => x !== id);
        break;
      case 4: // LINK
        if (o2m) db.write(f.comodel, [id], { [f.inverse]: rec.id }, ctx);
        else { mustExist(id); rec[f.name] = [...new Set([...rec[f.name], id])]; }
        break;
      case 5: // CLEAR
        if (o2m) for (const t of db.linked(model, rec, f.name, { active_test: false })) detach(t.id);
        else rec[f.name] = [];
        break;
      case 6: { // SET
        if (!Array.isArray(arg)) throw wrong();
        if (o2m) {
          for (const t of db.linked(model, rec, f.name, { active_test: false })) if (!arg.includes(t.id)) detach(t.id);
          for (const x of arg) db.write(f.comodel, [x], { [f.inverse]: rec.id }, ctx);
        } else {
          arg.forEach(mustExist);
          rec[f.name] = [...new Set(arg)];
        }
        break;
      }
      default: throw wrong();
    }
  }
}

// Business rules of the Odoo external-API EMULATOR (not Odoo): ORM hooks
// (sequences, defaults taken from the product, SQL constraints, unlink guards)
// and the public business methods reachable over RPC. Messages are Odoo's
// where known (addons/sale/models/sale_order.py, sale_order_line.py,
// addons/account/models/account_move.py, odoo/addons/base/models/ir_model.py).

import { UserError, PyValueError } from './errors.mjs';
import { today, now } from './models.mjs';

const productOf = (db, vals) => (Number.isInteger(vals.product_id) ? db.get('product.product', vals.product_id) : undefined);

/** Defaults a line takes from its product (name, price, unit), like the
 *  compute methods of sale.order.line / account.move.line do. */
function productDefaults(db, vals, uomField, nameWithDescription) {
  const product = productOf(db, vals);
  if (!product) return;
  const pp = 'product.product';
  if (!vals.name) {
    const desc = db.value(pp, product, 'description_sale');
    vals.name = db.displayName(pp, product) + (nameWithDescription && desc ? `\n${desc}` : '');
  }
  if (!('price_unit' in vals)) vals.price_unit = db.value(pp, product, 'list_price');
  if (!(uomField in vals)) vals[uomField] = db.value(pp, product, 'uom_id');
}

const JOURNAL_BY_TYPE = { out_invoice: 'sale', out_refund: 'sale', out_receipt: 'sale',
  in_invoice: 'purchase', in_refund: 'purchase', in_receipt: 'purchase', entry: 'general' };

export const HOOKS = {
  'product.template': {
    // Creating a template creates its (single) variant.
    afterCreate(db, rec, ctx) {
      if (!ctx.emulator_from_inherits) db.create('product.product', [{ product_tmpl_id: rec.id }], ctx);
    },
    afterWrite(db, recs, vals) {
      if (!('active' in vals)) return;
      for (const t of recs) for (const p of db.table('product.product').values()) if (p.product_tmpl_id === t.id) p.active = t.active;
    },
  },
  'product.product': {
    // Deleting the last variant deletes its template.
    afterUnlink(db, recs, ctx) {
      const orphans = [...new Set(recs.map((r) => r.product_tmpl_id))]
        .filter((tid) => ![...db.table('product.product').values()].some((p) => p.product_tmpl_id === tid));
      db.unlink('product.template', orphans, ctx);
    },
  },
  'sale.order': {
    prepareCreate(db, vals) {
      if (!vals.name || vals.name === 'New') vals.name = `S${String(db.nextSequence('sale.order')).padStart(5, '0')}`;
      if (Number.isInteger(vals.partner_id)) {
        vals.partner_invoice_id ??= vals.partner_id;
        vals.partner_shipping_id ??= vals.partner_id;
      }
    },
    // sale.order._unlink_except_draft_or_cancel
    beforeUnlink(db, recs) {
      if (recs.some((o) => !['draft', 'cancel'].includes(o.state))) {
        throw UserError('You can not delete a sent quotation or a confirmed sales order. You must first cancel it.');
      }
    },
  },
  'sale.order.line': {
    prepareCreate(db, vals) {
      if (vals.display_type) { // _compute_product_uom_qty: 0 on section/note lines
        vals.product_uom_qty = 0;
        return;
      }
      productDefaults(db, vals, db.uomField, true);
    },
    // _sql_constraints accountable_required_fields / non_accountable_null_fields
    constrain(db, row) {
      if (!row.display_type && !row.product_id) {
        throw db.constraintError('Missing required fields on accountable sale order line.');
      }
      if (row.display_type && (row.product_id || row.price_unit)) {
        throw db.constraintError('Forbidden values on non-accountable sale order line');
      }
    },
    // sale.order.line._unlink_except_confirmed
    beforeUnlink(db, recs) {
      if (recs.some((l) => !l.display_type && db.get('sale.order', l.order_id)?.state === 'sale')) {
        throw UserError("Once a sales order is confirmed, you can't remove one of its lines (we need to track if "
          + 'something gets invoiced or delivered).\nSet the quantity to 0 instead.');
      }
    },
  },
  'account.move': {
    prepareCreate(db, vals) {
      if (!vals.journal_id) {
        const type = JOURNAL_BY_TYPE[vals.move_type] ?? 'general';
        vals.journal_id = [...db.table('account.journal').values()].find((j) => j.type === type)?.id ?? false;
      }
    },
  },
  'account.move.line': {
    prepareCreate(db, vals) {
      if (!vals.display_type || vals.display_type === 'product') productDefaults(db, vals, 'product_uom_id', false);
    },
  },
  'ir.model.data': {
    constrain(db, row) {
      if (/\s/.test(row.name || '')) throw db.constraintError('External IDs cannot contain spaces');
      const dup = [...db.table('ir.model.data').values()]
        .find((r) => r.id !== row.id && r.module === row.module && r.name === row.name);
      if (!dup) return;
      // UNIQUE INDEX ir_model_data_module_name_uniq_index (no declared message)
      const detail = `Key (module, name)=(${row.module}, ${row.name}) already exists.`;
      throw db.constraintError(db.version === '19.0'
        ? `The value for 'module, name' (Module and External Identifier) already exists.\n\nDetail: ${detail}\n`
        : `duplicate key value violates unique constraint "ir_model_data_module_name_uniq_index"\nDETAIL:  ${detail}\n`);
    },
  },
};

// --- public business methods -------------------------------------------------------
// Spec: { params: [[name], [name, default]...], varkw?, fn(db, model, ids, args, ctx) }.

const recordsOf = (db, model, ids) => db.browseExisting(model, ids);

const SALE_ORDER = {
  // sale.order.action_confirm / _confirmation_error_message (17+)
  action_confirm: {
    params: [],
    fn(db, model, ids, args, ctx) {
      const orders = recordsOf(db, model, ids);
      for (const o of orders) {
        if (!['draft', 'sent'].includes(o.state)) throw UserError('Some orders are not in a state requiring confirmation.');
        if (db.linked(model, o, 'order_line').some((l) => !l.display_type && !l.product_id)) {
          throw UserError('A line on these orders missing a product, you cannot confirm it.');
        }
      }
      db.write(model, ids, { state: 'sale', date_order: now() }, ctx);
      return true;
    },
  },
  action_quotation_sent: {
    params: [],
    fn(db, model, ids, args, ctx) {
      if (recordsOf(db, model, ids).some((o) => o.state !== 'draft')) {
        throw UserError('Only draft orders can be marked as sent directly.');
      }
      return db.write(model, ids, { state: 'sent' }, ctx);
    },
  },
  // sale.order.action_cancel: for a non-draft order, Odoo returns the
  // sale.order.cancel wizard action instead of cancelling, unless the context
  // has disable_cancel_warning (sale.order._show_cancel_wizard).
  action_cancel: {
    params: [],
    fn(db, model, ids, args, ctx) {
      const orders = recordsOf(db, model, ids);
      if (orders.some((o) => o.locked)) throw UserError('You cannot cancel a locked order. Please unlock it first.');
      if (!ctx.disable_cancel_warning && orders.some((o) => o.state !== 'draft')) {
        if (orders.length !== 1) throw PyValueError(`Expected singleton: ${model}(${orders.map((o) => o.id).join(', ')})`);
        return {
          name: 'Cancel Sales Order', view_mode: 'form', res_model: 'sale.order.cancel',
          view_id: false, type: 'ir.actions.act_window',
          context: { default_order_id: orders[0].id, mark_so_as_canceled: true }, target: 'new',
        };
      }
      return db.write(model, ids, { state: 'cancel' }, ctx);
    },
  },
  action_draft: {
    params: [],
    fn(db, model, ids, args, ctx) {
      const orders = recordsOf(db, model, ids).filter((o) => ['cancel', 'sent'].includes(o.state));
      return db.write(model, orders.map((o) => o.id), { state: 'draft' }, ctx);
    },
  },
};

const MOVE_TYPE_LABEL = { out_invoice: ['Customer', 'Customer Invoice'], out_refund: ['Customer', 'Customer Credit Note'],
  out_receipt: ['Customer', 'Sales Receipt'], in_invoice: ['Vendor', 'Vendor Bill'],
  in_refund: ['Vendor', 'Vendor Credit Note'], in_receipt: ['Vendor', 'Purchase Receipt'] };

const ACCOUNT_MOVE = {
  // account.move.action_post -> _post(soft=False); returns False.
  action_post: {
    params: [],
    fn(db, model, ids, args, ctx) {
      for (const m of recordsOf(db, model, ids)) {
        if (m.state === 'posted' || m.state === 'cancel') {
          throw UserError(`The entry ${db.displayName(model, m)} (id ${m.id}) is already posted.`);
        }
        const lines = db.linked(model, m, 'line_ids').filter((l) => !['line_section', 'line_note'].includes(l.display_type));
        if (!lines.length) throw UserError('You need to add a line before posting.');
        const label = MOVE_TYPE_LABEL[m.move_type];
        if (label && !m.partner_id) {
          throw UserError(`The field '${label[0]}' is required, please complete it to validate the ${label[1]}.`);
        }
        const vals = { state: 'posted' };
        if (label && !m.invoice_date) {
          if (label[0] === 'Vendor') throw UserError('The Bill/Refund date is required to validate this document.');
          vals.invoice_date = today();
        }
        const invoiceDate = vals.invoice_date ?? m.invoice_date;
        if (label && !m.invoice_date_due) vals.invoice_date_due = invoiceDate;
        if (!m.name || m.name === '/') {
          const journal = db.get('account.journal', m.journal_id);
          const year = (invoiceDate || m.date).slice(0, 4);
          const n = db.nextSequence(`account.move/${journal.code}/${year}`);
          vals.name = `${journal.code}/${year}/${String(n).padStart(5, '0')}`;
        }
        db.write(model, [m.id], vals, ctx);
      }
      return false;
    },
  },
  // button_draft / button_cancel return None: JSON-RPC answers without "result".
  button_draft: {
    params: [],
    fn(db, model, ids, args, ctx) {
      if (recordsOf(db, model, ids).some((m) => !['posted', 'cancel'].includes(m.state))) {
        throw UserError('Only posted/cancelled journal entries can be reset to draft.');
      }
      db.write(model, ids, { state: 'draft' }, ctx);
      return null;
    },
  },
  button_cancel: {
    params: [],
    fn(db, model, ids, args, ctx) {
      const moves = recordsOf(db, model, ids);
      if (moves.some((m) => m.state === 'cancel')) throw UserError('Only draft journal entries can be cancelled.');
      db.write(model, ids, { state: 'cancel' }, ctx);
      return null;
    },
  },
};

const CRM_LEAD = {
  action_set_won: {
    params: [],
    fn(db, model, ids, args, ctx) {
      const won = [...db.table('crm.stage').values()].find((s) => s.is_won);
      return db.write(model, ids, { active: true, stage_id: won.id, probability: 100 }, ctx);
    },
  },
  // action_set_lost(**additional_values): archive (lost is not a stage).
  action_set_lost: {
    params: [],
    varkw: true,
    fn(db, model, ids, args, ctx) {
      return db.write(model, ids, { ...args, active: false, probability: 0 }, ctx);
    },
  },
};

export const MODEL_METHODS = {
  'sale.order': SALE_ORDER,
  'account.move': ACCOUNT_MOVE,
  'crm.lead': CRM_LEAD,
};

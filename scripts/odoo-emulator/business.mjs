// Business rules of the Odoo external-API EMULATOR (not Odoo): ORM hooks
// (sequences, defaults taken from the product, SQL constraints, unlink guards)
// and the public business methods reachable over RPC. Messages are Odoo's
// where known (addons/sale/models/sale_order.py, sale_order_line.py,
// addons/sale/wizard/sale_make_invoice_advance.py, odoo/addons/base/models/ir_model.py).
// Journal entries, payments and the accounting wizards are in accounting.mjs.

import { MissingError, UserError, PyValueError } from './errors.mjs';
import { now, orderCurrency } from './models.mjs';
import { activeIds, ensureOne, listView, recordsOf, withoutDefaults } from './actions.mjs';
import { ACCOUNTING_HOOKS, ACCOUNTING_METHODS } from './accounting.mjs';
import { STOCK_HOOKS, STOCK_METHODS, cancelDeliveries, launchDelivery } from './stock.mjs';
import { AUTOMATION_HOOKS, SERVER_ACTION_HOOKS } from './automation.mjs';
import { MAIL_BLACKLIST_HOOKS, MAIL_BLACKLIST_METHODS } from './mail-blacklist.mjs';

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

export const HOOKS = {
  ...ACCOUNTING_HOOKS,
  ...STOCK_HOOKS,
  ...AUTOMATION_HOOKS,
  ...SERVER_ACTION_HOOKS,
  ...MAIL_BLACKLIST_HOOKS,
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
  // sale_make_invoice_advance.py: sale_order_ids = fields.Many2many(default=<context active_ids>).
  'sale.advance.payment.inv': {
    prepareCreate(db, vals, ctx) {
      if (!('sale_order_ids' in vals)) vals.sale_order_ids = [[6, 0, activeIds(ctx)]];
    },
  },
  'account.move.line': {
    prepareCreate(db, vals) {
      if (!vals.display_type || vals.display_type === 'product') productDefaults(db, vals, 'product_uom_id', false);
    },
  },
  // mail.activity: the document must exist (reading res_name/_check_access browses it), and the
  // model must be one of the database's.
  'mail.activity': {
    constrain(db, row) {
      const model = db.get('ir.model', row.res_model_id)?.model;
      if (!model || !db.def(model)) throw MissingError(`Record does not exist or has been deleted.\n(Record: ir.model(${row.res_model_id},), User: ${db.uid})`);
      db.browseExisting(model, [row.res_id]);
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
      // sale_stock: the delivery of the storable/consumable lines, reserved right away.
      for (const o of orders) launchDelivery(db, db.get(model, o.id));
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
      for (const o of orders) cancelDeliveries(db, o);
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

// --- sale.advance.payment.inv (addons/sale/wizard/sale_make_invoice_advance.py) ---------------
// sale.order._nothing_to_invoice_error_message (17-19)
const NOTHING_TO_INVOICE = 'Cannot create an invoice. No items are available to invoice.\n\n'
  + 'To resolve this issue, please ensure that:\n'
  + '   \u2022 The products have been delivered before attempting to invoice them.\n'
  + '   \u2022 The invoicing policy of the product is configured correctly.\n\n'
  + 'If you want to invoice based on ordered quantities instead:\n'
  + "   \u2022 For consumable or storable products, open the product, go to the 'General Information' tab and change the "
  + "'Invoicing Policy' from 'Delivered Quantities' to 'Ordered Quantities'.\n"
  + "   \u2022 For services (and other products), change the 'Invoicing Policy' to 'Prepaid/Fixed Price'.\n";

const ADVANCE_PAYMENT_INV = {
  // create_invoices -> sale.order._create_invoices (regular invoice, consolidated billing: one
  // invoice per invoice address) -> sale.order.action_view_invoice. Products are invoiced on
  // ordered quantities (the default invoicing policy); a line of an order that is not confirmed
  // has nothing to invoice (qty_to_invoice is 0).
  create_invoices: {
    params: [],
    fn(db, model, ids, args, ctx) {
      const wizard = ensureOne(db, model, ids);
      if (wizard.advance_payment_method !== 'delivered') {
        throw UserError('odoo-emulator: only advance_payment_method "delivered" (Regular invoice) is emulated; down payments are not.');
      }
      const cctx = withoutDefaults(ctx);
      const orders = db.linked(model, wizard, 'sale_order_ids');
      const groups = new Map();
      for (const order of orders) {
        const lines = db.linked('sale.order', order, 'order_line')
          .filter((l) => db.value('sale.order.line', l, 'qty_to_invoice') > 0);
        if (!lines.length) continue;
        // _prepare_invoice / _prepare_invoice_line
        const invoiceLines = lines.map((l) => [0, 0, {
          display_type: 'product', sequence: l.sequence, name: l.name, product_id: l.product_id,
          product_uom_id: l[db.uomField], quantity: db.value('sale.order.line', l, 'qty_to_invoice'),
          discount: l.discount, price_unit: l.price_unit, tax_ids: [[6, 0, l[db.soTaxField] ?? []]],
          sale_line_ids: [[6, 0, [l.id]]],
        }]);
        const partnerId = order.partner_invoice_id || order.partner_id;
        const group = groups.get(partnerId) ?? { partnerId, orders: [], lines: [] };
        group.orders.push(order);
        group.lines.push(...invoiceLines);
        groups.set(partnerId, group);
      }
      if (!groups.size) throw UserError(NOTHING_TO_INVOICE);
      const join = (values) => [...new Set(values.filter(Boolean))].join(', ');
      const invoiceIds = [];
      for (const g of groups.values()) {
        invoiceIds.push(...db.create('account.move', [{
          // _prepare_invoice: the invoice is in the order's currency (its pricelist's).
          move_type: 'out_invoice', partner_id: g.partnerId, currency_id: orderCurrency(db, g.orders[0]),
          invoice_origin: join(g.orders.map((o) => o.name)), ref: join(g.orders.map((o) => o.client_order_ref)) || false,
          narration: g.orders[0].note || false, invoice_line_ids: g.lines,
        }], cctx));
      }
      // action_view_invoice returns the account.action_move_out_invoice_type window action (opened
      // on the form of a single invoice); the emulator returns its essential keys.
      const context = { default_move_type: 'out_invoice' };
      if (orders.length === 1) {
        Object.assign(context, { default_partner_id: orders[0].partner_id,
          default_partner_shipping_id: orders[0].partner_shipping_id, default_invoice_origin: orders[0].name });
      }
      const action = { name: 'Invoices', type: 'ir.actions.act_window', res_model: 'account.move', context };
      return invoiceIds.length === 1
        ? { ...action, view_mode: 'form', res_id: invoiceIds[0] }
        : { ...action, view_mode: `${listView(db)},form`, domain: [['id', 'in', invoiceIds]] };
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
  ...ACCOUNTING_METHODS,
  ...STOCK_METHODS,
  ...MAIL_BLACKLIST_METHODS,
  'sale.order': SALE_ORDER,
  'sale.advance.payment.inv': ADVANCE_PAYMENT_INV,
  'crm.lead': CRM_LEAD,
};

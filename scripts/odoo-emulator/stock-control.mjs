// Control routes (/__emulator/*, NOT Odoo) that drive stock, deliveries and payments the way a
// user of Odoo would, through the emulator's ORM, so automation rules fire as they would in Odoo.
// Each runs as one transaction (control.mjs); a bad body answers 400, an Odoo error 422.

import { isPlainObject } from './errors.mjs';
import { MODEL_METHODS } from './business.mjs';
import { setOnHand } from './stock.mjs';

const bad = (message) => Object.assign(new Error(message), { badControl: true });

function productId(db, body) {
  if (Number.isInteger(body.product_id)) {
    if (!db.get('product.product', body.product_id)) throw bad(`no product.product ${body.product_id}`);
    return body.product_id;
  }
  if (typeof body.default_code === 'string') {
    const [id] = db.search('product.product', [['default_code', '=', body.default_code]], { limit: 1 });
    if (!id) throw bad(`no product with default_code ${body.default_code}`);
    return id;
  }
  throw bad('give product_id (int) or default_code (string)');
}

function locationId(db, body) {
  if (Number.isInteger(body.location_id)) {
    if (!db.get('stock.location', body.location_id)) throw bad(`no stock.location ${body.location_id}`);
    return body.location_id;
  }
  const code = body.warehouse ?? 'WH';
  const wh = [...db.table('stock.warehouse').values()].find((w) => w.code === code);
  if (!wh) throw bad(`no warehouse with code ${code}`);
  return wh.lot_stock_id;
}

/** POST /__emulator/stock {product_id | default_code, warehouse?: code | location_id?, quantity}:
 *  sets the quantity on hand there (an applied inventory adjustment: quants written). */
function adjustStock(db, body) {
  if (typeof body.quantity !== 'number') throw bad('quantity must be a number (the new quantity on hand)');
  const product = productId(db, body);
  const location = locationId(db, body);
  const quantId = setOnHand(db, product, location, body.quantity);
  const quant = quantId && db.get('stock.quant', quantId);
  return { product_id: product, location_id: location, quant_id: quantId || null,
    quantity: quant?.quantity ?? 0, reserved_quantity: quant?.reserved_quantity ?? 0 };
}

/** POST /__emulator/deliveries/validate {picking_id, quantities?: {<product_id>: qty}, tracking_ref?,
 *  carrier_id?, backorder?: true}: sets the done quantities (16: quantity_done; 17+: quantity +
 *  picked), the tracking reference, then button_validate as the backorder wizard's "Create
 *  Backorder" (or "No Backorder" with backorder: false). */
function validateDelivery(db, body) {
  if (!Number.isInteger(body.picking_id) || !db.get('stock.picking', body.picking_id)) throw bad('picking_id must be an existing stock.picking id');
  if (body.quantities !== undefined && !isPlainObject(body.quantities)) throw bad('quantities must be an object {"<product_id>": quantity}');
  const picking = db.get('stock.picking', body.picking_id);
  const v16 = db.version === '16.0';
  if (body.quantities) {
    const moves = db.linked('stock.picking', picking, 'move_ids').filter((m) => !['done', 'cancel'].includes(m.state));
    for (const m of moves) {
      const qty = body.quantities[String(m.product_id)] ?? 0;
      if (typeof qty !== 'number' || qty < 0) throw bad('each quantity must be a number >= 0');
      db.write('stock.move', [m.id], v16 ? { quantity_done: qty } : { quantity: qty, picked: true }, {});
    }
  }
  if (!body.quantities && v16) { // 16.0: what stock.immediate.transfer does (done = reserved)
    for (const m of db.linked('stock.picking', picking, 'move_ids').filter((x) => !['done', 'cancel'].includes(x.state))) {
      db.write('stock.move', [m.id], { quantity_done: db.value('stock.move', m, 'reserved_availability') }, {});
    }
  }
  const vals = {};
  if (body.tracking_ref !== undefined) vals.carrier_tracking_ref = body.tracking_ref;
  if (body.carrier_id !== undefined) vals.carrier_id = body.carrier_id;
  if (Object.keys(vals).length) db.write('stock.picking', [picking.id], vals, {});
  const ctx = { skip_backorder: true, skip_immediate: true,
    ...(body.backorder === false ? { picking_ids_not_to_backorder: [picking.id] } : {}) };
  MODEL_METHODS['stock.picking'].button_validate.fn(db, 'stock.picking', [picking.id], {}, ctx);
  const after = db.get('stock.picking', picking.id);
  return { picking_id: after.id, name: after.name, state: after.state,
    backorder_ids: db.linked('stock.picking', after, 'backorder_ids').map((p) => p.id) };
}

/** POST /__emulator/payments {invoice_id, amount?, journal_id?}: "Register Payment" on an invoice
 *  (the account.payment.register wizard), so its payment_state is recomputed as in Odoo. */
function registerPayment(db, body) {
  if (!Number.isInteger(body.invoice_id) || !db.get('account.move', body.invoice_id)) throw bad('invoice_id must be an existing account.move id');
  const ctx = { active_model: 'account.move', active_ids: [body.invoice_id] };
  const vals = {};
  if (body.amount !== undefined) vals.amount = body.amount;
  if (body.journal_id !== undefined) vals.journal_id = body.journal_id;
  const [wizardId] = db.create('account.payment.register', [vals], ctx);
  MODEL_METHODS['account.payment.register'].action_create_payments.fn(db, 'account.payment.register', [wizardId], {},
    { ...ctx, dont_redirect_to_payments: true });
  const invoice = db.get('account.move', body.invoice_id);
  return { invoice_id: invoice.id, payment_state: db.value('account.move', invoice, 'payment_state'),
    amount_residual: db.value('account.move', invoice, 'amount_residual') };
}

export const STOCK_CONTROL_ROUTES = {
  stock: adjustStock,
  'deliveries/validate': validateDelivery,
  payments: registerPayment,
};

// Inventory of the Odoo external-API EMULATOR (not Odoo), reduced to what an integration sees:
// warehouses, locations, quants (on hand and reserved), outgoing deliveries of confirmed sale
// orders with their moves, reservation, validation (partial = backorder) and the product
// quantity fields. Follows addons/stock/models/stock_warehouse.py, stock_location.py,
// stock_quant.py (`_update_available_quantity` / `_update_reserved_quantity` write quants through
// the ORM, so automation rules on stock.quant fire for moves and reservations), stock_move.py,
// stock_picking.py (`button_validate`, `_create_backorder`), product.py (`_compute_quantities_dict`,
// `_get_domain_locations`), addons/stock/wizard/stock_backorder_confirmation.py,
// stock_immediate_transfer.py (16.0), addons/sale_stock (sale.order.warehouse_id, picking_ids,
// stock.picking.sale_id, sale.order.line.qty_delivered), addons/delivery (16.0) /
// addons/stock_delivery (17.0+): carrier_id, carrier_tracking_ref.
// Version differences: done quantity `stock.move.quantity_done` + `reserved_availability` (16.0)
// -> `quantity` + `picked` (17.0+); storable products `type='product'` (16/17) -> `is_storable` (18+);
// product quantity context key `warehouse` (16/17) -> `warehouse_id` (18+).
// Not emulated: stock.move.line (lots, packages), routes and multi-step deliveries, units of
// measure conversion, inventory mode access rules, incoming receipts.

import { field, char, float, integer, boolean, datetime, selection, many2one, one2many, many2many, computed } from './field-types.mjs';
import { UserError } from './errors.mjs';
import { now } from './models.mjs';
import { ensureOne, recordsOf } from './actions.mjs';


const round = (x) => Math.round(x * 1e6) / 1e6;
const OPEN_MOVE_STATES = new Set(['waiting', 'confirmed', 'assigned', 'partially_available']);

// Seeded: warehouse 1 "WH" with its view location, stock location and operation types.
export const SEED = { partnersView: 1, vendors: 2, customers: 3, virtualView: 4, inventoryLoss: 5, whView: 6, whStock: 7,
  receipts: 1, deliveries: 2 };

/** 16/17: type 'product' is storable; 18+: is_storable (consumables can be tracked too). */
export function isStorable(db, productId) {
  const p = db.get('product.product', productId);
  const t = p && db.get('product.template', p.product_tmpl_id);
  if (!t) return false;
  return db.fieldsOf('product.template').is_storable ? Boolean(t.is_storable) : t.type === 'product';
}
const isService = (db, productId) => {
  const p = db.get('product.product', productId);
  return db.get('product.template', p?.product_tmpl_id)?.type === 'service';
};

/** Warehouse of a location: the warehouse whose view location is an ancestor (or itself). */
function warehouseOf(db, locationId) {
  const ancestors = db.hierarchy('stock.location', [locationId], 'up');
  return [...db.table('stock.warehouse').values()].find((w) => ancestors.has(w.view_location_id))?.id ?? false;
}

/** product._get_domain_locations: the locations the context selects (with their children). */
function contextLocations(db) {
  const ctx = db.ctx ?? {};
  const whKeys = db.pre18 ? ['warehouse'] : db.version === '19.0' ? ['warehouse_id', 'search_warehouse'] : ['warehouse_id'];
  const locKeys = db.version === '19.0' ? ['location', 'search_location'] : ['location'];
  const pick = (keys) => keys.map((k) => ctx[k]).find((v) => v !== undefined && v !== false && v !== null);
  const resolve = (model, value, nameField) => {
    const ids = new Set();
    for (const item of Array.isArray(value) ? value : [value]) {
      if (Number.isInteger(item)) ids.add(item);
      else if (typeof item === 'string') {
        for (const r of db.table(model).values()) {
          if (String(db.value(model, r, nameField)).toLowerCase().includes(item.toLowerCase())) ids.add(r.id);
        }
      }
    }
    return [...ids];
  };
  const warehouse = pick(whKeys);
  const location = pick(locKeys);
  let roots;
  if (location) roots = resolve('stock.location', location, 'complete_name');
  else if (warehouse) roots = resolve('stock.warehouse', warehouse, 'name').map((id) => db.get('stock.warehouse', id)?.view_location_id).filter(Boolean);
  else roots = [...db.table('stock.warehouse').values()].map((w) => w.view_location_id);
  return db.hierarchy('stock.location', roots, 'down');
}

/** _compute_quantities_dict for one product under the current context. */
export function productQuantities(db, product) {
  const zero = { qty_available: 0, free_qty: 0, incoming_qty: 0, outgoing_qty: 0, virtual_available: 0 };
  if (isService(db, product.id)) return zero;
  const locs = contextLocations(db);
  let onHand = 0;
  let reserved = 0;
  for (const q of db.table('stock.quant').values()) {
    if (q.product_id !== product.id || !locs.has(q.location_id)) continue;
    onHand += q.quantity;
    reserved += q.reserved_quantity;
  }
  let incoming = 0;
  let outgoing = 0;
  for (const m of db.table('stock.move').values()) {
    if (m.product_id !== product.id || !OPEN_MOVE_STATES.has(m.state)) continue;
    const from = locs.has(m.location_id);
    const to = locs.has(m.location_dest_id);
    if (from && !to) outgoing += m.product_uom_qty;
    if (to && !from) incoming += m.product_uom_qty;
  }
  return { qty_available: round(onHand), free_qty: round(onHand - reserved), incoming_qty: round(incoming),
    outgoing_qty: round(outgoing), virtual_available: round(onHand + incoming - outgoing) };
}

const qtyField = (key, label) => computed('float', label, (db, r) => productQuantities(db, r)[key]);
/** Fields stock adds to product.product (computed, not stored; searchable through search methods). */
export const productStockFields = () => ({
  qty_available: qtyField('qty_available', 'Quantity On Hand'),
  virtual_available: qtyField('virtual_available', 'Forecasted Quantity'),
  free_qty: qtyField('free_qty', 'Free To Use Quantity '),
  incoming_qty: qtyField('incoming_qty', 'Incoming'),
  outgoing_qty: qtyField('outgoing_qty', 'Outgoing'),
});

/** The emulator's reservation of a move (move lines in Odoo). */
const reservedOf = (m) => round((m.emulator_reservations ?? []).reduce((s, r) => s + r.qty, 0));

export function stockModels(version) {
  const v16 = version === '16.0';
  return {
    'stock.location': {
      label: 'Inventory Locations', order: 'complete_name asc, id asc', parentName: 'location_id',
      fields: {
        name: char('Location Name', { required: true }),
        // stock.location._compute_complete_name
        complete_name: computed('char', 'Full Location Name', (db, r) => {
          const parent = r.location_id && db.get('stock.location', r.location_id);
          return parent && r.usage !== 'view' ? `${db.value('stock.location', parent, 'complete_name')}/${r.name}` : r.name;
        }),
        location_id: many2one('stock.location', 'Parent Location', { ondelete: 'cascade' }),
        usage: selection('Location Type', [['supplier', 'Vendor Location'], ['view', 'View'], ['internal', 'Internal Location'],
          ['customer', 'Customer Location'], ['inventory', 'Inventory Loss'], ['production', 'Production'],
          ['transit', 'Transit Location']], { required: true, default: 'internal' }),
        warehouse_id: computed('many2one', 'Warehouse', (db, r) => warehouseOf(db, r.id), { comodel: 'stock.warehouse' }),
        company_id: many2one('res.company', 'Company', { default: 1 }),
        active: boolean('Active', { default: true }),
      },
      displayName: (db, r) => db.value('stock.location', r, 'complete_name'),
    },
    'stock.warehouse': {
      label: 'Warehouse', order: 'sequence asc, id asc',
      fields: {
        name: char('Warehouse', { required: true }),
        code: char('Short Name', { required: true }),
        view_location_id: many2one('stock.location', 'View Location'),
        lot_stock_id: many2one('stock.location', 'Location Stock'),
        company_id: many2one('res.company', 'Company', { required: true, default: 1 }),
        partner_id: many2one('res.partner', 'Address'),
        sequence: integer('Sequence', { default: 10 }),
        active: boolean('Active', { default: true }),
      },
    },
    'stock.picking.type': {
      label: 'Picking Type', order: 'sequence asc, id asc',
      fields: {
        name: char('Operation Type', { required: true }),
        code: selection('Type of Operation', [['incoming', 'Receipt'], ['outgoing', 'Delivery'], ['internal', 'Internal Transfer']],
          { required: true }),
        sequence_code: char('Sequence Prefix', { required: true }),
        warehouse_id: many2one('stock.warehouse', 'Warehouse', { ondelete: 'cascade' }),
        default_location_src_id: many2one('stock.location', 'Default Source Location'),
        default_location_dest_id: many2one('stock.location', 'Default Destination Location'),
        sequence: integer('Sequence', { default: 1 }),
        active: boolean('Active', { default: true }),
      },
      displayName: (db, r) => (r.warehouse_id ? `${db.get('stock.warehouse', r.warehouse_id)?.name}: ${r.name}` : r.name),
    },
    'stock.quant': {
      label: 'Quants', order: 'id asc',
      fields: {
        product_id: many2one('product.product', 'Product', { required: true, ondelete: 'restrict' }),
        location_id: many2one('stock.location', 'Location', { required: true, ondelete: 'restrict' }),
        quantity: float('Quantity', { readonly: true }),
        reserved_quantity: float('Reserved Quantity', { default: 0, required: true }),
        inventory_quantity: float('Counted Quantity'),
        inventory_quantity_set: boolean('Inventory Quantity Set', { default: false }),
        // Set in inventory mode only: the counted quantity, applied at once (create/write).
        inventory_quantity_auto_apply: computed('float', 'Inventory Quantity Auto Apply', (db, r) => r.quantity),
        in_date: datetime('Incoming Date', { default: () => now() }),
        available_quantity: computed('float', 'Available Quantity', (db, r) => round(r.quantity - r.reserved_quantity)),
        warehouse_id: computed('many2one', 'Warehouse', (db, r) => warehouseOf(db, r.location_id), { comodel: 'stock.warehouse' }),
        company_id: computed('many2one', 'Company', (db, r) => db.get('stock.location', r.location_id)?.company_id ?? false,
          { comodel: 'res.company' }),
      },
      displayName: (db, r) => db.displayName('product.product', db.get('product.product', r.product_id) ?? {}),
    },
    'delivery.carrier': {
      label: 'Shipping Methods', order: 'sequence asc, id asc',
      fields: {
        name: char('Delivery Method', { required: true }),
        delivery_type: selection('Provider', [['base_on_rule', 'Based on Rules'], ['fixed', 'Fixed Price']], { required: true, default: 'fixed' }),
        product_id: many2one('product.product', 'Delivery Product', { required: true, ondelete: 'restrict' }),
        // "Tracking Link": <shipmenttrackingnumber> is replaced by the picking's ref (fixed_get_tracking_link).
        tracking_url: char('Tracking Link'),
        sequence: integer('Sequence', { default: 10 }),
        active: boolean('Active', { default: true }),
      },
    },
    'stock.picking': {
      label: 'Transfer', order: 'priority desc, scheduled_date asc, id desc',
      fields: {
        name: char('Reference', { default: '/' }),
        origin: char('Source Document'),
        priority: selection('Priority', [['0', 'Normal'], ['1', 'Urgent']], { default: '0' }),
        partner_id: many2one('res.partner', 'Contact'),
        picking_type_id: many2one('stock.picking.type', 'Operation Type', { required: true }),
        picking_type_code: computed('selection', 'Type of Operation', (db, r) => db.get('stock.picking.type', r.picking_type_id)?.code ?? false,
          { selection: [['incoming', 'Receipt'], ['outgoing', 'Delivery'], ['internal', 'Internal Transfer']] }),
        location_id: many2one('stock.location', 'Source Location', { required: true }),
        location_dest_id: many2one('stock.location', 'Destination Location', { required: true }),
        // Stored, computed from the moves in Odoo (_compute_state); written by the emulator's methods.
        state: selection('Status', [['draft', 'Draft'], ['waiting', 'Waiting Another Operation'], ['confirmed', 'Waiting'],
          ['assigned', 'Ready'], ['done', 'Done'], ['cancel', 'Cancelled']], { default: 'draft' }),
        move_type: selection('Shipping Policy', [['direct', 'As soon as possible'], ['one', 'When all products are ready']],
          { required: true, default: 'direct' }),
        move_ids: one2many('stock.move', 'picking_id', 'Operations'),
        backorder_id: many2one('stock.picking', 'Back Order of'),
        backorder_ids: one2many('stock.picking', 'backorder_id', 'Back Orders'),
        scheduled_date: datetime('Scheduled Date', { default: () => now() }),
        date_done: datetime('Date of Transfer'),
        sale_id: many2one('sale.order', 'Sales Order'),
        carrier_id: many2one('delivery.carrier', 'Carrier'),
        carrier_tracking_ref: char('Tracking Reference'),
        // Not stored (_compute_carrier_tracking_url): carrier_id.get_tracking_link(picking) when both are set.
        carrier_tracking_url: computed('char', 'Tracking URL', (db, r) => carrierTrackingUrl(db, r)),
        company_id: many2one('res.company', 'Company', { default: 1 }),
      },
    },
    'stock.move': {
      label: 'Stock Move', order: 'sequence asc, id asc',
      fields: {
        name: char('Description'),
        sequence: integer('Sequence', { default: 10 }),
        picking_id: many2one('stock.picking', 'Transfer', { ondelete: 'cascade' }),
        product_id: many2one('product.product', 'Product', { required: true, ondelete: 'restrict' }),
        product_uom_qty: float('Demand', { required: true, default: 0 }),
        location_id: many2one('stock.location', 'Source Location', { required: true }),
        location_dest_id: many2one('stock.location', 'Destination Location', { required: true }),
        state: selection('Status', [['draft', 'New'], ['waiting', 'Waiting Another Move'], ['confirmed', 'Waiting Availability'],
          ['partially_available', 'Partially Available'], ['assigned', 'Available'], ['done', 'Done'], ['cancel', 'Cancelled']],
        { default: 'draft' }),
        origin: char('Source Document'),
        sale_line_id: many2one('sale.order.line', 'Sale Line'),
        ...(v16 ? {
          quantity_done: float('Quantity Done'),
          reserved_availability: computed('float', 'Quantity Reserved', (db, r) => reservedOf(r)),
        } : {
          quantity: float('Quantity'),
          picked: boolean('Picked', { default: false }),
        }),
      },
    },
    'stock.backorder.confirmation': {
      label: 'Backorder Confirmation', transient: true,
      fields: { pick_ids: many2many('stock.picking', 'Pick') },
    },
    ...(v16 ? {
      'stock.immediate.transfer': {
        label: 'Immediate Transfer', transient: true,
        fields: { pick_ids: many2many('stock.picking', 'Pick') },
      },
    } : {}),
  };
}

/** delivery.carrier fixed/base_on_rule_get_tracking_link: the carrier's tracking link with the ref put in. */
function carrierTrackingUrl(db, picking) {
  const carrier = picking.carrier_id && db.get('delivery.carrier', picking.carrier_id);
  if (!carrier || !picking.carrier_tracking_ref || !carrier.tracking_url) return false;
  return carrier.tracking_url.replace('<shipmenttrackingnumber>', picking.carrier_tracking_ref);
}

/** Seed rows of the default warehouse (stock/data/stock_data.xml + stock.warehouse.create). */
export function stockSeedRows() {
  const loc = (id, name, usage, parent = false) => ['stock.location', { id, name, usage, location_id: parent, active: true,
    company_id: ['internal', 'view'].includes(usage) && id >= SEED.whView ? 1 : false }];
  return [
    loc(SEED.partnersView, 'Partners', 'view'),
    loc(SEED.vendors, 'Vendors', 'supplier', SEED.partnersView),
    loc(SEED.customers, 'Customers', 'customer', SEED.partnersView),
    loc(SEED.virtualView, 'Virtual Locations', 'view'),
    loc(SEED.inventoryLoss, 'Inventory adjustment', 'inventory', SEED.virtualView),
    loc(SEED.whView, 'WH', 'view'),
    loc(SEED.whStock, 'Stock', 'internal', SEED.whView),
    ['stock.warehouse', { id: 1, name: 'My Company', code: 'WH', view_location_id: SEED.whView, lot_stock_id: SEED.whStock,
      company_id: 1, sequence: 10, active: true }],
    ['stock.picking.type', { id: SEED.receipts, name: 'Receipts', code: 'incoming', sequence_code: 'IN', warehouse_id: 1,
      default_location_src_id: SEED.vendors, default_location_dest_id: SEED.whStock, sequence: 1, active: true }],
    ['stock.picking.type', { id: SEED.deliveries, name: 'Delivery Orders', code: 'outgoing', sequence_code: 'OUT', warehouse_id: 1,
      default_location_src_id: SEED.whStock, default_location_dest_id: SEED.customers, sequence: 2, active: true }],
    ['ir.model.data', { module: 'stock', name: 'warehouse0', model: 'stock.warehouse', res_id: 1, noupdate: true }],
    ['ir.model.data', { module: 'stock', name: 'stock_location_stock', model: 'stock.location', res_id: SEED.whStock, noupdate: true }],
    ['ir.model.data', { module: 'stock', name: 'stock_location_customers', model: 'stock.location', res_id: SEED.customers, noupdate: true }],
    ['ir.model.data', { module: 'stock', name: 'picking_type_out', model: 'stock.picking.type', res_id: SEED.deliveries, noupdate: true }],
  ];
}

// --- quants -------------------------------------------------------------------------------
/** stock.quant._update_available_quantity: through the ORM (write or create), as Odoo does. */
export function updateQuant(db, productId, locationId, { quantity = 0, reserved = 0 } = {}) {
  const quant = [...db.table('stock.quant').values()].find((q) => q.product_id === productId && q.location_id === locationId);
  if (quant) {
    const vals = {};
    if (quantity) vals.quantity = round(quant.quantity + quantity);
    if (reserved) vals.reserved_quantity = round(quant.reserved_quantity + reserved);
    if (quantity > 0) vals.in_date = now();
    if (Object.keys(vals).length) db.write('stock.quant', [quant.id], vals, { emulator_internal: true });
    return quant.id;
  }
  return db.create('stock.quant', [{ product_id: productId, location_id: locationId, quantity, reserved_quantity: reserved }],
    { emulator_internal: true })[0];
}

/** Set the on-hand quantity of a product in a location (an applied inventory adjustment). */
export function setOnHand(db, productId, locationId, quantity) {
  const quant = [...db.table('stock.quant').values()].find((q) => q.product_id === productId && q.location_id === locationId);
  const diff = round(quantity - (quant?.quantity ?? 0));
  if (!diff) return quant?.id ?? false;
  const id = updateQuant(db, productId, locationId, { quantity: diff });
  updateQuant(db, productId, SEED.inventoryLoss, { quantity: -diff });
  return id;
}

// --- pickings -----------------------------------------------------------------------------
function pickingName(db, typeId) {
  const type = db.get('stock.picking.type', typeId);
  const code = db.get('stock.warehouse', type?.warehouse_id)?.code;
  const prefix = `${code ? `${code}/` : ''}${type?.sequence_code ?? 'TR'}/`;
  return `${prefix}${String(db.nextSequence(`stock.picking/${prefix}`)).padStart(5, '0')}`;
}

/** stock.picking._compute_state from its moves (move_type 'direct'). */
function pickingState(db, picking) {
  const moves = db.linked('stock.picking', picking, 'move_ids');
  if (!moves.length) return 'draft';
  const live = moves.filter((m) => m.state !== 'cancel');
  if (!live.length) return 'cancel';
  if (live.every((m) => m.state === 'done')) return 'done';
  if (moves.some((m) => m.state === 'draft')) return 'draft';
  const open = live.filter((m) => m.state !== 'done');
  if (picking.move_type === 'one') return open.every((m) => m.state === 'assigned') ? 'assigned' : 'confirmed';
  return open.some((m) => ['assigned', 'partially_available'].includes(m.state)) ? 'assigned' : 'confirmed';
}

function refreshPickingState(db, picking) {
  const state = pickingState(db, picking);
  if (state !== picking.state) db.write('stock.picking', [picking.id], { state }, { emulator_internal: true });
}

/** stock.move._action_assign: reserve on the internal quants under the source location. */
function assignMove(db, move) {
  if (!['confirmed', 'partially_available', 'waiting'].includes(move.state)) return;
  const done = (vals) => db.write('stock.move', [move.id], vals, { emulator_internal: true });
  if (!isStorable(db, move.product_id)) { // not tracked: always available
    move.emulator_reservations = [];
    return done({ state: 'assigned', ...(db.version === '16.0' ? {} : { quantity: move.product_uom_qty }) });
  }
  let need = round(move.product_uom_qty - reservedOf(move));
  const locs = db.hierarchy('stock.location', [move.location_id], 'down');
  const quants = [...db.table('stock.quant').values()]
    .filter((q) => q.product_id === move.product_id && locs.has(q.location_id)).sort((a, b) => a.id - b.id);
  // A new list, not a push into the old one: the undo journal restores the field, not its contents.
  move.emulator_reservations = [...(move.emulator_reservations ?? [])];
  for (const q of quants) {
    if (need <= 0) break;
    const free = round(q.quantity - q.reserved_quantity);
    if (free <= 0) continue;
    const take = Math.min(free, need);
    updateQuant(db, move.product_id, q.location_id, { reserved: take });
    move.emulator_reservations.push({ quant_id: q.id, qty: take });
    need = round(need - take);
  }
  const reserved = reservedOf(move);
  const state = reserved >= move.product_uom_qty ? 'assigned' : reserved > 0 ? 'partially_available' : 'confirmed';
  done({ state, ...(db.version === '16.0' ? {} : { quantity: reserved }) });
}

/** Release what a move reserved (unreserve). */
function unreserveMove(db, move) {
  for (const r of move.emulator_reservations ?? []) {
    const q = db.get('stock.quant', r.quant_id);
    if (q) updateQuant(db, q.product_id, q.location_id, { reserved: -Math.min(r.qty, q.reserved_quantity) });
  }
  move.emulator_reservations = [];
}

export function confirmAndAssign(db, picking) {
  for (const m of db.linked('stock.picking', picking, 'move_ids')) {
    if (m.state === 'draft') db.write('stock.move', [m.id], { state: 'confirmed' }, { emulator_internal: true });
  }
  for (const m of db.linked('stock.picking', picking, 'move_ids')) assignMove(db, m);
  refreshPickingState(db, picking);
}

/** sale_stock: _action_launch_stock_rule on confirmation -> one outgoing delivery, reserved. */
export function launchDelivery(db, order) {
  const lines = db.linked('sale.order', order, 'order_line').filter((l) => !l.display_type && l.product_id && !isService(db, l.product_id)
    && l.product_uom_qty > 0);
  if (!lines.length) return false;
  const warehouse = db.get('stock.warehouse', order.warehouse_id) ?? db.get('stock.warehouse', 1);
  const type = [...db.table('stock.picking.type').values()].find((t) => t.code === 'outgoing' && t.warehouse_id === warehouse.id);
  const src = type.default_location_src_id || warehouse.lot_stock_id;
  const dest = type.default_location_dest_id || SEED.customers;
  const [pickingId] = db.create('stock.picking', [{
    name: pickingName(db, type.id), picking_type_id: type.id, location_id: src, location_dest_id: dest, origin: order.name,
    partner_id: order.partner_shipping_id || order.partner_id, sale_id: order.id,
    move_ids: lines.map((l) => [0, 0, { name: l.name || '/', product_id: l.product_id, product_uom_qty: l.product_uom_qty,
      location_id: src, location_dest_id: dest, origin: order.name, sale_line_id: l.id }]),
  }], { emulator_internal: true });
  confirmAndAssign(db, db.get('stock.picking', pickingId));
  return pickingId;
}

/** sale.order._action_cancel: cancel its open deliveries, releasing their reservations. */
export function cancelDeliveries(db, order) {
  for (const p of [...db.table('stock.picking').values()].filter((x) => x.sale_id === order.id && !['done', 'cancel'].includes(x.state))) {
    for (const m of db.linked('stock.picking', p, 'move_ids')) {
      unreserveMove(db, m);
      if (m.state !== 'done') db.write('stock.move', [m.id], { state: 'cancel' }, { emulator_internal: true });
    }
    refreshPickingState(db, p);
  }
}

const doneQty = (db, m) => (db.version === '16.0' ? m.quantity_done : m.quantity) || 0;

/** stock.picking._get_without_quantities_error_message: 16.0; 17/18 (read in 18.0); 19.0. */
function withoutQuantitiesMessage(version) {
  if (version === '16.0') {
    return 'You cannot validate a transfer if no quantities are reserved nor done. '
      + 'To force the transfer, switch in edit mode and encode the done quantities.';
  }
  if (version === '19.0') {
    return "Transfer trouble alert! Validating a zero quantity transfer? You're not moving invisible goods around are you?\n"
      + "Set some quantities and let's get moving!";
  }
  return 'You cannot validate a transfer if no quantities are reserved. To force the transfer, encode quantities.';
}

/** stock.picking.button_validate (+ _action_done, _create_backorder). */
function validate(db, pickings, ctx) {
  for (const p of pickings) {
    if (p.state === 'done' || p.state === 'cancel') throw UserError('You cannot validate a transfer that is already done or cancelled.');
  }
  const v16 = db.version === '16.0';
  if (!v16) { // 17+: when nothing is picked, everything is (quantity = what is reserved)
    for (const p of pickings) {
      const moves = db.linked('stock.picking', p, 'move_ids').filter((m) => m.state !== 'cancel');
      if (!moves.some((m) => m.picked)) for (const m of moves) db.write('stock.move', [m.id], { picked: true }, { emulator_internal: true });
    }
  }
  const movesOf = (p) => db.linked('stock.picking', p, 'move_ids').filter((m) => !['cancel', 'done'].includes(m.state));
  const counted = (m) => (v16 || m.picked ? doneQty(db, m) : 0);
  const empty = pickings.filter((p) => movesOf(p).every((m) => counted(m) <= 0));
  if (empty.length) {
    if (v16 && !ctx.skip_immediate) return wizardAction('stock.immediate.transfer', 'Immediate Transfer?', pickings, ctx);
    throw UserError(withoutQuantitiesMessage(db.version));
  }
  const partial = pickings.filter((p) => movesOf(p).some((m) => counted(m) < m.product_uom_qty));
  if (partial.length && !ctx.skip_backorder) return wizardAction('stock.backorder.confirmation', 'Create Backorder?', partial, ctx, pickings);
  const noBackorder = new Set(ctx.picking_ids_not_to_backorder ?? []);
  for (const p of pickings) actionDone(db, p, !noBackorder.has(p.id), counted);
  return true;
}

/** _action_generate_backorder_wizard / _action_generate_immediate_wizard (the emulator has no
 *  ir.ui.view: `view_id` is false). The context is the caller's plus the wizard's defaults. */
function wizardAction(model, name, pickings, ctx, validated = pickings) {
  return { name, type: 'ir.actions.act_window', view_mode: 'form', res_model: model, views: [[false, 'form']], view_id: false,
    target: 'new', context: { ...ctx, button_validate_picking_ids: validated.map((p) => p.id), default_show_transfers: false,
      default_pick_ids: pickings.map((p) => [4, p.id]) } };
}

function actionDone(db, picking, backorder, counted) {
  const ictx = { emulator_internal: true };
  const leftovers = [];
  for (const m of db.linked('stock.picking', picking, 'move_ids').filter((x) => !['cancel', 'done'].includes(x.state))) {
    const qty = Math.min(counted(m), m.product_uom_qty) > 0 ? counted(m) : 0;
    const rest = round(m.product_uom_qty - qty);
    unreserveMove(db, m);
    if (qty > 0) {
      // the goods leave the source location (reserved first) and arrive at the destination
      if (isStorable(db, m.product_id)) {
        updateQuant(db, m.product_id, m.location_id, { quantity: -qty });
        updateQuant(db, m.product_id, m.location_dest_id, { quantity: qty });
      }
      db.write('stock.move', [m.id], { state: 'done', product_uom_qty: qty, ...(db.version === '16.0' ? { quantity_done: qty } : { quantity: qty }) }, ictx);
      if (m.sale_line_id && db.get('sale.order.line', m.sale_line_id)) {
        const line = db.get('sale.order.line', m.sale_line_id);
        const outgoing = db.get('stock.picking.type', picking.picking_type_id)?.code !== 'incoming';
        db.write('sale.order.line', [line.id], { qty_delivered: round(line.qty_delivered + (outgoing ? qty : -qty)) }, ictx);
      }
    } else {
      db.write('stock.move', [m.id], { state: 'cancel', product_uom_qty: m.product_uom_qty }, ictx);
    }
    if (rest > 0) leftovers.push({ m, rest });
  }
  db.write('stock.picking', [picking.id], { date_done: now() }, ictx);
  refreshPickingState(db, picking);
  if (backorder && leftovers.length) {
    const [boId] = db.create('stock.picking', [{
      name: pickingName(db, picking.picking_type_id), picking_type_id: picking.picking_type_id, location_id: picking.location_id,
      location_dest_id: picking.location_dest_id, origin: picking.origin, partner_id: picking.partner_id, sale_id: picking.sale_id,
      carrier_id: picking.carrier_id, backorder_id: picking.id, move_type: picking.move_type,
      move_ids: leftovers.map(({ m, rest }) => [0, 0, { name: m.name, product_id: m.product_id, product_uom_qty: rest,
        location_id: m.location_id, location_dest_id: m.location_dest_id, origin: m.origin, sale_line_id: m.sale_line_id }]),
    }], ictx);
    confirmAndAssign(db, db.get('stock.picking', boId));
  }
}

export const STOCK_HOOKS = {
  'stock.quant': {
    // stock.quant.create in inventory mode (context inventory_mode): only the inventory fields are
    // allowed; the quant of the same product and location is reused (_gather), its counted
    // quantity set, and applied at once for inventory_quantity_auto_apply.
    redirectCreate(db, vals, ctx) {
      if (!ctx.inventory_mode || !('inventory_quantity' in vals || 'inventory_quantity_auto_apply' in vals)) return false;
      const allowed = ['product_id', 'location_id', 'lot_id', 'package_id', 'owner_id', 'inventory_quantity', 'inventory_quantity_auto_apply',
        'inventory_date', 'user_id', 'inventory_quantity_set'];
      if (Object.keys(vals).some((k) => !k.startsWith('x_') && !allowed.includes(k))) {
        throw UserError("Quant's creation is restricted, you can't do this operation.");
      }
      const autoApply = 'inventory_quantity_auto_apply' in vals;
      const counted = Number(vals.inventory_quantity_auto_apply || vals.inventory_quantity || 0);
      let quant = [...db.table('stock.quant').values()].find((q) => q.product_id === vals.product_id && q.location_id === vals.location_id);
      if (!quant) {
        const [id] = db.create('stock.quant', [{ product_id: vals.product_id, location_id: vals.location_id }], { emulator_internal: true });
        quant = db.get('stock.quant', id);
      }
      if (autoApply) setOnHand(db, quant.product_id, quant.location_id, counted);
      else db.write('stock.quant', [quant.id], { inventory_quantity: counted, inventory_quantity_set: true }, { emulator_internal: true });
      return quant.id;
    },
    // stock.quant.create: quants only exist for storable products.
    prepareCreate(db, vals) {
      if (Number.isInteger(vals.product_id) && db.get('product.product', vals.product_id) && !isStorable(db, vals.product_id)) {
        throw UserError('Quants cannot be created for consumables or services.');
      }
    },
  },
  'stock.warehouse': {
    // stock.warehouse.create: its view and stock locations and its operation types.
    afterCreate(db, rec, ctx) {
      if (rec.view_location_id) return;
      const [view] = db.create('stock.location', [{ name: rec.code, usage: 'view' }], ctx);
      const [stock] = db.create('stock.location', [{ name: 'Stock', usage: 'internal', location_id: view }], ctx);
      db.write('stock.warehouse', [rec.id], { view_location_id: view, lot_stock_id: stock }, ctx);
      db.create('stock.picking.type', [
        { name: 'Receipts', code: 'incoming', sequence_code: 'IN', warehouse_id: rec.id, default_location_src_id: SEED.vendors, default_location_dest_id: stock },
        { name: 'Delivery Orders', code: 'outgoing', sequence_code: 'OUT', warehouse_id: rec.id, default_location_src_id: stock, default_location_dest_id: SEED.customers },
      ], ctx);
    },
    // _sql_constraints warehouse_code_uniq (16-18 text)
    constrain(db, row) {
      const dup = [...db.table('stock.warehouse').values()].find((w) => w.id !== row.id && w.code === row.code && w.company_id === row.company_id);
      if (dup) throw db.constraintError('The short name of the warehouse must be unique per company!');
    },
  },
  // A move created in a picking takes the picking's locations when none are given (18.0
  // stock.move._compute_location_id / _compute_location_dest_id, precomputed from picking_id).
  'stock.move': {
    prepareCreate(db, vals) {
      const picking = Number.isInteger(vals.picking_id) && db.get('stock.picking', vals.picking_id);
      if (!picking) return;
      vals.location_id ||= picking.location_id;
      vals.location_dest_id ||= picking.location_dest_id;
    },
  },
  'stock.picking': {
    prepareCreate(db, vals) {
      if ((!vals.name || vals.name === '/') && Number.isInteger(vals.picking_type_id)) vals.name = pickingName(db, vals.picking_type_id);
    },
  },
  'stock.backorder.confirmation': {
    prepareCreate(db, vals, ctx) {
      if (!('pick_ids' in vals)) vals.pick_ids = [[6, 0, ctx.button_validate_picking_ids ?? []]];
    },
  },
  'stock.immediate.transfer': {
    prepareCreate(db, vals, ctx) {
      if (!('pick_ids' in vals)) vals.pick_ids = [[6, 0, ctx.button_validate_picking_ids ?? []]];
    },
  },
};

const PICKING = {
  action_confirm: {
    params: [],
    fn(db, model, ids) {
      for (const p of recordsOf(db, model, ids)) confirmAndAssign(db, p);
      return true;
    },
  },
  action_assign: {
    params: [],
    fn(db, model, ids) {
      for (const p of recordsOf(db, model, ids)) confirmAndAssign(db, p);
      return true;
    },
  },
  button_validate: {
    params: [],
    fn(db, model, ids, args, ctx) {
      return validate(db, recordsOf(db, model, ids), ctx);
    },
  },
};

// stock.backorder.confirmation: validates the pickings of the button call (context
// button_validate_picking_ids, else its pick_ids); `process` keeps backorders for pick_ids,
// `process_cancel_backorder` cancels their rest.
const validatedPickings = (db, model, wizard, ctx) => (Array.isArray(ctx.button_validate_picking_ids)
  ? db.browseExisting('stock.picking', ctx.button_validate_picking_ids) : db.linked(model, wizard, 'pick_ids'));

const BACKORDER_WIZARD = {
  process: {
    params: [],
    fn(db, model, ids, args, ctx) {
      const wizard = ensureOne(db, model, ids);
      return validate(db, validatedPickings(db, model, wizard, ctx), { ...ctx, skip_backorder: true });
    },
  },
  process_cancel_backorder: {
    params: [],
    fn(db, model, ids, args, ctx) {
      const wizard = ensureOne(db, model, ids);
      const noBackorder = db.linked(model, wizard, 'pick_ids').map((p) => p.id);
      return validate(db, validatedPickings(db, model, wizard, ctx), { ...ctx, skip_backorder: true, picking_ids_not_to_backorder: noBackorder });
    },
  },
};

// 16.0 stock.immediate.transfer.process: done quantities = reserved ones, then validate.
const IMMEDIATE_WIZARD = {
  process: {
    params: [],
    fn(db, model, ids, args, ctx) {
      const wizard = ensureOne(db, model, ids);
      const picks = db.linked(model, wizard, 'pick_ids');
      for (const p of picks) {
        for (const m of db.linked('stock.picking', p, 'move_ids')) {
          db.write('stock.move', [m.id], { quantity_done: reservedOf(m) }, { emulator_internal: true });
        }
      }
      return validate(db, picks, { ...ctx, skip_immediate: true });
    },
  },
};

const QUANT = {
  // stock.quant.action_apply_inventory: the counted quantity becomes the quantity on hand.
  action_apply_inventory: {
    params: [],
    fn(db, model, ids) {
      for (const q of recordsOf(db, model, ids)) {
        setOnHand(db, q.product_id, q.location_id, q.inventory_quantity);
        db.write(model, [q.id], { inventory_quantity: 0, inventory_quantity_set: false }, { emulator_internal: true });
      }
      return null;
    },
  },
};

export const STOCK_METHODS = {
  'stock.picking': PICKING,
  'stock.backorder.confirmation': BACKORDER_WIZARD,
  'stock.immediate.transfer': IMMEDIATE_WIZARD,
  'stock.quant': QUANT,
};

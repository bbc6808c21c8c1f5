// Model declarations of the Odoo external-API EMULATOR (not Odoo): fields with
// their Odoo labels (used verbatim in Odoo's error templates), defaults,
// computed values, display names, default orders and seed data.
//
// Only the fields an integration typically writes are declared. Business rules
// (sequences, guards, action_* methods) live in business.mjs.
//
// Version profiles ("17.0", "18.0", "19.0") switch the renames listed in
// odoo.md §1.10: sale.order.line product_uom/tax_id (17/18) -> product_uom_id/
// tax_ids (19); product.template.type consu|service|product (17) ->
// consu|service|combo + is_storable (18+); res.partner.mobile removed in 19;
// account.payment memo field `ref` and states draft|posted|cancel (17, where
// the payment _inherits its journal entry) -> `memo` and draft|in_process|paid|
// canceled|rejected (18+, addons/account/models/account_payment.py).
//
// Accounting is reduced to what an integration sees: an invoice's amount due
// is its total minus what registered payments and reconciled credit notes
// allocated to it (the emulator keeps these allocations on the paying record
// instead of journal items); no receivable/tax lines are generated.

import { field, char, text, html, integer, float, boolean, date, datetime, selection, many2one, one2many, many2many, computed } from './field-types.mjs';
import { automationModels, fieldRows } from './automation.mjs';
import { productStockFields, stockModels, stockSeedRows } from './stock.mjs';
import { addAccountStatusFields } from './account-status.mjs';
import { mailBlacklistModels } from './mail-blacklist.mjs';


// Odoo float_round(..., precision_digits=2), HALF-UP.
export const round2 = (x) => Math.sign(x) * Math.round((Math.abs(x) + Number.EPSILON) * 100) / 100;
export const today = () => new Date().toISOString().slice(0, 10);
export const now = () => new Date().toISOString().slice(0, 19).replace('T', ' ');

/** price_subtotal / price_tax / price_total of a sale or invoice line. Taxes
 *  are only the ones explicitly set on the line (no product default taxes). */
function lineAmounts(db, model, rec, qtyField, taxField) {
  if (db.value(model, rec, 'display_type') && !['product', false].includes(db.value(model, rec, 'display_type'))) {
    return { subtotal: 0, tax: 0, total: 0 };
  }
  const qty = db.value(model, rec, qtyField);
  const subtotal = round2(qty * rec.price_unit * (1 - (rec.discount || 0) / 100));
  let tax = 0;
  for (const t of db.linked(model, rec, taxField)) {
    tax += t.amount_type === 'fixed' ? t.amount * qty : (subtotal * t.amount) / 100;
  }
  tax = round2(tax);
  return { subtotal, tax, total: round2(subtotal + tax) };
}

const sumLines = (db, model, rec, o2m, key, lineModel, qty, tax) =>
  round2(db.linked(model, rec, o2m).reduce((s, l) => s + lineAmounts(db, lineModel, l, qty, tax)[key], 0));

/** The company currency of the emulated database (USD, seeded with id 2 like base.USD). */
export const COMPANY_CURRENCY_ID = 2;

/** sale.order.currency_id: its pricelist's currency, else the company's (18+ _compute_currency_id). */
export const orderCurrency = (db, order) =>
  db.get('product.pricelist', order.pricelist_id)?.currency_id
  ?? db.get('res.company', order.company_id)?.currency_id ?? COMPANY_CURRENCY_ID;

/**
 * res.currency._convert: amount * (to.rate / from.rate), rounded to the target currency
 * (rates relative to the company currency; the emulator keeps one rate per currency).
 */
export function convertAmount(db, amount, fromId, toId) {
  if (!fromId || !toId || fromId === toId) return amount;
  const from = db.get('res.currency', fromId);
  const to = db.get('res.currency', toId);
  if (!from || !to) return amount;
  const digits = to.decimal_places ?? 2;
  const factor = 10 ** digits;
  return Math.round(amount * (to.rate || 1) / (from.rate || 1) * factor) / factor;
}

export const moveTotal = (db, m) => sumLines(db, 'account.move', m, 'line_ids', 'total', 'account.move.line', 'quantity', 'tax_ids');

// A paying record's allocations count while it is in force: a payment that is posted (17) /
// in process or paid (18+), a credit note that is posted. Resetting either to draft or
// cancelling it also clears its allocations (business.mjs), as Odoo unreconciles them.
const PAYMENT_IN_FORCE = new Set(['posted', 'in_process', 'paid']);
const allocationsOf = (model, r) => ((model === 'account.payment' ? PAYMENT_IN_FORCE.has(r.state) : r.state === 'posted')
  ? r.emulator_allocations ?? [] : []);

/** What payments and credit notes allocated to a move (see the header). */
export function allocatedTo(db, moveId, models = ['account.payment', 'account.move']) {
  let sum = 0;
  for (const model of models) {
    for (const r of db.table(model).values()) for (const a of allocationsOf(model, r)) if (a.move_id === moveId) sum += a.amount;
  }
  return round2(sum);
}

/** What a move (a credit note) allocated to other moves: reconciling consumes both sides. */
const allocatedBy = (m) => round2(allocationsOf('account.move', m).reduce((s, a) => s + a.amount, 0));

/** Amount still due on a move, whatever its state (the wizards use it on 18+ draft invoices). */
export const moveResidual = (db, m) => round2(moveTotal(db, m) - allocatedTo(db, m.id) - allocatedBy(m));

// account.move._compute_payment_state (17-19), reduced: a payment that is not matched with a bank
// statement leaves the invoice `in_payment`; only credit notes reversing it make it `reversed`;
// any other reconciliation (e.g. a credit note consumed by its invoice) makes it `paid`.
function paymentState(db, m) {
  if (m.state !== 'posted' || !['out_invoice', 'out_refund', 'in_invoice', 'in_refund'].includes(m.move_type)) return 'not_paid';
  // 18+: a blocked invoice stays blocked whatever is paid (account.move.action_toggle_block_payment).
  if (m.emulator_payment_blocked && !db.pre18) return 'blocked';
  const settled = round2(allocatedTo(db, m.id) + allocatedBy(m));
  if (settled <= 0) return 'not_paid';
  if (round2(moveTotal(db, m) - settled) > 0) return 'partial';
  if (allocatedTo(db, m.id, ['account.payment']) > 0) return 'in_payment';
  const creditNotes = [...db.table('account.move').values()].filter((r) => allocationsOf('account.move', r).some((a) => a.move_id === m.id));
  return creditNotes.length && creditNotes.every((r) => r.reversed_entry_id === m.id) ? 'reversed' : 'paid';
}

const ACCOUNT_GROUPS = 'account.group_account_invoice,account.group_account_readonly';

/** What the partner's commercial entity owes (receivable) or is owed (payable) on posted moves. */
function partnerBalance(db, partner, [inv, refund]) {
  const commercial = db.value('res.partner', partner, 'commercial_partner_id');
  let sum = 0;
  for (const m of db.table('account.move').values()) {
    if (m.state !== 'posted' || ![inv, refund].includes(m.move_type)) continue;
    const p = db.get('res.partner', m.partner_id);
    if (!p || db.value('res.partner', p, 'commercial_partner_id') !== commercial) continue;
    sum += (m.move_type === inv ? 1 : -1) * moveResidual(db, m);
  }
  return round2(sum);
}

const orderInvoices = (db, order) => {
  const lineIds = new Set(db.linked('sale.order', order, 'order_line').map((l) => l.id));
  const moveIds = new Set();
  for (const l of db.table('account.move.line').values()) if ((l.sale_line_ids ?? []).some((id) => lineIds.has(id))) moveIds.add(l.move_id);
  return [...moveIds].map((id) => db.get('account.move', id)).filter(Boolean).sort((a, b) => a.id - b.id);
};

/** Quantity invoiced on a sale line: its invoice lines, minus credit notes, cancelled moves aside. */
export function invoicedQty(db, line) {
  let qty = 0;
  for (const l of db.table('account.move.line').values()) {
    if (!(l.sale_line_ids ?? []).includes(line.id)) continue;
    const move = db.get('account.move', l.move_id);
    if (!move || move.state === 'cancel') continue;
    qty += move.move_type === 'out_refund' ? -l.quantity : l.quantity;
  }
  return qty;
}

// --- registry ----------------------------------------------------------------
/**
 * Build the model registry for one version profile. Each model: { label
 * (_description), idStart, order (_order), recNamesSearch, fields, displayName? }.
 * Every model also gets id, display_name, create_date, write_date.
 */
export function buildModels(version, apps = {}) {
  const v16 = version === '16.0';
  // 16.0 shares 17.0's product types and payment model; its own differences are marked v16.
  const v17 = version === '17.0' || v16;
  const v19 = version === '19.0';
  const uomField = v19 ? 'product_uom_id' : 'product_uom';
  const soTaxField = v19 ? 'tax_ids' : 'tax_id';

  const models = {
    // Multi-company databases: records carry company_id (seeded: id 1 "My Company", id 2 "Second Company").
    'res.company': {
      label: 'Companies', order: 'sequence asc, name asc',
      fields: {
        name: char('Company Name', { required: true }),
        sequence: integer('Sequence'),
        currency_id: many2one('res.currency', 'Currency', { required: true, default: COMPANY_CURRENCY_ID }),
      },
    },
    // Only what an API client reads about itself (the API user is seeded from the config).
    'res.users': {
      label: 'User', order: 'login asc',
      fields: {
        name: char('Name', { required: true }),
        login: char('Login', { required: true }),
        active: boolean('Active'),
      },
    },
    'res.country': {
      label: 'Country', order: 'name asc',
      fields: {
        name: char('Country Name', { required: true }),
        code: char('Country Code'),
        phone_code: integer('Country Calling Code'),
        state_ids: one2many('res.country.state', 'country_id', 'States'),
      },
    },
    'res.country.state': {
      label: 'Country state', order: 'code asc',
      fields: {
        name: char('State Name', { required: true }),
        code: char('State Code', { required: true }),
        country_id: many2one('res.country', 'Country', { required: true }),
      },
      // res.country.state._compute_display_name: "California (US)"
      displayName: (db, r) => `${r.name} (${db.get('res.country', r.country_id)?.code ?? ''})`,
    },
    'res.partner': {
      label: 'Contact', idStart: 7, order: 'display_name asc, id desc',
      recNamesSearch: ['display_name', 'email', 'ref', 'vat', 'company_registry'],
      fields: {
        // Real Odoo enforces this with the CHECK "Contacts require a name" on
        // type='contact'; the emulator reports it as a NOT NULL violation.
        name: char('Name', { required: (r) => r.type === 'contact' }),
        ref: char('Reference'),
        email: char('Email'),
        phone: char('Phone'),
        ...(v19 ? {} : { mobile: char('Mobile') }),
        website: char('Website Link'),
        vat: char('Tax ID'),
        company_registry: char('Company ID'),
        street: char('Street'),
        street2: char('Street2'),
        city: char('City'),
        zip: char('Zip'),
        state_id: many2one('res.country.state', 'State', { ondelete: 'restrict' }),
        country_id: many2one('res.country', 'Country', { ondelete: 'restrict' }),
        is_company: boolean('Is a Company', { default: false }),
        // 16.0-19.0 (OpenUpgrade's base analyses delete it in none of them); gone after 19.0,
        // where parent_name "will act in place of company_name" (res_partner.py on master).
        company_name: char('Company Name'),
        function: char('Job Position'),
        parent_id: many2one('res.partner', 'Related Company'),
        child_ids: one2many('res.partner', 'parent_id', 'Contact'),
        type: selection('Address Type', [['contact', 'Contact'], ['invoice', 'Invoice Address'],
          ['delivery', 'Delivery Address'], ['other', 'Other Address']], { default: 'contact' }),
        lang: char('Language', { default: 'en_US' }),
        comment: html('Notes'),
        customer_rank: integer('Customer Rank', { default: 0 }),
        supplier_rank: integer('Supplier Rank', { default: 0 }),
        active: boolean('Active', { default: true }),
        // account: res.partner._credit_debit_get (Total Receivable / Payable of the commercial
        // entity, from open invoices here); group-restricted, so never in a webhook payload.
        credit: computed('float', 'Total Receivable', (db, r) => partnerBalance(db, r, ['out_invoice', 'out_refund']), { groups: ACCOUNT_GROUPS }),
        debit: computed('float', 'Total Payable', (db, r) => partnerBalance(db, r, ['in_invoice', 'in_refund']), { groups: ACCOUNT_GROUPS }),
        commercial_partner_id: computed('many2one', 'Commercial Entity', (db, r) => {
          let p = r;
          while (!p.is_company && p.parent_id && db.get('res.partner', p.parent_id)) p = db.get('res.partner', p.parent_id);
          return p.id;
        }, { comodel: 'res.partner' }),
      },
      // res.partner._compute_display_name / _get_complete_name: "Company, Contact"
      displayName: (db, r) => {
        const parent = r.parent_id && db.get('res.partner', r.parent_id);
        if (parent && !r.is_company) {
          const own = r.name || { invoice: 'Invoice Address', delivery: 'Delivery Address', other: 'Other Address' }[r.type] || '';
          return `${db.displayName('res.partner', parent)}, ${own}`;
        }
        return r.name || '';
      },
    },
    'uom.uom': {
      label: 'Product Unit of Measure', order: 'name asc',
      fields: { name: char('Unit Name', { required: true }), active: boolean('Active', { default: true }) },
    },
    'account.tax': {
      label: 'Tax', order: 'sequence asc, id asc',
      fields: {
        name: char('Tax Name', { required: true }),
        amount: float('Amount'),
        amount_type: selection('Tax Computation', [['fixed', 'Fixed'], ['percent', 'Percentage of Price']], { default: 'percent' }),
        type_tax_use: selection('Tax Type', [['sale', 'Sales'], ['purchase', 'Purchases'], ['none', 'None']], { default: 'sale' }),
        sequence: integer('Sequence', { default: 1 }),
        active: boolean('Active', { default: true }),
      },
    },
    'account.journal': {
      label: 'Journal', order: 'sequence asc, type asc, code asc',
      fields: {
        name: char('Journal Name', { required: true }),
        code: char('Short Code', { required: true }),
        type: selection('Type', [['sale', 'Sales'], ['purchase', 'Purchase'], ['cash', 'Cash'],
          ['bank', 'Bank'], ['general', 'Miscellaneous']], { required: true }),
        sequence: integer('Sequence', { default: 10 }),
        active: boolean('Active', { default: true }),
      },
    },
    'crm.stage': {
      label: 'CRM Stages', order: 'sequence asc, name asc, id asc',
      fields: {
        name: char('Stage Name', { required: true }),
        sequence: integer('Sequence', { default: 1 }),
        is_won: boolean('Is Won Stage?'),
      },
    },
    'product.template': {
      label: 'Product', idStart: 1001, order: 'name asc, id asc',
      recNamesSearch: ['name', 'default_code'],
      fields: {
        name: char('Name', { required: true }),
        default_code: char('Internal Reference'),
        barcode: char('Barcode'),
        list_price: float('Sales Price', { default: 1.0 }),
        standard_price: float('Cost', { default: 0 }),
        // product.template.currency_id (16-19): the product's company currency, else the current
        // company's (_compute_currency_id); the emulator's products have no company_id.
        currency_id: computed('many2one', 'Currency', (db) => db.get('res.company', 1)?.currency_id ?? COMPANY_CURRENCY_ID, { comodel: 'res.currency' }),
        type: selection('Product Type', v17
          ? [['consu', 'Consumable'], ['service', 'Service'], ['product', 'Storable Product']]
          : [['consu', 'Goods'], ['service', 'Service'], ['combo', 'Combo']], { default: 'consu', required: true }),
        ...(v17 ? {} : { is_storable: boolean('Track Inventory', { default: false }) }),
        sale_ok: boolean('Can be Sold', { default: true }),
        purchase_ok: boolean('Can be Purchased', { default: true }),
        description_sale: text('Sales Description'),
        weight: float('Weight'),
        uom_id: many2one('uom.uom', 'Unit', { default: 1, required: true }),
        active: boolean('Active', { default: true }),
        product_variant_ids: one2many('product.product', 'product_tmpl_id', 'Products'),
        product_variant_id: computed('many2one', 'Product', (db, r) => db.linked('product.template', r, 'product_variant_ids')[0]?.id ?? false,
          { comodel: 'product.product' }),
      },
      displayName: (db, r) => (r.default_code ? `[${r.default_code}] ${r.name}` : r.name || ''),
    },
    // product.product `_inherits` product.template: inherited fields are stored
    // on the template (single-variant products; no attribute values).
    'product.product': {
      label: 'Product Variant', idStart: 11, order: 'default_code asc, name asc, id asc',
      inherits: { model: 'product.template', field: 'product_tmpl_id' },
      recNamesSearch: ['name', 'default_code', 'barcode'],
      fields: {
        product_tmpl_id: many2one('product.template', 'Product Template', { required: true, ondelete: 'cascade' }),
        active: boolean('Active', { default: true }),
        // lst_price = list_price + price_extra (the attribute values' extras, 16-19); the emulator's
        // variants have no attribute values, so the extra is 0.
        price_extra: computed('float', 'Variant Price Extra', () => 0),
        lst_price: computed('float', 'Sales Price', (db, r) => db.value('product.product', r, 'list_price') + db.value('product.product', r, 'price_extra')),
        // stock: computed per context (warehouse / location), not stored (stock.mjs)
        ...productStockFields(),
      },
      displayName: (db, r) => {
        const t = db.get('product.template', r.product_tmpl_id);
        return t ? (t.default_code ? `[${t.default_code}] ${t.name}` : t.name || '') : '';
      },
    },
    'sale.order': {
      label: 'Sales Order', order: 'date_order desc, id desc',
      fields: {
        name: char('Order Reference', { required: true, default: 'New' }),
        partner_id: many2one('res.partner', 'Customer', { required: true }),
        company_id: many2one('res.company', 'Company'),
        partner_invoice_id: many2one('res.partner', 'Invoice Address'),
        partner_shipping_id: many2one('res.partner', 'Delivery Address'),
        client_order_ref: char('Customer Reference'),
        origin: char('Source Document'),
        date_order: datetime('Order Date', { required: true, default: () => now() }),
        validity_date: date('Expiration'),
        commitment_date: datetime('Delivery Date'),
        state: selection('Status', [['draft', 'Quotation'], ['sent', 'Quotation Sent'],
          ['sale', 'Sales Order'], ...(v16 ? [['done', 'Locked']] : []), ['cancel', 'Cancelled']], { default: 'draft' }),
        // 17.0 replaced the `done` state by this flag (addons/sale/models/sale_order.py).
        ...(v16 ? {} : { locked: boolean('Locked', { default: false }) }),
        // The partner's pricelist by default (res.partner.property_product_pricelist: the first
        // active pricelist here). The order's currency IS its pricelist's: a related field in
        // 16/17, computed "pricelist currency or company currency" in 18/19; not writable apart.
        pricelist_id: many2one('product.pricelist', 'Pricelist', { ondelete: 'restrict',
          default: (db) => db.search('product.pricelist', [], { limit: 1 })[0] ?? false }),
        currency_id: computed('many2one', 'Currency', (db, r) => orderCurrency(db, r), { comodel: 'res.currency' }),
        note: html('Terms and conditions'),
        order_line: one2many('sale.order.line', 'order_id', 'Order Lines'),
        // sale_stock: the warehouse its delivery leaves from, and its transfers.
        warehouse_id: many2one('stock.warehouse', 'Warehouse', { required: true, default: 1 }),
        picking_ids: one2many('stock.picking', 'sale_id', 'Transfers'),
        delivery_count: computed('integer', 'Delivery Orders', (db, r) => db.linked('sale.order', r, 'picking_ids').length),
        // sale.order._get_invoiced: the invoices and credit notes of its lines.
        invoice_ids: computed('many2many', 'Invoices', (db, r) => orderInvoices(db, r).map((m) => m.id), { comodel: 'account.move' }),
        invoice_status: computed('selection', 'Invoice Status', (db, r) => {
          if (r.state !== 'sale') return 'no';
          const lines = db.linked('sale.order', r, 'order_line').filter((l) => !l.display_type);
          return lines.some((l) => invoicedQty(db, l) < l.product_uom_qty) ? 'to invoice' : 'invoiced';
        }, { selection: [['upselling', 'Upselling Opportunity'], ['invoiced', 'Fully Invoiced'], ['to invoice', 'To Invoice'], ['no', 'Nothing to Invoice']] }),
        amount_untaxed: computed('float', 'Untaxed Amount',
          (db, r) => sumLines(db, 'sale.order', r, 'order_line', 'subtotal', 'sale.order.line', 'product_uom_qty', soTaxField)),
        amount_tax: computed('float', 'Taxes',
          (db, r) => sumLines(db, 'sale.order', r, 'order_line', 'tax', 'sale.order.line', 'product_uom_qty', soTaxField)),
        amount_total: computed('float', 'Total',
          (db, r) => sumLines(db, 'sale.order', r, 'order_line', 'total', 'sale.order.line', 'product_uom_qty', soTaxField)),
      },
    },
    'sale.order.line': {
      label: 'Sales Order Line', order: 'order_id asc, sequence asc, id asc',
      fields: {
        order_id: many2one('sale.order', 'Order Reference', { required: true, ondelete: 'cascade' }),
        sequence: integer('Sequence', { default: 10 }),
        display_type: selection('Display Type', [['line_section', 'Section'], ['line_note', 'Note'],
          ...(v19 ? [['line_subsection', 'Subsection']] : [])]),
        product_id: many2one('product.product', 'Product', { ondelete: 'restrict' }),
        name: text('Description'),
        product_uom_qty: float('Quantity', { default: 1.0 }),
        [uomField]: many2one('uom.uom', 'Unit', { ondelete: 'restrict' }),
        price_unit: float('Unit Price'),
        discount: float('Discount (%)'),
        [soTaxField]: many2many('account.tax', 'Taxes'),
        qty_delivered: float('Delivery Quantity'),
        qty_invoiced: computed('float', 'Invoiced Quantity', (db, r) => invoicedQty(db, r)),
        // Invoicing policy "Ordered quantities" (the default): what is ordered and not yet invoiced.
        qty_to_invoice: computed('float', 'Quantity To Invoice', (db, r) => (db.get('sale.order', r.order_id)?.state === 'sale' && !r.display_type
          ? r.product_uom_qty - invoicedQty(db, r) : 0)),
        price_subtotal: computed('float', 'Subtotal',
          (db, r) => lineAmounts(db, 'sale.order.line', r, 'product_uom_qty', soTaxField).subtotal),
        price_tax: computed('float', 'Total Tax',
          (db, r) => lineAmounts(db, 'sale.order.line', r, 'product_uom_qty', soTaxField).tax),
        price_total: computed('float', 'Total',
          (db, r) => lineAmounts(db, 'sale.order.line', r, 'product_uom_qty', soTaxField).total),
        state: computed('selection', 'Order Status', (db, r) => db.get('sale.order', r.order_id)?.state ?? false),
      },
      displayName: (db, r) => `${db.get('sale.order', r.order_id)?.name ?? ''} - ${(r.name || '').split('\n')[0]}`,
    },
    'account.move': {
      label: 'Journal Entry', order: 'date desc, name desc, id desc',
      fields: {
        name: char('Number', { default: '/' }),
        move_type: selection('Type', [['entry', 'Journal Entry'], ['out_invoice', 'Customer Invoice'],
          ['out_refund', 'Customer Credit Note'], ['in_invoice', 'Vendor Bill'], ['in_refund', 'Vendor Credit Note'],
          ['out_receipt', 'Sales Receipt'], ['in_receipt', 'Purchase Receipt']], { required: true, default: 'entry' }),
        partner_id: many2one('res.partner', 'Partner', { ondelete: 'restrict' }),
        ref: char('Reference'),
        payment_reference: char('Payment Reference'),
        invoice_origin: char('Origin'),
        invoice_date: date('Invoice/Bill Date'),
        invoice_date_due: date('Due Date'),
        date: date('Date', { required: true, default: () => today() }),
        journal_id: many2one('account.journal', 'Journal', { required: true }),
        state: selection('Status', [['draft', 'Draft'], ['posted', 'Posted'], ['cancel', 'Cancelled']],
          { required: true, default: 'draft' }),
        currency_id: many2one('res.currency', 'Currency', { default: COMPANY_CURRENCY_ID, required: true }),
        reversed_entry_id: many2one('account.move', 'Reversal of'),
        // Stored and computed from reconciliation in Odoo; here from the allocations. A fully paid
        // invoice is `in_payment` until its payment is matched with a bank statement (17-19).
        payment_state: computed('selection', 'Payment Status', (db, r) => paymentState(db, r), { storedCompute: true,
          selection: [['not_paid', 'Not Paid'], ['in_payment', 'In Payment'], ['paid', 'Paid'], ['partial', 'Partially Paid'],
            ['reversed', 'Reversed'], ...(v17 ? [] : [['blocked', 'Blocked']]), ['invoicing_legacy', 'Invoicing App Legacy']],
        }),
        narration: html('Terms and Conditions'),
        // Both o2m over the same lines: the emulator creates no tax/receivable lines.
        invoice_line_ids: one2many('account.move.line', 'move_id', 'Invoice lines'),
        line_ids: one2many('account.move.line', 'move_id', 'Journal Items'),
        amount_untaxed: computed('float', 'Untaxed Amount',
          (db, r) => sumLines(db, 'account.move', r, 'line_ids', 'subtotal', 'account.move.line', 'quantity', 'tax_ids')),
        amount_tax: computed('float', 'Tax',
          (db, r) => sumLines(db, 'account.move', r, 'line_ids', 'tax', 'account.move.line', 'quantity', 'tax_ids')),
        amount_total: computed('float', 'Total',
          (db, r) => sumLines(db, 'account.move', r, 'line_ids', 'total', 'account.move.line', 'quantity', 'tax_ids')),
        amount_residual: computed('float', 'Amount Due', (db, r) => (r.state === 'posted' ? moveResidual(db, r) : 0), { storedCompute: true }),
      },
      // account.move._get_move_display_name: "Draft Invoice (* 7)" until posted.
      displayName: (db, r) => {
        if (r.name && r.name !== '/') return r.name;
        const kind = { out_invoice: 'Invoice', out_refund: 'Credit Note', in_invoice: 'Bill', in_refund: 'Refund',
          out_receipt: 'Sales Receipt', in_receipt: 'Purchase Receipt' }[r.move_type] ?? 'Entry';
        return `Draft ${kind} (* ${r.id})`;
      },
    },
    'account.move.line': {
      label: 'Journal Item', order: 'date desc, move_id desc, id asc',
      fields: {
        move_id: many2one('account.move', 'Journal Entry', { required: true, ondelete: 'cascade' }),
        sequence: integer('Sequence', { default: 10 }),
        display_type: selection('Display Type', [['product', 'Product'], ['cogs', 'Cost of Goods Sold'],
          ['tax', 'Tax'], ['discount', 'Discount'], ['rounding', 'Rounding'], ['payment_term', 'Payment Term'],
          ['line_section', 'Section'], ['line_note', 'Note'], ['epd', 'Early Payment Discount']], { default: 'product' }),
        name: char('Label'),
        product_id: many2one('product.product', 'Product', { ondelete: 'restrict' }),
        quantity: float('Quantity', { default: 1.0 }),
        product_uom_id: many2one('uom.uom', 'Unit'),
        price_unit: float('Unit Price'),
        discount: float('Discount (%)'),
        tax_ids: many2many('account.tax', 'Taxes'),
        sale_line_ids: many2many('sale.order.line', 'Sales Order Lines'),
        price_subtotal: computed('float', 'Subtotal',
          (db, r) => lineAmounts(db, 'account.move.line', r, 'quantity', 'tax_ids').subtotal),
        price_total: computed('float', 'Total',
          (db, r) => lineAmounts(db, 'account.move.line', r, 'quantity', 'tax_ids').total),
        partner_id: computed('many2one', 'Partner', (db, r) => db.get('account.move', r.move_id)?.partner_id ?? false,
          { comodel: 'res.partner' }),
        parent_state: computed('selection', 'Status', (db, r) => db.get('account.move', r.move_id)?.state ?? false),
        date: computed('date', 'Date', (db, r) => db.get('account.move', r.move_id)?.date ?? false),
      },
      displayName: (db, r) => r.name || db.displayName('account.move', db.get('account.move', r.move_id) ?? {}),
    },
    'res.currency': {
      label: 'Currency', order: 'active desc, name asc',
      fields: {
        name: char('Currency', { required: true }),
        symbol: char('Symbol', { required: true }),
        decimal_places: integer('Decimal Places', { default: 2 }),
        active: boolean('Active', { default: true }),
        // res.currency.rate: units of this currency per unit of the company currency, today
        // (computed from res.currency.rate in Odoo; one stored rate per currency here).
        rate: float('Current Rate', { default: 1.0 }),
        ...(v17 ? {} : { iso_numeric: integer('Currency numeric code') }),
      },
    },
    // addons/product/models/product_pricelist.py: an order's currency comes from its pricelist.
    'product.pricelist': {
      label: 'Pricelist', order: 'sequence asc, id asc',
      fields: {
        name: char('Pricelist Name', { required: true }),
        active: boolean('Active', { default: true }),
        sequence: integer('Sequence', { default: 16 }),
        currency_id: many2one('res.currency', 'Currency', { required: true, default: COMPANY_CURRENCY_ID }),
        company_id: many2one('res.company', 'Company'),
      },
      // product.pricelist._compute_display_name (17+): "Public Pricelist (USD)"
      displayName: (db, r) => `${r.name} (${db.get('res.currency', r.currency_id)?.name ?? ''})`,
    },
    'account.payment': {
      label: 'Payments', order: 'date desc, name desc',
      fields: {
        name: char('Number', { default: '/' }),
        partner_id: many2one('res.partner', 'Customer/Vendor', { ondelete: 'restrict' }),
        amount: float('Amount'),
        currency_id: many2one('res.currency', 'Currency', { default: COMPANY_CURRENCY_ID }),
        payment_type: selection('Payment Type', [['outbound', 'Send'], ['inbound', 'Receive']], { required: true, default: 'inbound' }),
        partner_type: selection('Partner Type', [['customer', 'Customer'], ['supplier', 'Vendor']], { default: 'customer' }),
        journal_id: many2one('account.journal', 'Journal', { required: true,
          default: (db) => [...db.table('account.journal').values()].find((j) => j.type === 'bank')?.id ?? false }),
        date: date('Date', { required: true, default: () => today() }),
        [v17 ? 'ref' : 'memo']: char(v17 ? 'Reference' : 'Memo'),
        payment_reference: char('Payment Reference'),
        state: selection('Status', v17
          ? [['draft', 'Draft'], ['posted', 'Posted'], ['cancel', 'Cancelled']]
          : [['draft', 'Draft'], ['in_process', 'In Process'], ['paid', 'Paid'], ['canceled', 'Canceled'], ['rejected', 'Rejected']],
        { required: true, default: 'draft' }),
        reconciled_invoice_ids: computed('many2many', 'Reconciled Invoices',
          (db, r) => (r.emulator_allocations ?? []).map((a) => a.move_id), { comodel: 'account.move' }),
        is_reconciled: computed('boolean', 'Is Reconciled', (db, r) => (r.emulator_allocations ?? []).length > 0),
      },
    },
    // Wizards (TransientModel): created with the context of the records they act on, then a
    // button method is called on them (addons/account/wizard/, addons/sale/wizard/).
    'account.payment.register': {
      label: 'Pay', transient: true,
      fields: {
        payment_date: date('Payment Date', { required: true, default: () => today() }),
        amount: float('Amount'),
        communication: char('Memo'),
        journal_id: many2one('account.journal', 'Journal'),
        currency_id: many2one('res.currency', 'Currency'),
        group_payment: boolean('Group Payments', { default: true }),
        payment_difference_handling: selection('Payment Difference Handling', [['open', 'Keep open'], ['reconcile', 'Mark as fully paid']],
          { default: 'open' }),
        line_ids: many2many('account.move', 'Journal items'),
      },
    },
    'account.move.reversal': {
      label: 'Account Move Reversal', transient: true,
      fields: {
        move_ids: many2many('account.move', 'Move'),
        new_move_ids: many2many('account.move', 'New Move'),
        date: date('Reversal date', { default: () => today() }),
        reason: char('Reason displayed on Credit Note'),
        journal_id: many2one('account.journal', 'Journal'),
      },
    },
    'sale.advance.payment.inv': {
      label: 'Sales Advance Payment Invoice', transient: true,
      fields: {
        advance_payment_method: selection('Create Invoice', v19
          ? [['delivered', 'Regular invoice'], ['fixed', 'Down payment (fixed amount)']]
          : [['delivered', 'Regular invoice'], ['percentage', 'Down payment (percentage)'], ['fixed', 'Down payment (fixed amount)']],
        { required: true, default: 'delivered' }),
        sale_order_ids: many2many('sale.order', 'Sales Orders'),
      },
    },
    // Community's Project app: the fallback a tenant without Helpdesk can route tickets to.
    'project.project': {
      label: 'Project', order: 'sequence asc, name asc, id asc',
      fields: {
        name: char('Name', { required: true }),
        sequence: integer('Sequence', { default: 10 }),
        active: boolean('Active', { default: true }),
      },
    },
    'project.task': {
      label: 'Task', order: 'priority desc, sequence asc, id desc',
      fields: {
        name: char('Title', { required: true }),
        project_id: many2one('project.project', 'Project'),
        partner_id: many2one('res.partner', 'Customer'),
        description: html('Description'),
        priority: selection('Priority', [['0', 'Low priority'], ['1', 'High priority']], { default: '0' }),
        sequence: integer('Sequence', { default: 10 }),
        // 17.0+ (16.0 has kanban_state and stage-based closing instead).
        ...(v16 ? {} : { state: selection('State', [['01_in_progress', 'In Progress'], ['02_changes_requested', 'Changes Requested'],
          ['03_approved', 'Approved'], ['1_done', 'Done'], ['1_canceled', 'Cancelled'], ['04_waiting_normal', 'Waiting']],
        { default: '01_in_progress' }) }),
        active: boolean('Active', { default: true }),
      },
    },
    // Helpdesk is an Enterprise app (not in Odoo's public source): fields as documented for it,
    // present only when the emulator is configured with {"apps": ["helpdesk"]}.
    ...(apps.helpdesk ? {
      'helpdesk.team': {
        label: 'Helpdesk Team', order: 'sequence asc, id asc',
        fields: { name: char('Helpdesk Team', { required: true }), sequence: integer('Sequence', { default: 10 }) },
      },
      'helpdesk.stage': {
        label: 'Helpdesk Stage', order: 'sequence asc, id asc',
        fields: { name: char('Stage Name', { required: true }), sequence: integer('Sequence', { default: 1 }), fold: boolean('Folded in Kanban') },
      },
      'helpdesk.ticket': {
        label: 'Helpdesk Ticket', order: 'priority desc, id desc',
        fields: {
          name: char('Subject', { required: true }),
          team_id: many2one('helpdesk.team', 'Helpdesk Team', { default: (db) => db.search('helpdesk.team', [], { limit: 1 })[0] ?? false }),
          description: html('Description'),
          partner_id: many2one('res.partner', 'Customer'),
          partner_name: char('Customer Name'),
          partner_email: char('Customer Email'),
          priority: selection('Priority', [['0', 'Low priority'], ['1', 'Medium priority'], ['2', 'High priority'], ['3', 'Urgent']], { default: '0' }),
          stage_id: many2one('helpdesk.stage', 'Stage', { ondelete: 'restrict', default: (db) => db.search('helpdesk.stage', [], { limit: 1 })[0] ?? false }),
          active: boolean('Active', { default: true }),
        },
      },
    } : {}),
    ...stockModels(version),
    ...automationModels(version),
    ...mailBlacklistModels(version),
    // The mail module's activities (addons/mail/models/mail_activity.py, mail_activity_type.py):
    // res_model_id is a required Many2one to ir.model (the model's id, not its name), res_id a
    // required Many2oneReference, res_model the stored related 'res_model_id.model' (readonly),
    // date_deadline required with default context_today, user_id defaults to the calling user,
    // activity_type_id to mail.mail_activity_data_todo.
    'mail.activity.type': {
      label: 'Activity Type', order: 'sequence asc, id asc',
      fields: {
        name: char('Name', { required: true }),
        summary: char('Default Summary'),
        sequence: integer('Sequence', { default: 10 }),
        active: boolean('Active', { default: true }),
      },
    },
    'mail.activity': {
      label: 'Activity', order: 'date_deadline asc, id asc',
      fields: {
        res_model_id: many2one('ir.model', 'Document Model', { required: true, ondelete: 'cascade' }),
        res_model: computed('char', 'Related Document Model', (db, r) => db.get('ir.model', r.res_model_id)?.model ?? false),
        res_id: integer('Related Document ID', { required: true }),
        activity_type_id: many2one('mail.activity.type', 'Activity Type', {
          ondelete: 'restrict',
          default: (db) => [...db.table('ir.model.data').values()]
            .find((r) => r.module === 'mail' && r.name === 'mail_activity_data_todo')?.res_id ?? false,
        }),
        summary: char('Summary'),
        note: html('Note'),
        date_deadline: date('Due Date', { required: true, default: () => today() }),
        user_id: many2one('res.users', 'Assigned to', { default: (db) => db.uid }),
        automated: boolean('Automated activity'),
      },
    },
    // The installed models (ir.model), seeded from this registry: how a client tells whether an
    // app such as Helpdesk is installed.
    'ir.model': {
      label: 'Models', order: 'model asc',
      fields: { name: char('Model Description', { required: true }), model: char('Model', { required: true }), transient: boolean('Transient Model') },
    },
    'crm.lead': {
      label: 'Lead/Opportunity', order: 'priority desc, id desc',
      recNamesSearch: ['name', 'email_from', 'partner_name', 'contact_name'],
      fields: {
        name: char('Opportunity', { required: true }),
        // Without the "Leads" setting new records are opportunities (crm.lead.type default).
        type: selection('Type', [['lead', 'Lead'], ['opportunity', 'Opportunity']], { required: true, default: 'opportunity' }),
        partner_id: many2one('res.partner', 'Customer'),
        contact_name: char('Contact Name'),
        partner_name: char('Company Name'),
        email_from: char('Email'),
        phone: char('Phone'),
        ...(v19 ? {} : { mobile: char('Mobile') }),
        street: char('Street'),
        city: char('City'),
        zip: char('Zip'),
        country_id: many2one('res.country', 'Country'),
        expected_revenue: float('Expected Revenue'),
        probability: float('Probability', { default: 10 }),
        stage_id: many2one('crm.stage', 'Stage', { ondelete: 'restrict', default: (db) => db.search('crm.stage', [], { limit: 1 })[0] ?? false }),
        priority: selection('Priority', [['0', 'Low'], ['1', 'Medium'], ['2', 'High'], ['3', 'Very High']], { default: '0' }),
        description: html('Notes'),
        date_deadline: date('Expected Closing'),
        referred: char('Referred By'),
        active: boolean('Active', { default: true }),
      },
    },
    'ir.model.data': {
      label: 'Model Data', idStart: 10001, order: 'module asc, name asc, id asc',
      recNamesSearch: ['complete_name'],
      fields: {
        name: char('External Identifier', { required: true }),
        module: char('Module', { required: true }),
        model: char('Model Name', { required: true }),
        res_id: integer('Record ID'),
        noupdate: boolean('Non Updatable', { default: false }),
        complete_name: computed('char', 'Complete ID', (db, r) => `${r.module}.${r.name}`),
      },
      displayName: (db, r) => `${r.module}.${r.name}`,
    },
  };
  addAccountStatusFields(models);

  for (const [name, def] of Object.entries(models)) {
    def.name = name;
    def.idStart ??= 1;
    def.fields = {
      id: computed('integer', 'ID', (db, r) => r.id),
      ...def.fields,
      display_name: computed('char', 'Display Name', (db, r) => db.displayName(name, r)),
      create_date: datetime('Created on', { readonly: true, auto: true }),
      write_date: datetime('Last Updated on', { readonly: true, auto: true }),
    };
    for (const [fname, f] of Object.entries(def.fields)) Object.assign(f, { name: fname, model: name });
    if (def.inherits) {
      // Delegated fields of the parent appear on the child (odoo `_inherits`).
      const parent = models[def.inherits.model];
      for (const [fname, f] of Object.entries(parent.fields)) {
        if (fname in def.fields || ['product_variant_ids', 'product_variant_id'].includes(fname)) continue;
        def.fields[fname] = { ...f, model: name, inherited: true };
      }
    }
  }
  return { models, uomField, soTaxField };
}

// --- seed data -----------------------------------------------------------------
const COUNTRIES = [
  ['US', 'United States', 1], ['CA', 'Canada', 1], ['GB', 'United Kingdom', 44], ['FR', 'France', 33],
  ['DE', 'Germany', 49], ['BE', 'Belgium', 32], ['NL', 'Netherlands', 31], ['ES', 'Spain', 34],
  ['IT', 'Italy', 39], ['CH', 'Switzerland', 41], ['AU', 'Australia', 61], ['JP', 'Japan', 81],
  ['BR', 'Brazil', 55], ['MX', 'Mexico', 52], ['IN', 'India', 91],
];
const STATES = [
  ['US', 'CA', 'California'], ['US', 'NY', 'New York'], ['US', 'TX', 'Texas'], ['US', 'WA', 'Washington'],
  ['US', 'FL', 'Florida'], ['US', 'IL', 'Illinois'],
  ['CA', 'ON', 'Ontario'], ['CA', 'QC', 'Quebec'], ['CA', 'BC', 'British Columbia'], ['CA', 'AB', 'Alberta'],
];

/** Rows inserted directly (no ORM checks) when a database instance is created. */
export function seedRows(models) {
  const rows = [];
  const countryId = {};
  COUNTRIES.forEach(([code, name, phone], i) => {
    countryId[code] = i + 1;
    rows.push(['res.country', { id: i + 1, name, code, phone_code: phone }]);
    rows.push(['ir.model.data', { module: 'base', name: code.toLowerCase(), model: 'res.country', res_id: i + 1, noupdate: true }]);
  });
  STATES.forEach(([cc, code, name], i) =>
    rows.push(['res.country.state', { id: i + 1, name, code, country_id: countryId[cc] }]));
  [['Units', 'product_uom_unit'], ['Dozens', 'product_uom_dozen'], ['kg', 'product_uom_kgm'], ['Hours', 'product_uom_hour']]
    .forEach(([name, xmlid], i) => {
      rows.push(['uom.uom', { id: i + 1, name, active: true }]);
      rows.push(['ir.model.data', { module: 'uom', name: xmlid, model: 'uom.uom', res_id: i + 1, noupdate: true }]);
    });
  // Rates per 1 USD (the company currency), as res.currency.rate rows of one date would give.
  [['EUR', '€', 2, 0.9], ['USD', '$', 2, 1], ['GBP', '£', 2, 0.8], ['CAD', '$', 2, 1.35], ['JPY', '¥', 0, 150],
    ['AUD', '$', 2, 1.5], ['CHF', 'CHF', 2, 0.88]]
    .forEach(([name, symbol, decimals, rate], i) => {
      rows.push(['res.currency', { id: i + 1, name, symbol, decimal_places: decimals, active: true, rate }]);
      rows.push(['ir.model.data', { module: 'base', name, model: 'res.currency', res_id: i + 1, noupdate: true }]);
    });
  rows.push(['res.company', { id: 1, name: 'My Company', sequence: 10, currency_id: COMPANY_CURRENCY_ID }]);
  rows.push(['res.company', { id: 2, name: 'Second Company', sequence: 20, currency_id: COMPANY_CURRENCY_ID }]);
  // product.list0, made by the product module in the company currency.
  rows.push(['product.pricelist', { id: 1, name: 'Public Pricelist', active: true, sequence: 1, currency_id: COMPANY_CURRENCY_ID }]);
  rows.push(['ir.model.data', { module: 'product', name: 'list0', model: 'product.pricelist', res_id: 1, noupdate: true }]);
  rows.push(['account.tax', { id: 1, name: '15%', amount: 15, amount_type: 'percent', type_tax_use: 'sale', sequence: 1, active: true }]);
  rows.push(['account.tax', { id: 2, name: '15%', amount: 15, amount_type: 'percent', type_tax_use: 'purchase', sequence: 1, active: true }]);
  rows.push(['account.tax', { id: 3, name: '0%', amount: 0, amount_type: 'percent', type_tax_use: 'sale', sequence: 2, active: true }]);
  [['Customer Invoices', 'INV', 'sale'], ['Vendor Bills', 'BILL', 'purchase'], ['Miscellaneous Operations', 'MISC', 'general'],
    ['Bank', 'BNK1', 'bank'], ['Cash', 'CSH1', 'cash']]
    .forEach(([name, code, type], i) => rows.push(['account.journal', { id: i + 1, name, code, type, sequence: i + 1, active: true }]));
  [['New', 1, false], ['Qualified', 2, false], ['Proposition', 3, false], ['Won', 70, true]]
    .forEach(([name, sequence, isWon], i) => rows.push(['crm.stage', { id: i + 1, name, sequence, is_won: isWon }]));
  rows.push(['project.project', { id: 1, name: 'Support', sequence: 10, active: true }]);
  [['Email', 'mail_activity_data_email', 5], ['Call', 'mail_activity_data_call', 6], ['To-Do', 'mail_activity_data_todo', 4]]
    .forEach(([name, xmlid, sequence], i) => {
      rows.push(['mail.activity.type', { id: i + 1, name, sequence, active: true }]);
      rows.push(['ir.model.data', { module: 'mail', name: xmlid, model: 'mail.activity.type', res_id: i + 1, noupdate: true }]);
    });

  const modelIds = {};
  Object.entries(models).forEach(([name, def], i) => {
    modelIds[name] = i + 1;
    rows.push(['ir.model', { id: i + 1, name: def.label, model: name, transient: Boolean(def.transient) }]);
  });
  fieldRows(models, modelIds).forEach((row, i) => rows.push(['ir.model.fields', { id: i + 1, ...row }]));
  rows.push(...stockSeedRows());
  if (models['helpdesk.team']) {
    rows.push(['helpdesk.team', { id: 1, name: 'Customer Care', sequence: 10 }]);
    [['New', 1, false], ['In Progress', 2, false], ['Solved', 3, true], ['Cancelled', 4, true]]
      .forEach(([name, sequence, fold], i) => rows.push(['helpdesk.stage', { id: i + 1, name, sequence, fold }]));
  }
  return rows;
}

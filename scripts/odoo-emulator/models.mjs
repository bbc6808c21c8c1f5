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
// consu|service|combo + is_storable (18+); res.partner.mobile removed in 19.

// --- field constructors ------------------------------------------------------
const field = (type, string, opts = {}) => ({ type, string, ...opts });
const char = (s, o) => field('char', s, o);
const text = (s, o) => field('text', s, o);
const html = (s, o) => field('html', s, o);
const integer = (s, o) => field('integer', s, o);
const float = (s, o) => field('float', s, o);
const boolean = (s, o) => field('boolean', s, o);
const date = (s, o) => field('date', s, o);
const datetime = (s, o) => field('datetime', s, o);
const selection = (s, values, o) => field('selection', s, { selection: values, ...o });
// Many2one.ondelete defaults to 'set null', or 'restrict' when required (odoo/fields.py).
const many2one = (comodel, s, o = {}) =>
  field('many2one', s, { comodel, ondelete: o.ondelete ?? (o.required ? 'restrict' : 'set null'), ...o });
const one2many = (comodel, inverse, s, o) => field('one2many', s, { comodel, inverse, ...o });
const many2many = (comodel, s, o) => field('many2many', s, { comodel, ...o });
const computed = (type, s, compute, o) => field(type, s, { compute, readonly: true, ...o });

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

// --- registry ----------------------------------------------------------------
/**
 * Build the model registry for one version profile. Each model: { label
 * (_description), idStart, order (_order), recNamesSearch, fields, displayName? }.
 * Every model also gets id, display_name, create_date, write_date.
 */
export function buildModels(version) {
  const v17 = version === '17.0';
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
        lst_price: computed('float', 'Sales Price', (db, r) => db.value('product.product', r, 'list_price')),
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
          ['sale', 'Sales Order'], ['cancel', 'Cancelled']], { default: 'draft' }),
        locked: boolean('Locked', { default: false }),
        note: html('Terms and conditions'),
        order_line: one2many('sale.order.line', 'order_id', 'Order Lines'),
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
        qty_invoiced: computed('float', 'Invoiced Quantity', () => 0),
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
        payment_state: selection('Payment Status', [['not_paid', 'Not Paid'], ['in_payment', 'In Payment'],
          ['paid', 'Paid'], ['partial', 'Partially Paid'], ['reversed', 'Reversed'],
          ['invoicing_legacy', 'Invoicing App Legacy']], { default: 'not_paid' }),
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
        amount_residual: computed('float', 'Amount Due', (db, r) => (r.state === 'posted'
          ? sumLines(db, 'account.move', r, 'line_ids', 'total', 'account.move.line', 'quantity', 'tax_ids') : 0)),
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
export function seedRows() {
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
  rows.push(['res.company', { id: 1, name: 'My Company', sequence: 10 }]);
  rows.push(['res.company', { id: 2, name: 'Second Company', sequence: 20 }]);
  rows.push(['account.tax', { id: 1, name: '15%', amount: 15, amount_type: 'percent', type_tax_use: 'sale', sequence: 1, active: true }]);
  rows.push(['account.tax', { id: 2, name: '15%', amount: 15, amount_type: 'percent', type_tax_use: 'purchase', sequence: 1, active: true }]);
  rows.push(['account.tax', { id: 3, name: '0%', amount: 0, amount_type: 'percent', type_tax_use: 'sale', sequence: 2, active: true }]);
  [['Customer Invoices', 'INV', 'sale'], ['Vendor Bills', 'BILL', 'purchase'], ['Miscellaneous Operations', 'MISC', 'general'],
    ['Bank', 'BNK1', 'bank'], ['Cash', 'CSH1', 'cash']]
    .forEach(([name, code, type], i) => rows.push(['account.journal', { id: i + 1, name, code, type, sequence: i + 1, active: true }]));
  [['New', 1, false], ['Qualified', 2, false], ['Proposition', 3, false], ['Won', 70, true]]
    .forEach(([name, sequence, isWon], i) => rows.push(['crm.stage', { id: i + 1, name, sequence, is_won: isWon }]));
  return rows;
}

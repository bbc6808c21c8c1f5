// What the way back reads about invoices and a customer's account (issue #17, invoiceStatus and
// accountStatus), added to the models of models.mjs. Facts, 16.0-19.0 (odoo/odoo):
// - account.move.commercial_partner_id: the partner's commercial entity, a stored related field
//   (addons/account/models/account_move.py), so a rule or a poller can name the customer of a move.
// - account.move.company_currency_id (related company_id.currency_id): the currency of the signed amounts.
// - account.move.amount_residual_signed: the amount due in the company currency, signed like the
//   receivable (a customer credit note is negative), stored: what a balance over several
//   currencies adds up.
// - res.partner.credit_limit (company-dependent Float) and use_partner_credit_limit (computed:
//   "Set a value greater than 0.0 to activate a credit limit check"), both restricted to
//   account.group_account_invoice / account.group_account_readonly (addons/account/models/partner.py).
//   Odoo has no "credit hold" flag: the limit only warns on orders and invoices.
// - sale.order.opportunity_id (sale_crm, auto-installed with sale and crm): the opportunity an
//   order was quoted from, how an invoice leads back to a CRM deal.

import { computed, float, many2one } from './field-types.mjs';
import { COMPANY_CURRENCY_ID, convertAmount, moveResidual, round2 } from './models.mjs';

const ACCOUNT_GROUPS = 'account.group_account_invoice,account.group_account_readonly';
/** Sign of the receivable/payable balance per move type (account.move.amount_residual_signed). */
const SIGN = { out_invoice: 1, out_receipt: 1, in_refund: 1, out_refund: -1, in_invoice: -1, in_receipt: -1 };

export function addAccountStatusFields(models) {
  Object.assign(models['account.move'].fields, {
    commercial_partner_id: computed('many2one', 'Commercial Entity', (db, r) => {
      const partner = r.partner_id && db.get('res.partner', r.partner_id);
      return partner ? db.value('res.partner', partner, 'commercial_partner_id') : false;
    }, { comodel: 'res.partner', storedCompute: true }),
    company_currency_id: computed('many2one', 'Company Currency',
      (db) => db.get('res.company', 1)?.currency_id ?? COMPANY_CURRENCY_ID, { comodel: 'res.currency' }),
    amount_residual_signed: computed('float', 'Amount Due Signed', (db, r) => {
      if (r.state !== 'posted') return 0;
      const company = db.get('res.company', 1)?.currency_id ?? COMPANY_CURRENCY_ID;
      return round2((SIGN[r.move_type] ?? 1) * convertAmount(db, moveResidual(db, r), r.currency_id, company));
    }, { storedCompute: true }),
  });
  Object.assign(models['res.partner'].fields, {
    credit_limit: float('Credit Limit', { groups: ACCOUNT_GROUPS }),
    use_partner_credit_limit: computed('boolean', 'Partner Limit', (db, r) => (r.credit_limit ?? 0) !== 0, { groups: ACCOUNT_GROUPS }),
  });
  Object.assign(models['sale.order'].fields, {
    opportunity_id: many2one('crm.lead', 'Opportunity'),
  });
}

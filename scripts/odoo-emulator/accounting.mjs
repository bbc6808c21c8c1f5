// Accounting of the Odoo external-API EMULATOR (not Odoo): journal entries (posting, numbering,
// reset/cancel), payments, and the two accounting wizards an integration drives over RPC
// (addons/account/models/account_move.py, account_payment.py,
// addons/account/wizard/account_payment_register.py, account_move_reversal.py).
//
// Wizards (TransientModel) work as over RPC in Odoo: `create` them with the context of the
// records they act on (active_model / active_ids, read by the prepareCreate hooks below, like
// Odoo's default_get), then call their button method on the new id. Payments and reconciliation
// are reduced to "allocations" (see models.mjs): a paying record stores
// `emulator_allocations: [{move_id, amount}]`, which lowers the moves' amount_residual and drives
// their payment_state.

import { UserError } from './errors.mjs';
import { convertAmount, moveResidual, round2, today } from './models.mjs';
import { activeIds, commandIds, ensureOne, listView, recordsOf, withoutDefaults } from './actions.mjs';

const JOURNAL_BY_TYPE = { out_invoice: 'sale', out_refund: 'sale', out_receipt: 'sale',
  in_invoice: 'purchase', in_refund: 'purchase', in_receipt: 'purchase', entry: 'general' };

/** Drop the allocations to and from these moves: Odoo unreconciles the journal items of a move that
 *  is reset to draft, cancelled or deleted (account.move.button_draft -> remove_move_reconcile). */
function unreconcile(db, moveIds) {
  const gone = new Set(moveIds);
  for (const model of ['account.payment', 'account.move']) {
    for (const r of db.table(model).values()) {
      if (!r.emulator_allocations) continue;
      r.emulator_allocations = model === 'account.move' && gone.has(r.id)
        ? [] : r.emulator_allocations.filter((a) => !gone.has(a.move_id));
    }
  }
}

/** _get_batch_communication: the receivable lines' labels, else the moves' ref, else their name.
 *  That label is the payment reference, which posting sets to the number of a customer invoice
 *  (account.move._auto_compute_invoice_reference); a draft has no number yet ('/'). */
function batchCommunication(moves) {
  const label = (m) => m.payment_reference || (m.move_type === 'out_invoice' ? m.name : m.ref || m.name);
  return [...new Set(moves.map(label).filter((l) => l && l !== '/'))].sort().join(' ') || false;
}

/** Payment direction and partner type per move type (account_payment_register.py
 *  _get_line_batch_key / account_payment.py MAP_INVOICE_TYPE_PARTNER_TYPE). */
const PAYMENT_DIRECTION = {
  out_invoice: ['inbound', 'customer'], out_receipt: ['inbound', 'customer'], out_refund: ['outbound', 'customer'],
  in_invoice: ['outbound', 'supplier'], in_receipt: ['outbound', 'supplier'], in_refund: ['inbound', 'supplier'],
};

export const ACCOUNTING_HOOKS = {
  'account.move': {
    prepareCreate(db, vals) {
      if (!vals.journal_id) {
        const type = JOURNAL_BY_TYPE[vals.move_type] ?? 'general';
        vals.journal_id = [...db.table('account.journal').values()].find((j) => j.type === type)?.id ?? false;
      }
    },
    afterUnlink(db, recs) {
      unreconcile(db, recs.map((m) => m.id));
    },
  },
  // account_payment_register.py default_get: the moves to pay come from the context.
  'account.payment.register': {
    prepareCreate(db, vals, ctx) {
      let moves;
      if ('line_ids' in vals) {
        moves = db.browseExisting('account.move', commandIds(vals.line_ids));
      } else if (ctx.active_model === 'account.move') {
        moves = db.browseExisting('account.move', activeIds(ctx));
      } else if (ctx.active_model === 'account.move.line') {
        const lines = db.browseExisting('account.move.line', activeIds(ctx));
        moves = [...new Set(lines.map((l) => l.move_id))].map((id) => db.get('account.move', id));
      } else {
        throw UserError('The register payment wizard should only be called on account.move or account.move.line records.');
      }
      // 17.0 refuses unposted moves; 18.0+ also accepts drafts (posted by action_create_payments).
      // A cancelled move is refused on every version (emulator assumption for 18+).
      const accepted = db.pre18 ? ['posted'] : ['posted', 'draft'];
      if (moves.some((m) => !accepted.includes(m.state))) {
        throw UserError('You can only register payment for posted journal entries.');
      }
      // "Keep lines having a residual amount to pay."
      const payable = moves.filter((m) => PAYMENT_DIRECTION[m.move_type] && moveResidual(db, m) > 0);
      if (!payable.length) {
        throw UserError("You can't register a payment because there is nothing left to pay on the selected journal items.");
      }
      vals.line_ids = [[6, 0, payable.map((m) => m.id)]];
      if (!('amount' in vals)) vals.amount = round2(payable.reduce((s, m) => s + moveResidual(db, m), 0));
      if (!('journal_id' in vals)) vals.journal_id = db.search('account.journal', [['type', '=', 'bank']], { limit: 1 })[0] ?? false;
      if (!('currency_id' in vals)) vals.currency_id = payable[0].currency_id;
      if (!('communication' in vals)) vals.communication = batchCommunication(payable);
    },
  },
  // account_move_reversal.py default_get.
  'account.move.reversal': {
    prepareCreate(db, vals, ctx) {
      const ids = 'move_ids' in vals ? commandIds(vals.move_ids)
        : ctx.active_model === 'account.move' ? activeIds(ctx) : [];
      if (db.browseExisting('account.move', ids).some((m) => m.state !== 'posted')) {
        throw UserError('You can only reverse posted moves.');
      }
      if (!('move_ids' in vals)) vals.move_ids = [[6, 0, ids]];
    },
  },
};

const MOVE_TYPE_LABEL = { out_invoice: ['Customer', 'Customer Invoice'], out_refund: ['Customer', 'Customer Credit Note'],
  out_receipt: ['Customer', 'Sales Receipt'], in_invoice: ['Vendor', 'Vendor Bill'],
  in_refund: ['Vendor', 'Vendor Credit Note'], in_receipt: ['Vendor', 'Purchase Receipt'] };

/**
 * A credit note reversing an invoice is reconciled with it when posted: it pays what it can of the
 * invoice's amount due, so a full credit note on an unpaid invoice makes it `reversed`, and one on
 * a paid invoice stays open (money to send back). Odoo 17+ does this in account.move._post for
 * every posted move whose reversed_entry_id is posted (_reconcile_reversed_moves), whichever way
 * the reversal was created.
 */
function reconcileWithReversedEntry(db, creditNote) {
  if (!['out_refund', 'in_refund'].includes(creditNote.move_type) || !creditNote.reversed_entry_id) return;
  const invoice = db.get('account.move', creditNote.reversed_entry_id);
  if (!invoice || invoice.state !== 'posted') return;
  const amount = round2(Math.min(moveResidual(db, creditNote), moveResidual(db, invoice)));
  if (amount > 0) creditNote.emulator_allocations = [{ move_id: invoice.id, amount }];
}

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
          // Credit notes have their own sequence (journal refund_sequence, on by default): RINV/…
          const journal = db.get('account.journal', m.journal_id);
          const prefix = ['out_refund', 'in_refund'].includes(m.move_type) ? `R${journal.code}` : journal.code;
          const year = (invoiceDate || m.date).slice(0, 4);
          const n = db.nextSequence(`account.move/${prefix}/${year}`);
          vals.name = `${prefix}/${year}/${String(n).padStart(5, '0')}`;
        }
        db.write(model, [m.id], vals, ctx);
        reconcileWithReversedEntry(db, m);
      }
      return false;
    },
  },
  // 18.0+ (addons/account/models/account_move.py): "(Un)Block Payment" on an invoice; a blocked
  // invoice's payment_state stays `blocked` ("do not chase") until it is unblocked.
  action_toggle_block_payment: {
    params: [],
    since18: true,
    fn(db, model, ids, args, ctx) {
      const m = ensureOne(db, model, ids);
      const state = db.value(model, m, 'payment_state');
      if (state !== 'blocked' && ['paid', 'in_payment'].includes(state)) throw UserError("You can't block a paid invoice.");
      m.emulator_payment_blocked = state !== 'blocked';
      db.write(model, [m.id], {}, ctx);
      return null;
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
      unreconcile(db, ids);
      return null;
    },
  },
  button_cancel: {
    params: [],
    fn(db, model, ids, args, ctx) {
      const moves = recordsOf(db, model, ids);
      if (moves.some((m) => m.state === 'cancel')) throw UserError('Only draft journal entries can be cancelled.');
      db.write(model, ids, { state: 'cancel' }, ctx);
      unreconcile(db, ids);
      return null;
    },
  },
};

// --- account.payment (addons/account/models/account_payment.py) ----------------------------
// 17.0: a payment _inherits its journal entry; states draft|posted|cancel, memo field `ref`.
// 18.0+: a payment is its own record; states draft|in_process|paid|canceled|rejected, memo field
// `memo`; `paid` needs a bank statement match, which the emulator has not, so payments stay
// `in_process` and the invoices they pay `in_payment`.
const memoField = (db) => (db.pre18 ? 'ref' : 'memo');

/** Post draft payments: 17 draft -> posted (account.move._post), 18+ draft/in_process -> in_process.
 *  The number comes from the journal's payment sequence, e.g. PBNK1/2026/00001. */
function postPayments(db, payments, ctx) {
  const v17 = db.pre18;
  for (const p of payments) {
    if (v17 && p.state !== 'draft') throw UserError(`The entry ${p.name} (id ${p.id}) is already posted.`);
    if (!v17 && !['draft', 'in_process'].includes(p.state)) continue; // paid/canceled/rejected are left as they are
    const vals = { state: v17 ? 'posted' : 'in_process' };
    if (!p.name || p.name === '/') {
      const code = db.get('account.journal', p.journal_id)?.code ?? 'BNK1';
      const year = (p.date || today()).slice(0, 4);
      vals.name = `P${code}/${year}/${String(db.nextSequence(`account.payment/${code}/${year}`)).padStart(5, '0')}`;
    }
    db.write('account.payment', [p.id], vals, ctx);
  }
}

const ACCOUNT_PAYMENT = {
  // 17: move_id._post(soft=False); 18+: state = 'in_process' (no error on non-draft). Returns None.
  action_post: {
    params: [],
    fn(db, model, ids, args, ctx) {
      postPayments(db, recordsOf(db, model, ids), ctx);
      return null;
    },
  },
  // 17: move_id.button_cancel() (a posted entry is reset to draft, then cancelled); 18+: state =
  // 'canceled'. Either way the payment is unreconciled. Returns None.
  action_cancel: {
    params: [],
    fn(db, model, ids, args, ctx) {
      const payments = recordsOf(db, model, ids);
      if (db.pre18 && payments.some((p) => p.state === 'cancel')) {
        throw UserError('Only draft journal entries can be cancelled.');
      }
      db.write(model, ids, { state: db.pre18 ? 'cancel' : 'canceled' }, ctx);
      for (const p of payments) p.emulator_allocations = [];
      return null;
    },
  },
  // 17: move_id.button_draft(); 18+: state = 'draft'. Unreconciles. Returns None.
  action_draft: {
    params: [],
    fn(db, model, ids, args, ctx) {
      const payments = recordsOf(db, model, ids);
      if (db.pre18 && payments.some((p) => !['posted', 'cancel'].includes(p.state))) {
        throw UserError('Only posted/cancelled journal entries can be reset to draft.');
      }
      db.write(model, ids, { state: 'draft' }, ctx);
      for (const p of payments) p.emulator_allocations = [];
      return null;
    },
  },
};

// --- account.payment.register (addons/account/wizard/account_payment_register.py) ------------
const PAYMENT_REGISTER = {
  // action_create_payments -> _create_payments: one payment per batch of moves (same partner and
  // direction: group_payment), reconciled with them; with several batches each pays its own
  // amount due, as Odoo does when the wizard amount cannot be edited.
  action_create_payments: {
    params: [],
    fn(db, model, ids, args, ctx) {
      const wizard = ensureOne(db, model, ids);
      const cctx = withoutDefaults(ctx);
      const moves = db.linked(model, wizard, 'line_ids');
      // 18.0+: registering a payment on a draft invoice posts it first.
      const drafts = moves.filter((m) => m.state === 'draft');
      if (drafts.length) ACCOUNT_MOVE.action_post.fn(db, 'account.move', drafts.map((m) => m.id), {}, cctx);
      const communication = wizard.communication || (drafts.length ? batchCommunication(moves) : false);

      const batches = new Map();
      for (const m of moves) {
        const key = `${m.partner_id}|${PAYMENT_DIRECTION[m.move_type].join('|')}`;
        if (!batches.has(key)) batches.set(key, []);
        batches.get(key).push(m);
      }
      const single = batches.size === 1;
      const paymentIds = [];
      for (const batch of batches.values()) {
        const [paymentType, partnerType] = PAYMENT_DIRECTION[batch[0].move_type];
        const due = batch.map((m) => moveResidual(db, m));
        // A payment in another currency than the invoice's is accepted and converted at the rate
        // of the day (_get_total_amount_in_wizard_currency_to_full_reconcile / res.currency._convert,
        // 17-19); what it settles is counted in the invoice's currency.
        const currencyId = (single && wizard.currency_id) || batch[0].currency_id;
        const amount = single ? wizard.amount : round2(due.reduce((s, x) => s + x, 0));
        const [paymentId] = db.create('account.payment', [{
          partner_id: batch[0].partner_id, amount, currency_id: currencyId,
          journal_id: wizard.journal_id, date: wizard.payment_date, payment_type: paymentType,
          partner_type: partnerType, [memoField(db)]: single ? communication : batchCommunication(batch),
        }], cctx);
        const payment = db.get('account.payment', paymentId);
        postPayments(db, [payment], cctx);
        // Reconcile in order; "Mark as fully paid" writes the difference off (full residuals).
        let remaining = convertAmount(db, amount, currencyId, batch[0].currency_id);
        payment.emulator_allocations = [];
        batch.forEach((m, i) => {
          const part = round2(single && wizard.payment_difference_handling === 'reconcile' ? due[i] : Math.min(remaining, due[i]));
          if (part > 0) payment.emulator_allocations.push({ move_id: m.id, amount: part });
          remaining = round2(remaining - part);
        });
        paymentIds.push(paymentId);
      }
      if (ctx.dont_redirect_to_payments) return true;
      const action = { name: 'Payments', type: 'ir.actions.act_window', res_model: 'account.payment', context: { create: false } };
      return paymentIds.length === 1
        ? { ...action, view_mode: 'form', res_id: paymentIds[0] }
        : { ...action, view_mode: `${listView(db)},form`, domain: [['id', 'in', paymentIds]] };
    },
  },
};

// --- account.move.reversal (addons/account/wizard/account_move_reversal.py) -------------------
// account.move._reverse_moves: reversing a refund gives a plain entry.
const REVERSE_TYPE = { entry: 'entry', out_invoice: 'out_refund', out_refund: 'entry', in_invoice: 'in_refund',
  in_refund: 'entry', out_receipt: 'out_refund', in_receipt: 'in_refund' };
const IS_INVOICE = new Set(['out_invoice', 'out_refund', 'in_invoice', 'in_refund', 'out_receipt', 'in_receipt']);

const MOVE_REVERSAL = {
  // refund_moves -> reverse_moves(is_modify=False): draft reversals, not reconciled until posted
  // (see reconcileWithReversedEntry). The lines keep their sale lines (sale's
  // _copy_data_extend_business_fields), so the orders see the refunded quantities.
  refund_moves: {
    params: [],
    fn(db, model, ids, args, ctx) {
      const wizard = ensureOne(db, model, ids);
      const cctx = withoutDefaults(ctx);
      const newIds = [];
      for (const m of db.linked(model, wizard, 'move_ids')) {
        const date = wizard.date || today();
        const lines = db.linked('account.move', m, 'line_ids').map((l) => [0, 0, {
          sequence: l.sequence, display_type: l.display_type, name: l.name, product_id: l.product_id,
          quantity: l.quantity, product_uom_id: l.product_uom_id, price_unit: l.price_unit, discount: l.discount,
          tax_ids: [[6, 0, l.tax_ids]], sale_line_ids: [[6, 0, l.sale_line_ids ?? []]],
        }]);
        // _prepare_default_reversal
        newIds.push(...db.create('account.move', [{
          move_type: REVERSE_TYPE[m.move_type], partner_id: m.partner_id, currency_id: m.currency_id,
          journal_id: wizard.journal_id || m.journal_id, reversed_entry_id: m.id, invoice_origin: m.invoice_origin,
          ref: wizard.reason ? `Reversal of: ${m.name}, ${wizard.reason}` : `Reversal of: ${m.name}`,
          date, invoice_date: IS_INVOICE.has(m.move_type) ? date : false, invoice_date_due: date,
          line_ids: lines,
        }], cctx));
      }
      db.write(model, [wizard.id], { new_move_ids: [[6, 0, newIds]] }, cctx);
      const types = [...new Set(newIds.map((id) => db.get('account.move', id).move_type))];
      const action = { name: 'Reverse Moves', type: 'ir.actions.act_window', res_model: 'account.move' };
      if (newIds.length === 1) return { ...action, view_mode: 'form', res_id: newIds[0], context: { default_move_type: types[0] } };
      return { ...action, view_mode: `${listView(db)},form`, domain: [['id', 'in', newIds]],
        ...(types.length === 1 ? { context: { default_move_type: types[0] } } : {}) };
    },
  },
};

export const ACCOUNTING_METHODS = {
  'account.move': ACCOUNT_MOVE,
  'account.payment': ACCOUNT_PAYMENT,
  'account.payment.register': PAYMENT_REGISTER,
  'account.move.reversal': MOVE_REVERSAL,
};

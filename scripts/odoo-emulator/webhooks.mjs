// Transactions and outgoing webhook calls of the Odoo external-API EMULATOR (not Odoo).
//
// One RPC call (or control call that changes data) = one transaction. Automation rules
// (automation.mjs) queue the webhook bodies of the records they process; this module sends them
// with Odoo's timing per version:
// - 17.0 / 18.0: `_run_action_webhook` POSTs synchronously INSIDE the transaction, before COMMIT
//   (odoo/addons/base/models/ir_actions.py 17.0; odoo/odoo#216018 moved it post-commit in 19.0).
//   So the change is not visible to other readers while the POSTs run, nor for
//   `webhookCommitDelayMs` after them (the rest of the user's request), and the transaction can
//   still fail after the POST (control `POST /__emulator/webhooks/fail-next`): the receiver then
//   holds a payload describing a change that never happened.
// - 19.0: the POST is registered on `cr.postcommit`: sent after COMMIT; a rollback cancels it
//   ("Webhook call to %s - cancelled due to a rollback").
// Both: `timeout=1` (one second), no retry, errors only logged ("Webhook call failed: ...",
// "Webhook call timed out after 1s ..."), one POST per record and action, sent one after the other.
// Writers are serialized per instance (Odoo's row locks make a second writer wait); readers see
// the last committed state.

import { ValidationError } from './errors.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
export const WEBHOOK_TIMEOUT_MS = 1000;

/**
 * Run `fn` (synchronous ORM work) as a transaction of `inst`, then deliver its webhook calls.
 * Without webhook calls the transaction commits at once and the result is returned directly (no
 * promise chain is kept between requests). While a transaction waits on its calls, the next
 * writers wait for it (`inst.busy`), as a second writer waits on Odoo's row locks.
 */
export function runTransaction(inst, fn) {
  if (inst.busy) {
    const retry = () => runTransaction(inst, fn);
    return inst.busy.then(retry, retry);
  }
  const db = inst.db;
  const savepoint = db.savepoint();
  db.beginTransaction();
  let result;
  try {
    result = fn();
    db.flushTransaction();
  } catch (e) {
    db.endTransaction();
    db.rollbackTo(savepoint);
    throw e;
  }
  const tx = db.endTransaction();
  if (!tx.webhooks.length && !inst.failNext) {
    db.release(savepoint);
    return result;
  }
  // Both settle the transaction (commit, or roll back) before their first await.
  const finishing = inst.config.version === '19.0'
    ? postCommit(inst, db, savepoint, tx, result)
    : beforeCommit(inst, db, savepoint, tx, result);
  const busy = finishing.then(() => {}, () => {}).then(() => { if (inst.busy === busy) inst.busy = null; });
  inst.busy = busy;
  return finishing;
}

function takeFailure(inst) {
  const fail = inst.failNext;
  inst.failNext = null;
  return fail;
}

const failureError = (fail) => ValidationError(fail.message
  ?? 'odoo-emulator: this transaction failed after its webhook calls and was rolled back (control webhooks/fail-next).');

async function beforeCommit(inst, db, savepoint, tx, result) {
  const changed = db.copyState();
  db.rollbackTo(savepoint); // not committed yet: other readers still see the old state
  const calls = [];
  for (const hook of tx.webhooks) calls.push(await send(inst, hook, 'before_commit'));
  const fail = takeFailure(inst);
  if (fail) {
    for (const c of calls) c.committed = false;
    throw failureError(fail);
  }
  if (inst.config.webhookCommitDelayMs > 0) await sleep(inst.config.webhookCommitDelayMs);
  db.state = changed;
  const at = new Date().toISOString();
  for (const c of calls) Object.assign(c, { committed: true, committedAt: at });
  return result;
}

async function postCommit(inst, db, savepoint, tx, result) {
  const fail = takeFailure(inst);
  if (fail) {
    db.rollbackTo(savepoint);
    for (const hook of tx.webhooks) {
      inst.logWebhook({ ...describe(hook), phase: 'after_commit', outcome: 'cancelled', committed: false,
        log: `Webhook call to ${hook.url} - cancelled due to a rollback` });
    }
    throw failureError(fail);
  }
  db.release(savepoint);
  const at = new Date().toISOString();
  for (const hook of tx.webhooks) {
    const call = await send(inst, hook, 'after_commit', { committed: true, committedAt: at });
    if (call.outcome === 'ok') call.log = `Webhook call to ${hook.url} - succeeded`;
  }
  return result;
}

const describe = (hook) => ({
  url: hook.url, model: hook.model, recordId: hook.recordId, ruleId: hook.ruleId, actionId: hook.actionId,
  trigger: hook.trigger, body: hook.body, payload: JSON.parse(hook.body),
});

/** requests.post(url, data=json, headers={'Content-Type': 'application/json'}, timeout=1) */
async function send(inst, hook, phase, extra = {}) {
  const started = Date.now();
  const call = inst.logWebhook({ ...describe(hook), phase, sentAt: new Date(started).toISOString(), ...extra });
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), WEBHOOK_TIMEOUT_MS);
  try {
    const response = await inst.fetchImpl(hook.url, {
      method: 'POST', body: hook.body, signal: controller.signal,
      headers: { 'Content-Type': 'application/json', 'User-Agent': 'python-requests/2.31.0', Accept: '*/*' },
    });
    await response.arrayBuffer();
    call.status = response.status;
    if (response.ok) {
      call.outcome = 'ok';
      call.log = `Webhook call to ${hook.url}`;
    } else {
      call.outcome = 'failed'; // raise_for_status(): logged, swallowed
      call.log = `Webhook call failed: ${response.status} ${response.status >= 500 ? 'Server' : 'Client'} Error: `
        + `${response.statusText || 'Error'} for url: ${hook.url}`;
    }
  } catch (e) {
    if (controller.signal.aborted) {
      call.outcome = 'timeout';
      call.log = "Webhook call timed out after 1s - it may or may not have failed. If this happens often, it may be a sign that the system you're trying to reach is slow or non-functional.";
    } else {
      call.outcome = 'failed';
      call.log = `Webhook call failed: ${e?.message ?? e}`;
    }
  } finally {
    clearTimeout(timer);
    call.durationMs = Date.now() - started;
    call.finishedAt = new Date().toISOString();
  }
  return call;
}

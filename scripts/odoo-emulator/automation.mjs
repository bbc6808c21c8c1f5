// Automation rules and "Send Webhook Notification" server actions of the Odoo external-API
// EMULATOR (not Odoo). Follows:
// - odoo/addons/base/models/ir_actions.py (17.0: `_run_action_webhook`: body = _model, _id,
//   _action "<name>(#<id>)" + record.read(webhook fields, load=None)[0], json.dumps(sort_keys=True,
//   default=str), POST with Content-Type application/json, timeout=1, errors logged; 16.0 has no
//   `webhook` state and no webhook_url/webhook_field_ids fields);
// - addons/base_automation/models/base_automation.py (16.0: base.automation `_inherits`
//   ir.actions.server through action_server_id; 17.0+: one2many action_server_ids; the triggers
//   per version; filter_pre_domain checked before a write, filter_domain after; trigger_field_ids
//   compared on the written fields; `_get_actions` starts a fresh `__action_done` for every
//   top-level ORM call, so each create/write/unlink runs the rules again).
// Sending (timing per version, the call log) is in webhooks.mjs.

import { field, char, text, boolean, integer, selection, many2one, one2many, many2many, computed } from './field-types.mjs';
import { UserError, PyValueError, ValidationError } from './errors.mjs';
import { compileDomain } from './domain.mjs';


// ir.actions.server.state (base only; mail adds its own states, not emulated).
const STATES_16 = [['code', 'Execute Python Code'], ['object_create', 'Create a new Record'],
  ['object_write', 'Update the Record'], ['multi', 'Execute several actions']];
const STATES_17 = [['object_write', 'Update Record'], ['object_create', 'Create Record'], ['code', 'Execute Code'],
  ['webhook', 'Send Webhook Notification'], ['multi', 'Execute Existing Actions']];

// base.automation.trigger per version (odoo-outbound.md §1.4).
const TRIGGERS_16 = [['on_create', 'On Creation'], ['on_write', 'On Update'], ['on_create_or_write', 'On Creation & Update'],
  ['on_unlink', 'On Deletion'], ['on_change', 'Based on Form Modification'], ['on_time', 'Based on Timed Condition']];
const TRIGGERS_17 = [['on_stage_set', 'Stage is set to'], ['on_user_set', 'User is set'], ['on_tag_set', 'Tag is added'],
  ['on_state_set', 'State is set to'], ['on_priority_set', 'Priority is set to'], ['on_archive', 'On archived'],
  ['on_unarchive', 'On unarchived'], ['on_create_or_write', 'On save'], ['on_create', 'On creation'],
  ['on_write', 'On update'], ['on_unlink', 'On deletion'], ['on_change', 'On UI change'], ['on_time', 'Based on date field'],
  ['on_time_created', 'After creation'], ['on_time_updated', 'After last update'],
  ['on_message_received', 'On incoming message'], ['on_message_sent', 'On outgoing message'], ['on_webhook', 'On webhook']];

// 17+ WRITE_TRIGGERS (base_automation.py).
const WRITE_TRIGGERS = new Set(['on_write', 'on_archive', 'on_unarchive', 'on_create_or_write', 'on_priority_set',
  'on_stage_set', 'on_state_set', 'on_tag_set', 'on_user_set']);
const CREATE_TRIGGERS = new Set(['on_create', 'on_create_or_write']);

/** ir.model.fields.ttype of an emulator field. */
const ttype = (f) => f.type;

export function automationModels(version) {
  const v16 = version === '16.0';
  const serverFields = {
    name: char('Action Name', { required: true }),
    type: char('Action Type', { default: 'ir.actions.server' }),
    usage: selection('Usage', [['ir_actions_server', 'Server Action'], ['ir_cron', 'Scheduled Action'],
      ['base_automation', 'Automation Rule']], { default: 'ir_actions_server', required: true }),
    model_id: many2one('ir.model', 'Model', { required: true, ondelete: 'cascade' }),
    model_name: computed('char', 'Model Name', (db, r) => db.get('ir.model', r.model_id)?.model ?? false),
    state: selection('Type', v16 ? STATES_16 : STATES_17, { default: 'object_write', required: true }),
    sequence: integer('Sequence', { default: 5 }),
    code: text('Python Code', { groups: 'base.group_system' }),
    ...(v16 ? {} : {
      webhook_url: char('Webhook URL'),
      webhook_field_ids: many2many('ir.model.fields', 'Webhook Fields'),
      // _compute_webhook_sample_payload (17.0: still shows `id` and `_name`; the runner sends `_action`).
      webhook_sample_payload: computed('text', 'Sample Payload', (db, r) => samplePayload(db, r)),
      base_automation_id: many2one('base.automation', 'Automation Rule', { ondelete: 'cascade' }),
    }),
  };
  const automationFields = v16 ? {
    // 16.0: the rule IS a server action (_inherits ir.actions.server through action_server_id).
    action_server_id: many2one('ir.actions.server', 'Server Actions', { required: true, ondelete: 'restrict' }),
  } : {
    name: char('Automation Rule Name', { required: true }),
    model_id: many2one('ir.model', 'Model', { required: true, ondelete: 'cascade' }),
    model_name: computed('char', 'Model Name', (db, r) => db.get('ir.model', r.model_id)?.model ?? false),
    action_server_ids: one2many('ir.actions.server', 'base_automation_id', 'Actions'),
  };
  return {
    'ir.model.fields': {
      label: 'Fields', order: 'model asc, name asc',
      fields: {
        name: char('Field Name', { required: true }),
        model: char('Model Name', { required: true }),
        model_id: many2one('ir.model', 'Model', { required: true, ondelete: 'cascade' }),
        field_description: char('Field Label', { required: true }),
        ttype: char('Field Type', { required: true }),
        relation: char('Related Model'),
        store: boolean('Stored'),
        readonly: boolean('Readonly'),
        required: boolean('Required'),
      },
      displayName: (db, r) => `${r.field_description} (${r.model})`,
    },
    'ir.actions.server': { label: 'Server Actions', order: 'sequence asc, name asc', fields: serverFields },
    'base.automation': {
      label: 'Automation Rule', order: 'sequence asc, id asc',
      ...(v16 ? { inherits: { model: 'ir.actions.server', field: 'action_server_id' } } : {}),
      fields: {
        ...automationFields,
        active: boolean('Active', { default: true }),
        sequence: integer('Sequence', { default: 10 }),
        trigger: selection('Trigger', v16 ? TRIGGERS_16 : TRIGGERS_17, { required: true }),
        trigger_field_ids: many2many('ir.model.fields', 'Trigger Fields'),
        filter_pre_domain: char('Before Update Domain'),
        filter_domain: char('Apply on'),
      },
    },
  };
}

/** Rows of ir.model.fields, one per field of every emulated model (ids follow the registry). */
export function fieldRows(models, modelIds) {
  const rows = [];
  for (const [model, def] of Object.entries(models)) {
    for (const [name, f] of Object.entries(def.fields)) {
      rows.push({ name, model, model_id: modelIds[model], field_description: f.string, ttype: ttype(f),
        relation: f.comodel ?? false, store: !f.compute || Boolean(f.storedCompute), readonly: Boolean(f.readonly || f.compute), required: f.required === true });
    }
  }
  return rows;
}

// --- python literals of filter domains --------------------------------------------------
/** Parse a Python literal domain string ("[('state','=','done')]") into JSON (safe_eval reduced). */
export function parsePyLiteral(src) {
  let out = '';
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (ch === "'" || ch === '"') {
      let s = '';
      for (i++; i < src.length && src[i] !== ch; i++) s += src[i] === '\\' ? src[++i] : src[i];
      out += JSON.stringify(s);
    } else if (ch === '(') out += '[';
    else if (ch === ')') out += ']';
    else if (/[A-Za-z_]/.test(ch)) {
      let w = '';
      for (; i < src.length && /[A-Za-z0-9_.]/.test(src[i]); i++) w += src[i];
      i--;
      const lit = { True: 'true', False: 'false', None: 'null' }[w];
      if (!lit) throw PyValueError(`odoo-emulator: filter domains may only hold literals, not the name ${w}`);
      out += lit;
    } else out += ch;
  }
  // Python tuples/lists allow a trailing comma.
  return JSON.parse(out.replace(/,\s*([\]}])/g, '$1'));
}

const domainOf = (s) => (s ? parsePyLiteral(s) : []);

// --- triggers ---------------------------------------------------------------------------
/** Active rules on `model` whose trigger is in `triggers` (17+ only: 16.0 cannot send webhooks). */
export function rulesFor(db, model, triggers) {
  if (db.version === '16.0') return [];
  const table = db.table('base.automation');
  if (!table || !table.size) return [];
  const out = [];
  for (const rule of table.values()) {
    if (!rule.active || !triggers.has(rule.trigger)) continue;
    if (db.get('ir.model', rule.model_id)?.model === model) out.push(rule);
  }
  return out.sort((a, b) => a.sequence - b.sequence || a.id - b.id);
}

export const writeRules = (db, model) => rulesFor(db, model, WRITE_TRIGGERS);
export const createRules = (db, model) => rulesFor(db, model, CREATE_TRIGGERS);
export const unlinkRules = (db, model) => rulesFor(db, model, new Set(['on_unlink']));

const matches = (db, model, domainStr, recs) => {
  const pred = compileDomain(db, model, domainOf(domainStr), { active_test: false });
  return recs.filter((r) => pred(r));
};

/** Ids of the records that pass each rule's filter_pre_domain, before a write. */
export function preFilter(db, model, rules, recs) {
  return new Map(rules.map((rule) => [rule.id, new Set(matches(db, model, rule.filter_pre_domain, recs).map((r) => r.id))]));
}

const fieldNamesOf = (db, ids) => ids.map((id) => db.get('ir.model.fields', id)?.name).filter(Boolean);

/** base.automation._check_trigger_fields: a trigger field was written and its value changed. */
function triggerFieldsChanged(db, model, rule, rec, oldValues) {
  if (!oldValues) return true; // create
  const names = fieldNamesOf(db, rule.trigger_field_ids ?? []);
  let wanted = names;
  if (rule.trigger === 'on_archive' || rule.trigger === 'on_unarchive') wanted = ['active'];
  if (!wanted.length) return true;
  const old = oldValues.get(rec.id) ?? {};
  return wanted.some((n) => n in old && JSON.stringify(old[n]) !== JSON.stringify(db.value(model, rec, n)));
}

/** Run the rules for `recs` (after create/write, or before unlink). */
export function processRules(db, model, rules, recs, { pre = null, oldValues = null } = {}) {
  for (const rule of rules) {
    let candidates = pre ? recs.filter((r) => pre.get(rule.id)?.has(r.id)) : recs;
    candidates = matches(db, model, rule.filter_domain, candidates);
    if (rule.trigger === 'on_archive') candidates = candidates.filter((r) => r.active === false);
    if (rule.trigger === 'on_unarchive') candidates = candidates.filter((r) => r.active === true);
    for (const rec of candidates) {
      // `__action_done` only stops an action's own writes from re-running its rule; webhook actions
      // write nothing, so every ORM call that changes a record runs the rule again (one POST each).
      if (!triggerFieldsChanged(db, model, rule, rec, oldValues)) continue;
      for (const action of db.linked('base.automation', rule, 'action_server_ids')) runAction(db, rule, action, model, rec);
    }
  }
}

/** ir.actions.server.run for one record: only webhook actions do something in the emulator. */
function runAction(db, rule, action, model, rec) {
  if (action.state !== 'webhook') return;
  const url = action.webhook_url;
  if (!url) throw UserError("I'll be happy to send a webhook for you, but you really need to give me a URL to reach out to...");
  const vals = { _model: db.get('ir.model', action.model_id)?.model ?? model, _id: rec.id, _action: `${action.name}(#${action.id})` };
  const names = fieldNamesOf(db, action.webhook_field_ids ?? []);
  if (names.length) {
    const row = db.read(model, [rec.id], names, null)[0];
    for (const [k, x] of Object.entries(row)) vals[k] = db.fieldsOf(model)[k]?.type === 'float' ? new PyFloat(x) : x;
  }
  db.transaction().webhooks.push({ url, body: pyJsonDumps(vals), model, recordId: rec.id, ruleId: rule.id, actionId: action.id,
    trigger: rule.trigger });
}

/** json.dumps(vals, sort_keys=True, default=str): ", " / ": " separators, ensure_ascii, floats keep ".0". */
export class PyFloat { constructor(v) { this.v = v; } }

export function pyJsonDumps(v) {
  if (v instanceof PyFloat) return Number.isInteger(v.v) ? `${v.v}.0` : JSON.stringify(v.v);
  if (Array.isArray(v)) return `[${v.map((x) => pyJsonDumps(x)).join(', ')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${asciiJson(k)}: ${pyJsonDumps(v[k])}`).join(', ')}}`;
  }
  if (typeof v === 'string') return asciiJson(v);
  return JSON.stringify(v) ?? 'null';
}

const asciiJson = (s) => JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** The 17.0 preview (a real record if any, else WEBHOOK_SAMPLE_VALUES); close enough for a read-back check. */
function samplePayload(db, action) {
  if (action.state !== 'webhook') return false;
  const model = db.get('ir.model', action.model_id)?.model;
  const payload = { id: 1, _model: model, _name: action.name };
  const names = fieldNamesOf(db, action.webhook_field_ids ?? []);
  const sample = model && db.table(model) ? [...db.table(model).values()].sort((a, b) => a.id - b.id)[0] : null;
  if (sample && names.length) Object.assign(payload, db.read(model, [sample.id], names, null)[0]);
  return JSON.stringify(payload, Object.keys(payload).sort(), 4);
}

// --- stored computed fields ------------------------------------------------------------------
// base_automation patches `_compute_field_value` for write triggers: when a stored computed field
// is recomputed (account.move.payment_state / amount_residual after a reconciliation), the rules
// run with the old values, pre-domains evaluated before. The emulator computes such fields on
// read (flag `storedCompute`), so it compares them around each transaction instead.

/** Values of the stored computed fields watched by write rules, at the start of a transaction. */
export function captureComputed(db) {
  const out = [];
  if (db.version === '16.0' || !db.table('base.automation')?.size) return out;
  for (const [model, def] of Object.entries(db.models)) {
    const names = Object.entries(def.fields).filter(([, f]) => f.storedCompute).map(([n]) => n);
    if (!names.length) continue;
    const rules = writeRules(db, model);
    if (!rules.length) continue;
    const recs = [...db.table(model).values()];
    out.push({ model, names, rules, pre: preFilter(db, model, rules, recs),
      old: new Map(recs.map((r) => [r.id, Object.fromEntries(names.map((n) => [n, db.value(model, r, n)]))])) });
  }
  return out;
}

/** Run the write rules for the records whose stored computed fields changed in the transaction. */
export function flushComputed(db, baseline) {
  for (const { model, names, rules, pre, old } of baseline ?? []) {
    const changed = [];
    const oldValues = new Map();
    for (const [id, vals] of old) {
      const rec = db.get(model, id);
      if (!rec) continue;
      const diff = names.filter((n) => JSON.stringify(db.value(model, rec, n)) !== JSON.stringify(vals[n]));
      if (!diff.length) continue;
      changed.push(rec);
      oldValues.set(id, Object.fromEntries(diff.map((n) => [n, vals[n]])));
    }
    if (changed.length) processRules(db, model, rules, changed, { pre, oldValues });
  }
}

// --- base.automation computes (18.0: base_automation.py `_compute_trigger_field_ids`,
// `_compute_trigger`) -------------------------------------------------------------------------
/** Fields named in a domain string (DOMAIN_FIELDS_RE: the first segment of each leaf's path). */
function domainFieldIds(db, modelId, domainStr) {
  const model = db.get('ir.model', modelId)?.model;
  if (!model || !domainStr) return [];
  let domain;
  try { domain = parsePyLiteral(domainStr); } catch { return []; }
  const names = new Set((Array.isArray(domain) ? domain : []).filter(Array.isArray).map((leaf) => String(leaf[0]).split('.')[0]));
  return [...db.table('ir.model.fields').values()].filter((f) => f.model === model && names.has(f.name)).map((f) => f.id);
}

export const AUTOMATION_HOOKS = {
  'base.automation': {
    // 18+: on_create_or_write adds the filter domain's fields to the trigger fields when they are
    // computed (not given in the same call); changing the model resets the trigger (required).
    prepareCreate(db, vals) {
      if (db.pre18 || 'trigger_field_ids' in vals || vals.trigger !== 'on_create_or_write') return;
      vals.trigger_field_ids = [[6, 0, domainFieldIds(db, vals.model_id, vals.filter_domain)]];
    },
    beforeWrite(db, recs, vals) {
      if (db.pre18) return;
      if ('model_id' in vals && !('trigger' in vals)) vals.trigger = false;
      if ('filter_domain' in vals && !('trigger_field_ids' in vals)) {
        for (const rec of recs) {
          if ((vals.trigger ?? rec.trigger) !== 'on_create_or_write') continue;
          const ids = new Set([...(rec.trigger_field_ids ?? []), ...domainFieldIds(db, vals.model_id ?? rec.model_id, vals.filter_domain)]);
          rec.trigger_field_ids = [...ids];
        }
      }
    },
  },
};

// --- ir.actions.server constraints ---------------------------------------------------------------
// 17.0/18.0 `_check_webhook_field_ids`: group-restricted fields are refused at save (19.0 turns this
// into a `warning` and refuses to run the action; not emulated).
export const SERVER_ACTION_HOOKS = {
  'ir.actions.server': {
    afterCreate(db, rec) { checkWebhookFields(db, [rec]); },
    afterWrite(db, recs, vals) { if ('webhook_field_ids' in vals) checkWebhookFields(db, recs); },
  },
};

function checkWebhookFields(db, actions) {
  if (db.version === '19.0') return;
  const restricted = new Map();
  for (const action of actions) {
    const model = db.get('ir.model', action.model_id)?.model;
    for (const id of action.webhook_field_ids ?? []) {
      const row = db.get('ir.model.fields', id);
      if (row && db.fieldsOf(model)[row.name]?.groups) {
        restricted.set(action.name, [...(restricted.get(action.name) ?? []), row.field_description]);
      }
    }
  }
  if (!restricted.size) return;
  const perAction = [...restricted].map(([name, labels]) => `${name}: ${labels.join(', ')}`).join('\n');
  throw ValidationError('Group-restricted fields cannot be included in webhook payloads, as it could allow any user to '
    + 'accidentally leak sensitive information. You will have to remove the following fields from the webhook payload '
    + `in the following actions:\n ${perAction}`);
}

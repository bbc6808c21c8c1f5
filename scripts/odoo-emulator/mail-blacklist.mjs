// The mail module's blacklist (addons/mail/models/mail_blacklist.py, 16.0-19.0) in the Odoo
// external-API EMULATOR (not Odoo): what an integration sees of it over RPC.
//
// - Fields: `email` (Char, required, "This field is case insensitive.") and `active` (default
//   True); the model inherits mail.thread (write_date, tracking). One row per normalized address:
//   `unique (email)` ("Email address already exists!"; 19 declares it as a models.Constraint).
// - create() normalizes every address (tools.email_normalize: the one address of the string,
//   lower-cased), raises UserError for a value that is not one address, drops duplicates within
//   the call and returns the EXISTING row (active or not) for an address already listed instead
//   of failing ("To avoid crash during import due to unique email, return the existing records").
// - write() normalizes `email`; _search normalizes an `email` condition's string value.
// - `_add(email, message=None)` / `_remove(email, message=None)` are private: over RPC Odoo
//   answers "Private methods ... cannot be called remotely" (methods.mjs checkPrivate). What they
//   do (search with active_test=False, then action_unarchive / action_archive, or create the
//   row active / inactive) is done by a client with public methods; `action_add` (public, on a
//   record: `self._add(self.email)`) is served too.
import { UserError } from './errors.mjs';
import { boolean, char } from './field-types.mjs';

/** tools.email_normalize for the addresses an integration sends: one address, lower-cased; false otherwise. */
export function emailNormalize(value) {
  if (typeof value !== 'string') return false;
  // "Name <a@b.c>" -> the address inside; several addresses are not one.
  const found = value.match(/[^\s<>,;"']+@[^\s<>,;"']+/g) ?? [];
  if (found.length !== 1) return false;
  const email = found[0];
  return /^[^@]+@[^@]+\.[^@]+$/.test(email) ? email.toLowerCase() : false;
}

const pyRepr = (v) => (typeof v === 'string' ? `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : v === false || v === undefined ? 'False' : v === null ? 'None' : String(v));

export function mailBlacklistModels() {
  return {
    'mail.blacklist': {
      label: 'Mail Blacklist', order: 'id desc',
      recNamesSearch: ['email'],
      fields: {
        email: char('Email Address', { required: true }),
        active: boolean('Active', { default: true }),
      },
      displayName: (db, r) => r.email || '',
    },
  };
}

function invalidEmail(db, raw) {
  // 17+: _('Invalid email address “%s”', email); 16: _('Invalid email address %r', email).
  return UserError(db.version === '16.0' ? `Invalid email address ${pyRepr(raw)}` : `Invalid email address “${raw}”`);
}

export const MAIL_BLACKLIST_HOOKS = {
  'mail.blacklist': {
    // create(): the existing row of an address already listed is returned, not duplicated.
    redirectCreate(db, input) {
      const email = emailNormalize(input.email);
      if (!email) throw invalidEmail(db, input.email ?? false);
      const existing = [...db.table('mail.blacklist').values()].find((r) => r.email === email);
      return existing ? existing.id : null;
    },
    prepareCreate(db, vals) {
      vals.email = emailNormalize(vals.email);
    },
    beforeWrite(db, recs, vals) {
      if ('email' in vals) vals.email = emailNormalize(vals.email);
    },
    constrain(db, row) {
      const dup = [...db.table('mail.blacklist').values()].find((r) => r.id !== row.id && r.email === row.email);
      if (dup) throw db.constraintError('Email address already exists!');
    },
  },
};

export const MAIL_BLACKLIST_METHODS = {
  'mail.blacklist': {
    // action_add(self): self._add(self.email) (the form's "Blacklist" button); returns None.
    action_add: {
      params: [],
      fn: (db, model, ids, a, ctx) => {
        for (const rec of db.browseExisting(model, ids)) {
          if (!rec.active) db.write(model, [rec.id], { active: true }, ctx);
        }
        return null;
      },
    },
  },
};

/** _search override: an `email` condition compares the normalized address. */
export function normalizeBlacklistDomain(model, domain) {
  if (model !== 'mail.blacklist' || !Array.isArray(domain)) return domain;
  return domain.map((term) =>
    Array.isArray(term) && term[0] === 'email' && typeof term[2] === 'string' && emailNormalize(term[2])
      ? [term[0], term[1], emailNormalize(term[2])]
      : term);
}

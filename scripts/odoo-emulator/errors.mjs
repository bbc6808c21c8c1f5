// Odoo-shaped exceptions and Python-flavoured formatting helpers for the
// Odoo external-API EMULATOR (not Odoo). See emulator.mjs for the overview.
//
// Odoo reports errors by Python class name ("odoo.exceptions.UserError",
// "builtins.ValueError", ...). The emulator raises OdooError objects that carry
// that name, the Python `args` and the JSON-2 HTTP status. The transports turn
// them into wire formats (JSON-RPC `error.data`, JSON-2 error body).

// JSON-2 status per exception class: `http_status` class attributes in
// odoo/exceptions.py (19.0); anything else is a 500 (Json2Dispatcher.handle_error).
const JSON2_STATUS = {
  'odoo.exceptions.UserError': 422,
  'odoo.exceptions.ValidationError': 422,
  'odoo.exceptions.AccessError': 403,
  'odoo.exceptions.AccessDenied': 403,
  'odoo.exceptions.MissingError': 404,
  'odoo.exceptions.LockError': 409,
};

export class OdooError extends Error {
  /**
   * @param {string} pyName  fully qualified Python class, e.g. "odoo.exceptions.UserError"
   * @param {string} message what `exception_to_unicode(exc)` gives
   * @param {{args?: unknown[], status?: number, headers?: Record<string,string>, suppressTraceback?: boolean}} [opts]
   */
  constructor(pyName, message, opts = {}) {
    super(message);
    this.name = 'OdooError';
    this.pyName = pyName;
    this.pyArgs = opts.args ?? [message];
    this.status = opts.status ?? JSON2_STATUS[pyName] ?? 500;
    this.headers = opts.headers ?? {};
    this.suppressTraceback = Boolean(opts.suppressTraceback);
  }
}

const factory = (pyName) => (message, opts) => new OdooError(pyName, message, opts);

export const UserError = factory('odoo.exceptions.UserError');
export const ValidationError = factory('odoo.exceptions.ValidationError');
export const AccessError = factory('odoo.exceptions.AccessError');
export const MissingError = factory('odoo.exceptions.MissingError');
export const LockError = factory('odoo.exceptions.LockError');
// AccessDenied: odoo/http.py `_transactioning` calls exc.suppress_traceback().
export const AccessDenied = (message = 'Access Denied') =>
  new OdooError('odoo.exceptions.AccessDenied', message, { suppressTraceback: true });

export const PyValueError = factory('builtins.ValueError');
export const PyTypeError = factory('builtins.TypeError');
export const PyAttributeError = factory('builtins.AttributeError');
export const PyIndexError = factory('builtins.IndexError');
export const PyNameError = factory('builtins.NameError');
export const PyException = factory('builtins.Exception');
// str(KeyError('x')) is "'x'" while args is ['x'].
export const PyKeyError = (key) => new OdooError('builtins.KeyError', pyRepr(key), { args: [key] });

// odoo/service/model.py `retrying` re-raises the last SerializationFailure after 5 tries.
export const SerializationFailure = () =>
  new OdooError('psycopg2.errors.SerializationFailure', 'could not serialize access due to concurrent update\n');
// Registry(db) on a database that does not exist (odoo/service/common.py, model.py).
export const OperationalError = (db) =>
  new OdooError('psycopg2.OperationalError', `database "${db}" does not exist`);

const WERKZEUG = {
  400: 'BadRequest', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound',
  415: 'UnsupportedMediaType', 422: 'UnprocessableEntity', 500: 'InternalServerError',
};
const HTTP_REASON = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found',
  415: 'Unsupported Media Type', 422: 'Unprocessable Entity', 500: 'Internal Server Error',
};

/** werkzeug HTTPException as serialized by Json2Dispatcher.handle_error:
 *  message = description, arguments = [description, code]. */
export function HttpError(code, description, headers = {}) {
  const err = new OdooError(`werkzeug.exceptions.${WERKZEUG[code]}`, description, {
    args: [description, code], status: code, headers,
  });
  err.httpReason = HTTP_REASON[code];
  return err;
}

/** Wrap an unexpected JS exception (an emulator bug) so that it still answers like Odoo. */
export function asOdooError(err) {
  if (err instanceof OdooError) return err;
  return new OdooError('builtins.RuntimeError', `odoo-emulator internal error: ${err?.stack ?? err}`);
}

/** A plausible (fake) Python traceback for `debug`. Never match on it. */
function fakeTraceback(err) {
  const last = err.pyName.startsWith('werkzeug.')
    ? `${err.pyName}: ${err.status} ${err.httpReason}: ${err.message}`
    : `${err.pyName}: ${err.message}`;
  if (err.suppressTraceback) return `Traceback (most recent call last):\n${last}\n`;
  return 'Traceback (most recent call last):\n'
    + '  File "/opt/odoo/odoo/http.py", line 0, in _transactioning\n'
    + '    return service_model.retrying(func, env=self.env)\n'
    + '  File "<odoo-emulator>", line 0, in <emulated>\n'
    + '    (raised by the Odoo external-API EMULATOR, not by Odoo)\n'
    + `${last}\n`;
}

/**
 * odoo/http.py `serialize_exception`. Key order differs by version:
 * <=18.0 {name, debug, message, arguments, context}; 19.0 (odoo/odoo#223070)
 * {name, message, arguments, context, debug}. Clients must not depend on it.
 */
export function serializeException(err, version) {
  const e = asOdooError(err);
  const base = { name: e.pyName, message: e.message, arguments: e.pyArgs, context: {} };
  const debug = fakeTraceback(e);
  if (version === '19.0') return { ...base, debug };
  return { name: base.name, debug, message: base.message, arguments: base.arguments, context: base.context };
}

// ---------------------------------------------------------------------------
// Python-style formatting, used to reproduce Odoo's message templates verbatim.

function pyStrRepr(s) {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = '';
  for (const ch of s) {
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else out += ch;
  }
  return quote + out + quote;
}

/** repr() of a JSON value as Python would print it. */
export function pyRepr(v) {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return pyStrRepr(v);
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  if (typeof v === 'object') {
    return `{${Object.entries(v).map(([k, x]) => `${pyStrRepr(k)}: ${pyRepr(x)}`).join(', ')}}`;
  }
  return String(v);
}

/** str() of a JSON value: strings unquoted, everything else like repr(). */
export const pyStr = (v) => (typeof v === 'string' ? v : pyRepr(v));

/** repr() of a tuple, e.g. a domain leaf ('ref', '=', 'x') or ids (999,). */
export const pyTuple = (items) =>
  `(${items.map(pyRepr).join(', ')}${items.length === 1 ? ',' : ''})`;

/** Python truthiness of a JSON value. */
export function pyTruthy(v) {
  if (Array.isArray(v)) return v.length > 0;
  if (v && typeof v === 'object') return Object.keys(v).length > 0;
  return Boolean(v);
}

export const isPlainObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

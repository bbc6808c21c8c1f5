/**
 * Odoo external-API EMULATOR — for tests and demos. THIS IS NOT ODOO.
 *
 * It answers Odoo's external API wire formats from an in-memory store, so the
 * webhook router can be exercised without an Odoo server. It is modelled on
 * Odoo's own source (see /work/shared/reference/odoo.md, Part 1):
 * - odoo/http.py: JsonRPCDispatcher (envelope, `result` omitted for None,
 *   error code 0 on 19.0 / 200 on 17-18, 400 "Invalid JSON data", 415),
 *   serialize_exception (error `data`), Json2Dispatcher (JSON-2 status codes);
 * - odoo/service/common.py: version / login / authenticate (false on bad
 *   credentials, psycopg2.OperationalError on an unknown database);
 * - odoo/service/model.py: dispatch / execute_kw / call_kw / get_public_method
 *   (AccessDenied, "Object x doesn't exist", private methods, create returning
 *   an int for a dict), retrying (one call = one transaction, IntegrityError
 *   turned into ValidationError with the version's message template);
 * - addons/rpc/controllers/json2.py: /json/2/<model>/<method> (bearer API key,
 *   X-Odoo-Database, named arguments, 404/422 binding errors, create -> [ids]);
 * - odoo/models.py, odoo/fields.py, odoo/orm/domains.py: read/search/domains,
 *   Command tuples, convert_to_cache value checks, ondelete, active_test;
 *   BaseModel.load + odoo/addons/base/models/ir_fields.py (load.mjs: create or
 *   update by external id, errors returned as messages, rolled back);
 * - business rules (business.mjs) after addons/sale/models/sale_order(_line).py;
 *   accounting (accounting.mjs) after addons/account/models/account_move.py and
 *   account_payment.py (17.0 vs 18.0+ states and memo field), and the wizards
 *   addons/account/wizard/account_payment_register.py,
 *   addons/account/wizard/account_move_reversal.py,
 *   addons/sale/wizard/sale_make_invoice_advance.py. Reconciliation is reduced
 *   to "allocations" kept on the paying record (models.mjs), from which
 *   amount_residual and payment_state are computed; no journal items.
 *
 * State is kept per host (URL host, e.g. "odoo-abc123.test" or
 * "127.0.0.1:8069"); a "/__host/<name>/..." path prefix selects instance
 * <name> instead (useful with Node's fetch, which cannot override Host).
 * Each instance is created lazily with DEFAULT_CONFIG and is configured,
 * inspected and fault-injected through /__emulator/* (see README.md).
 *
 * Field tables per version (models.mjs) follow the models' source files and OCA/OpenUpgrade's
 * base upgrade analyses: see README.md, "Field tables, strict per version".
 *
 * Pure Web-standard JavaScript (Request, Response, URL, structuredClone): runs
 * in Node 22 and in workerd.
 */

import { DEFAULT_CONFIG, Instance, handleControl } from './control.mjs';
import { handleJson2, handleJsonRpc, jsonResponse, notFoundPage } from './transports.mjs';

export { DEFAULT_CONFIG };

/**
 * @param {{config?: Partial<typeof DEFAULT_CONFIG>, fetch?: typeof fetch}} [options] default config of new
 *   instances; `fetch` sends the automation rules' webhook calls (default: the global fetch, which in the
 *   test worker goes through the tests' outbound service)
 * @returns {{fetch(request: Request): Promise<Response>, instance(host: string): Instance, instances: Map<string, Instance>}}
 */
export function createEmulator(options = {}) {
  const instances = new Map();
  const instance = (host) => {
    let inst = instances.get(host);
    if (!inst) {
      inst = new Instance(host, options.config ?? {}, { fetch: options.fetch });
      instances.set(host, inst);
    }
    return inst;
  };

  async function fetch(request) {
    const url = new URL(request.url);
    let host = url.host;
    let path = url.pathname;
    const prefixed = /^\/__host\/([^/]+)(\/.*)?$/.exec(path);
    if (prefixed) {
      host = decodeURIComponent(prefixed[1]);
      path = prefixed[2] ?? '/';
    }
    const inst = instance(host);
    try {
      if (path === '/__emulator' || path.startsWith('/__emulator/')) {
        return await handleControl(inst, request, path.slice('/__emulator/'.length));
      }
      if (path === '/jsonrpc') return await handleJsonRpc(inst, request);
      if (path === '/json/2' || path.startsWith('/json/2/')) return await handleJson2(inst, request, path);
      if ((path === '/web/version' || path === '/json/version') && inst.config.version === '19.0') {
        // addons/rpc/controllers/__init__.py (19.0)
        return jsonResponse({ version_info: [19, 0, 0, 'final', 0, ''], version: '19.0' });
      }
      return notFoundPage();
    } catch (e) {
      return new Response(`odoo-emulator internal error (not an Odoo response): ${e?.stack ?? e}\n`, {
        status: 500, headers: { 'content-type': 'text/plain; charset=utf-8' },
      });
    }
  }

  return { fetch, instance, instances };
}

/**
 * Odoo as a source (the way back, src/outbound/flow.ts): the callbacks of the automation rules the
 * router provisions in the tenant's Odoo 17+ (src/odoo/source/provisioning.ts), at
 * `POST /webhooks/{tenant}/{source}?token=<secret>`. The poller (src/odoo/source/poller.ts) feeds
 * the same entities without this route.
 *
 * Verification: Odoo's webhook action sends no signature, no secret header, nothing but the URL it
 * was given (ir_actions.py `_run_action_webhook`), so the source's secrets are URL tokens: the
 * `token` query parameter must equal one of the active secrets (constant time; any active secret
 * verifies, so rotating = add the new secret, re-provision, drop the old one).
 *
 * Normalization (src/odoo/source/callback.ts): the model and action must be those provisioning
 * recorded in the source's options; the record is mapped to its flow's entity; the event is a hint
 * held `settleMs` (Odoo 17/18 call before their transaction commits) before the flow reads Odoo.
 */
import { normalizeCallback } from "../odoo/source/callback";
import { ODOO_PROVIDER, odooSourceOptionsSchema, settleMsOf, type OdooSourceOptions } from "../odoo/source/options";
import type { Provider } from "./provider";
import { queryParam, tokenMatches } from "./schemes/url-token";

export const odoo: Provider<OdooSourceOptions> = {
  id: ODOO_PROVIDER,
  optionsSchema: odooSourceOptionsSchema,
  // Odoo's changes are not inbound kinds: they go out through the outbound flows.
  topics: {},

  async verify(delivery, source) {
    const presented = queryParam(delivery.url, "token");
    if (!presented) return { ok: false, reason: "missing ?token= in the callback URL (provisioned rules carry one)" };
    if (!(await tokenMatches(presented, source.secrets))) return { ok: false, reason: "?token= does not match any active secret of the source" };
    return { ok: true };
  },

  normalize(delivery, source) {
    return normalizeCallback(delivery.body, source.options, delivery.receivedAt);
  },

  // Written by POST .../odoo/automations (and the poller): kept when a PUT of the source omits them.
  recordedOptions: ["rules", "odooVersion"],

  settleMs(source) {
    return settleMsOf(source.options);
  },
};
